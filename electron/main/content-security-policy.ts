/**
 * The renderer's Content Security Policy (Electron security checklist 7). The built page carries the production policy
 * in a <meta> tag (electron.vite.config.ts), because responses loaded from file:// have no headers to attach it to;
 * main also sends the matching policy as a response header for http(s) loads (the Vite dev server).
 */

type Directives = Record<string, readonly string[]>;

/** Everything the built renderer needs: its own scripts, styles, fonts and images, plus data: images from charts. */
const productionDirectives: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'worker-src': ["'none'"],
  'media-src': ["'none'"],
};

function serialize(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export const productionContentSecurityPolicy: string = serialize(productionDirectives);

/**
 * The policy for `electron-vite dev`, where the page comes from the Vite dev server. On top of production it allows:
 * - the dev server's origin for scripts, styles, images, fonts and fetches, and its websocket for hot reload;
 * - inline styles, because Vite injects CSS as <style> elements in dev;
 * - inline scripts, because @vitejs/plugin-react injects its React Refresh preamble as an inline module script, and
 *   without it every component module throws "can't detect preamble".
 * None of this reaches a built app: main picks this policy only when it loads ELECTRON_RENDERER_URL, which it
 * ignores in packaged builds.
 */
export function developmentContentSecurityPolicy(rendererUrl: string): string {
  const server = new URL(rendererUrl);
  const socketProtocol = server.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = `${socketProtocol}//${server.host}`;
  const origin = server.origin;
  const withOrigin = (name: string, ...extra: string[]): readonly string[] => [
    ...(productionDirectives[name] ?? []),
    origin,
    ...extra,
  ];
  return serialize({
    ...productionDirectives,
    'script-src': withOrigin('script-src', "'unsafe-inline'"),
    'style-src': withOrigin('style-src', "'unsafe-inline'"),
    'img-src': withOrigin('img-src'),
    'font-src': withOrigin('font-src'),
    'connect-src': withOrigin('connect-src', socket),
  });
}
