// PouchDB ships no types; the benchmarks use a few calls of it as the peer to measure against.
// biome-ignore-all lint/suspicious/noExplicitAny: untyped CommonJS packages, used by one benchmark
declare module 'pouchdb' {
  const PouchDB: any;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: any;
  export default plugin;
}
declare module 'express-pouchdb' {
  const expressPouchdb: any;
  export default expressPouchdb;
}
