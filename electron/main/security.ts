import { shell, type Session, type WebContents } from 'electron';
import { openExternalSafely } from './external-links';

/**
 * Session-wide guards, applied once to the default session before any page loads.
 * - Checklist 5: Recur's page needs no camera, notifications, geolocation, USB, HID or serial port, so every
 *   permission request and check is refused.
 * - Checklist 7: the Content Security Policy travels as a response header for http(s) loads (the dev server); the
 *   built page served from file:// carries the same policy in a <meta> tag, because file responses have no headers.
 */
export function hardenSession(session: Session, contentSecurityPolicy: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, contentSecurityPolicy) });
  });
}

/**
 * Guards for every webContents the app creates (hooked on `web-contents-created`, so nothing slips through).
 * - Checklist 13: the page may only navigate within the app; a link to the web opens in the user's browser instead.
 * - Checklist 14: no new windows, ever; http(s) links that pass the allowlist go to the browser (checklist 15).
 * - Checklist 12: <webview> is disabled in webPreferences and refused here too.
 */
export function hardenWebContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    // A plain <a href> click lands here rather than in the window-open handler; opening it outside keeps the link
    // working without letting the page replace the app.
    openExternalSafely(shell, event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    // The app has no frames (frame-src 'none'); a subframe navigating means something was injected.
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(shell, url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The response's headers with any Content-Security-Policy it carried replaced by ours. */
function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  contentSecurityPolicy: string,
): Record<string, string[]> {
  const kept = Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy');
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [contentSecurityPolicy] };
}
