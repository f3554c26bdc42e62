import type { Shell } from 'electron';

/** Longer than any link Recur shows; a longer one is more likely an attack on the handler than a real page. */
const maxUrlLength = 2_048;

const webProtocols: ReadonlySet<string> = new Set(['https:', 'http:']);

/**
 * Whether a URL may be handed to the operating system to open. `shell.openExternal` launches whatever handles the
 * scheme, so anything but a plain web page (file:, custom app schemes, javascript:…) could run code or open local
 * files (Electron security checklist 15). Credentials in a URL are a phishing trick, so those are refused too.
 */
export function isSafeExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxUrlLength) return false;
  // `new URL` forgives surrounding whitespace; a link that needs forgiving is not one we open.
  if (raw.trim() !== raw) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (!webProtocols.has(url.protocol)) return false;
  if (url.username !== '' || url.password !== '') return false;
  return url.hostname !== '';
}

/** Opens a safe URL in the user's browser; answers whether it did. */
export function openExternalSafely(shell: Pick<Shell, 'openExternal'>, url: unknown): boolean {
  if (typeof url !== 'string' || !isSafeExternalUrl(url)) return false;
  // Failures (no browser configured) are the OS's to report; the page gets no answer either way.
  shell.openExternal(url).catch(() => undefined);
  return true;
}
