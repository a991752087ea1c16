/** A barcode scanner types fast (a few ms per key) then Enter. */
export const WEDGE_MAX_GAP_MS = 35;
export const WEDGE_MIN_LEN = 4;

/**
 * Collects the printable keys of a keyboard wedge (scanner) typed where no text field has the
 * focus; `enter()` answers the code when the keys came fast enough to be a scan.
 */
export function wedgeBuffer() {
  let buffer = '';
  let last = 0;
  return {
    key(ch: string, now = performance.now()) {
      buffer = now - last > WEDGE_MAX_GAP_MS * 3 ? ch : buffer + ch;
      last = now;
    },
    /** The scanned code if Enter ends a scan (and forgets it), else null. */
    enter(now = performance.now()): string | null {
      const code = buffer;
      const fresh = now - last <= WEDGE_MAX_GAP_MS * 3;
      buffer = '';
      return fresh && code.length >= WEDGE_MIN_LEN ? code : null;
    },
    reset() {
      buffer = '';
    },
  };
}
