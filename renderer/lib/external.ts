import { isVettedExternalUrl } from '../../shared/external-links.ts';

/**
 * Opens one of the vetted external pages (a customer's address on the map site) outside the
 * app. The renderer only asks, with window.open: in the desktop app the shell's window-open
 * handler checks the URL again and hands it to the OS's browser (no window opens inside the
 * app); in the web host the browser opens it in a new tab, without a reference back to the till.
 * Anything that is not vetted is not even asked for. Returns whether it was asked.
 */
export function openExternal(url: string): boolean {
  if (!isVettedExternalUrl(url)) return false;
  window.open(url, '_blank', 'noopener,noreferrer');
  return true;
}
