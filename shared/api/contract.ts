/** The contract lives in shared/api/contract/ (one file per domain); this path stays for its importers. */
export * from './contract/index.ts';
