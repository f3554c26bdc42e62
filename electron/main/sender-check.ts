import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the app's own page is loaded from: the built index.html, or in development the Vite dev server. */
export interface AppLocation {
  /** The dev server's URL (`electron-vite dev`); never set in a packaged app. */
  rendererUrl?: string;
  /** Absolute path of the built renderer's index.html. */
  rendererFile: string;
}

/** The parts of an IPC sender frame the check needs (Electron's WebFrameMain has both). */
export interface SenderFrame {
  url: string;
  isMainFrame: boolean;
}

/**
 * Where main loads the page from. The dev server URL that electron-vite passes in ELECTRON_RENDERER_URL is honoured
 * only in unpackaged runs, so an environment variable can never point an installed app at another page.
 * `mainDir` is the folder of the built main bundle (out/main), beside out/renderer.
 */
export function resolveAppLocation(options: { isPackaged: boolean; rendererUrl: string | undefined; mainDir: string }): AppLocation {
  const rendererFile = path.join(options.mainDir, '../renderer/index.html');
  const rendererUrl = options.isPackaged ? undefined : options.rendererUrl?.trim();
  return rendererUrl ? { rendererUrl, rendererFile } : { rendererFile };
}

/**
 * Whether a URL is the app's own page: in production the built index.html exactly (hash and query ignored, since the
 * router may use them); in development any URL on the dev server's origin. When a dev server is configured the file
 * is not the app, and vice versa, so a page that got loaded by mistake never gains the app's rights.
 */
export function isAppUrl(raw: string, app: AppLocation): boolean {
  const url = parseUrl(raw);
  if (!url) return false;
  if (app.rendererUrl !== undefined) return isOnDevServer(url, app.rendererUrl);
  if (url.protocol !== 'file:') return false;
  url.hash = '';
  url.search = '';
  return url.href === pathToFileURL(app.rendererFile).href;
}

/**
 * Whether an IPC message comes from the app's own page. Checking the sender frame, not just the window, is Electron
 * security checklist 17: subframes, pages the window was navigated to, devtools and about:blank are all refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, app: AppLocation): boolean {
  if (!frame || !frame.isMainFrame || typeof frame.url !== 'string') return false;
  return isAppUrl(frame.url, app);
}

function isOnDevServer(url: URL, rendererUrl: string): boolean {
  const server = parseUrl(rendererUrl);
  // Only a real web origin can be compared: file:, about: and data: URLs all share the opaque origin "null".
  if (!server || (server.protocol !== 'http:' && server.protocol !== 'https:')) return false;
  return url.origin === server.origin;
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}
