/**
 * The only web pages Comptoir opens outside itself: a customer's address on the map site, in
 * the operating system's browser. The renderer asks for them with window.open; the Electron
 * shell's window-open handler passes a URL to the OS only when `isVettedExternalUrl` accepts
 * it, and refuses everything else (the page never navigates, never opens a window of its own).
 */

/**
 * https only, these hosts and paths only, no credentials, non-default port or fragment, and
 * only the named query parameters (each once): a vetted page cannot be made to carry a
 * redirect or anything else than the search.
 */
const VETTED = [{ host: 'www.openstreetmap.org', path: '/search', params: ['query'] }] as const;

export function isVettedExternalUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port || u.hash) return false;
  const keys = [...u.searchParams.keys()];
  return VETTED.some(
    (v) =>
      u.host === v.host &&
      u.pathname === v.path &&
      keys.length === v.params.length &&
      v.params.every((k) => keys.includes(k)),
  );
}

export interface PostalAddress {
  address: string | null;
  postalCode: string | null;
  city: string | null;
}

/** The map-site search for a customer's address, or null without a street address. */
export function mapUrl(a: PostalAddress): string | null {
  const street = a.address?.trim();
  if (!street) return null;
  const query = [street, a.postalCode?.trim(), a.city?.trim()].filter(Boolean).join(', ');
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(query)}`;
}
