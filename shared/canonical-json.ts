/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, `undefined`
 * members dropped. Two equal values always give the same text, so a hash over it can be
 * recomputed by anyone (the till, head office, an auditor's script).
 */
// `"key":` texts, memoised: payload keys come from a small fixed vocabulary (bounded anyway)
const KEY_TEXT = new Map<string, string>();
function keyText(k: string): string {
  let t = KEY_TEXT.get(k);
  if (t === undefined) {
    t = `${JSON.stringify(k)}:`;
    if (KEY_TEXT.size < 10_000) KEY_TEXT.set(k, t);
  }
  return t;
}

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON: non-finite number');
      return String(value); // the same text as JSON.stringify for a finite number (-0 → "0")
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      // loops and += rather than filter/map/join: every journal entry goes through here
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const v: unknown = value[i];
          out += v === undefined ? 'null' : canonicalJson(v);
        }
        return `${out}]`;
      }
      // only plain objects: a Date, Map, Set or class instance would silently become {} (data lost)
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null)
        throw new TypeError(`canonical JSON: unsupported object ${proto?.constructor?.name ?? ''}`);
      const obj = value as Record<string, unknown>;
      let out = '{';
      for (const k of Object.keys(obj).sort()) {
        const v = obj[k];
        if (v === undefined) continue;
        if (out.length > 1) out += ',';
        out += keyText(k) + canonicalJson(v);
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON: unsupported ${typeof value}`);
  }
}
