import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { productionContentSecurityPolicy } from '../../electron/main/content-security-policy';
import { registerIpc } from '../../electron/main/ipc';
import { hardenSession, hardenWebContents } from '../../electron/main/security';
import { type AppLocation, isAppUrl } from '../../electron/main/sender-check';
import { createMainWindow } from '../../electron/main/window';
import { channelNames, eventNames } from '../../src/shared/channels';
import { createMemoryLogger } from '../support/memory-logger';
import { makeTempDir } from '../support/temp-dir';

/**
 * The Electron shell's security settings, asserted by running the code that creates the window, hardens its
 * webContents and session, registers IPC and builds the preload's bridge, against a recording stand-in for the
 * `electron` module (the binary cannot run here). tests/unit/electron checks the pure pieces (the preferences object,
 * the CSP strings, the URL allowlist, the sender check); this suite checks that the shell actually uses them.
 */

interface Recorded {
  windows: { options: Record<string, unknown>; loaded: { kind: 'file' | 'url'; target: string }[] }[];
  opened: string[];
  handles: Map<string, (event: unknown, input: unknown) => unknown>;
  removed: string[];
  exposed: Map<string, unknown>;
  rendererListeners: Map<string, (...args: unknown[]) => void>;
  invoked: { channel: string; input: unknown }[];
}

const recorded = vi.hoisted<Recorded>(() => ({
  windows: [],
  opened: [],
  handles: new Map(),
  removed: [],
  exposed: new Map(),
  rendererListeners: new Map(),
  invoked: [],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    private readonly record: Recorded['windows'][number];
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] };
      recorded.windows.push(this.record);
    }
    once(): void {}
    on(): void {}
    maximize(): void {}
    show(): void {}
    isDestroyed(): boolean {
      return false;
    }
    isMaximized(): boolean {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1280, height: 820 };
    }
    loadFile(target: string): Promise<void> {
      this.record.loaded.push({ kind: 'file', target });
      return Promise.resolve();
    }
    loadURL(target: string): Promise<void> {
      this.record.loaded.push({ kind: 'url', target });
      return Promise.resolve();
    }
  }
  const workArea = { x: 0, y: 0, width: 1920, height: 1080 };
  return {
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    screen: { getPrimaryDisplay: () => ({ id: 1, workArea }), getAllDisplays: () => [{ id: 1, workArea }] },
    shell: { openExternal: (url: string) => (recorded.opened.push(url), Promise.resolve()) },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, input: unknown) => unknown) => recorded.handles.set(channel, handler),
      removeHandler: (channel: string) => {
        recorded.removed.push(channel);
        recorded.handles.delete(channel);
      },
      removeAllListeners: (channel: string) => recorded.removed.push(channel),
    },
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => recorded.exposed.set(key, value) },
    ipcRenderer: {
      invoke: (channel: string, input: unknown) => (recorded.invoked.push({ channel, input }), Promise.resolve({ ok: true, value: null })),
      on: (event: string, listener: (...args: unknown[]) => void) => recorded.rendererListeners.set(event, listener),
      removeListener: (event: string) => recorded.rendererListeners.delete(event),
    },
  };
});

const builtPage = path.resolve('/opt/Recur/resources/app/out/renderer/index.html');
const app: AppLocation = { rendererFile: builtPage };
const appUrl = pathToFileURL(builtPage).href;

beforeEach(() => {
  recorded.windows.length = 0;
  recorded.opened.length = 0;
  recorded.invoked.length = 0;
});

describe('the window as createMainWindow creates it', () => {
  it('is isolated, sandboxed, without Node, with web security on, and loads only the built page', () => {
    const temp = makeTempDir('recur-window-');
    try {
      createMainWindow({ dataDir: temp.dir, appLocation: app, preloadPath: '/opt/Recur/out/preload/index.js', logger: createMemoryLogger() });
    } finally {
      temp.remove();
    }
    expect(recorded.windows).toHaveLength(1);
    const [window] = recorded.windows;
    expect(window?.options.webPreferences).toMatchObject({
      preload: '/opt/Recur/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    // Nothing that would weaken it slips in beside the checklist items.
    const preferences = window?.options.webPreferences as Record<string, unknown>;
    for (const risky of ['experimentalFeatures', 'enableBlinkFeatures', 'additionalArguments', 'partition', 'session', 'devTools']) expect(preferences).not.toHaveProperty(risky);
    expect(window?.loaded).toEqual([{ kind: 'file', target: builtPage }]);
  });
});

describe('navigation, new windows and external links, as hardenWebContents wires them', () => {
  type Listener = (event: { url: string; isMainFrame?: boolean; preventDefault(): void }) => void;
  function fakeContents() {
    const listeners = new Map<string, Listener>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, listener: Listener) => listeners.set(name, listener),
      setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
    };
    hardenWebContents(contents as never, (url) => isAppUrl(url, app));
    const fire = (name: string, url: string, isMainFrame = true): boolean => {
      let prevented = false;
      const listener = listeners.get(name);
      if (!listener) throw new Error(`no ${name} guard`);
      listener({ url, isMainFrame, preventDefault: () => (prevented = true) });
      return prevented;
    };
    return { fire, open: (url: string) => openHandler?.({ url }) };
  }

  const hostile = ['https://evil.example/phish', 'http://192.168.0.1/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'smb://attacker/share', 'about:blank', `${appUrl}/../../../../etc/passwd`];

  it('refuses every navigation away from the app page, and hands only web pages to the browser', () => {
    const { fire } = fakeContents();
    for (const url of hostile) expect(fire('will-navigate', url), url).toBe(true);
    expect(recorded.opened).toEqual(['https://evil.example/phish', 'http://192.168.0.1/']);
    expect(fire('will-navigate', `${appUrl}#/reports`)).toBe(false);
  });

  it('refuses redirects away from the app, subframe navigations and webviews', () => {
    const { fire } = fakeContents();
    for (const url of hostile) expect(fire('will-redirect', url), url).toBe(true);
    expect(fire('will-frame-navigate', appUrl, false)).toBe(true);
    expect(fire('will-attach-webview', 'https://evil.example')).toBe(true);
    expect(recorded.opened).toEqual([]);
  });

  it('denies window.open for every URL, the app’s own included, opening only safe web pages outside', () => {
    const { open } = fakeContents();
    for (const url of [...hostile, appUrl, 'https://docs.stripe.com/keys']) expect(open(url), url).toEqual({ action: 'deny' });
    expect(recorded.opened).toEqual(['https://evil.example/phish', 'http://192.168.0.1/', 'https://docs.stripe.com/keys']);
  });
});

describe('the session, as hardenSession sets it up', () => {
  function fakeSession() {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (handler: never) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: never) => (handlers.check = handler),
      setDevicePermissionHandler: (handler: never) => (handlers.device = handler),
      webRequest: { onHeadersReceived: (handler: never) => (handlers.headers = handler) },
    };
    hardenSession(session as never, productionContentSecurityPolicy);
    return handlers as Record<string, (...args: unknown[]) => unknown>;
  }

  it('refuses every permission request and check', () => {
    const handlers = fakeSession();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'hid', 'serial', 'usb']) {
      let granted: unknown;
      handlers.request?.(undefined, permission, (answer: unknown) => (granted = answer));
      expect(granted, permission).toBe(false);
      expect(handlers.check?.(undefined, permission), permission).toBe(false);
    }
    expect(handlers.device?.({ deviceType: 'usb' })).toBe(false);
  });

  it('replaces any Content-Security-Policy a response brings with the strict one (no eval, no remote script)', () => {
    const handlers = fakeSession();
    let answered: { responseHeaders: Record<string, string[]> } | undefined;
    handlers.headers?.({ responseHeaders: { 'content-security-policy': ["script-src * 'unsafe-eval'"], 'Content-Type': ['text/html'] } }, (answer: typeof answered) => (answered = answer));
    expect(answered?.responseHeaders).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [productionContentSecurityPolicy] });
    const scriptSources = /script-src ([^;]*)/.exec(productionContentSecurityPolicy)?.[1]?.trim().split(/\s+/);
    expect(scriptSources).toEqual(["'self'"]);
    expect(productionContentSecurityPolicy).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-inline|\*|https?:|blob:/);
  });
});

describe('what the composition root wires (electron/main/index.ts and the build config)', () => {
  const read = (file: string): string => fs.readFileSync(path.resolve(__dirname, '../..', file), 'utf8');

  it('sandboxes every renderer before ready, and hardens every webContents and the session with the production CSP', () => {
    const index = read('electron/main/index.ts');
    // app.enableSandbox() at top level (not inside a function that might not run).
    expect(index).toMatch(/^app\.enableSandbox\(\);$/m);
    expect(index).toMatch(/app\.on\('web-contents-created',[^]*?hardenWebContents\(contents,/);
    expect(index).toMatch(/hardenSession\(\s*session\.defaultSession,\s*appLocation\.rendererUrl === undefined\s*\?\s*productionContentSecurityPolicy/);
    expect(index).toMatch(/registerIpc\(core, appLocation, logger\)/);
  });

  it('puts the production CSP in the built page, whose template has no inline or remote script', () => {
    expect(read('electron.vite.config.ts')).toMatch(/'http-equiv': 'Content-Security-Policy', content: productionContentSecurityPolicy/);
    const template = read('src/renderer/index.html');
    const scripts = [...template.matchAll(/<script\b([^>]*)>([^]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', body = ''] of scripts) {
      expect(body.trim()).toBe('');
      expect(attributes).toMatch(/src="\.\//);
    }
  });
});

describe('IPC as registerIpc sets it up', () => {
  it('handles exactly the contract’s channels, closes electron-log’s, and refuses every frame but the app’s own page', async () => {
    const dispatched: { channel: unknown; input: unknown }[] = [];
    const core = { dispatch: async (channel: unknown, input: unknown) => (dispatched.push({ channel, input }), { ok: true as const, value: 'answered' }) };
    const logger = createMemoryLogger();
    const remove = registerIpc(core, app, logger);
    try {
      expect([...recorded.handles.keys()].sort()).toEqual([...channelNames].sort());
      expect(recorded.removed).toContain('__ELECTRON_LOG__');
      const mainFrame = { url: appUrl };
      const event = (senderFrame: { url: string } | null, isMain = true) => ({ senderFrame, sender: { mainFrame: isMain ? senderFrame : { url: appUrl } } });
      const untrusted = [event({ url: 'https://evil.example/' }), event({ url: 'file:///tmp/evil.html' }), event({ url: appUrl }, false), event(null), event({ url: 'devtools://devtools/bundled/inspector.html' })];
      for (const channel of channelNames) {
        const handler = recorded.handles.get(channel);
        for (const sender of untrusted) await expect(handler?.(sender, { accountId: 'acc_12345678' })).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
        await expect(handler?.(event(mainFrame), 'input')).resolves.toEqual({ ok: true, value: 'answered' });
      }
      expect(dispatched).toEqual(channelNames.map((channel) => ({ channel, input: 'input' })));
      expect(logger.entries.filter((entry) => entry.message.includes('refused'))).toHaveLength(channelNames.length * untrusted.length);
    } finally {
      remove();
    }
    expect(recorded.handles.size).toBe(0);
  });
});

describe('the preload’s window.api', () => {
  it('exposes one function per channel plus on(), never ipcRenderer, and hands listeners the payload only', async () => {
    await import('../../electron/preload/index');
    const api = recorded.exposed.get('api') as Record<string, unknown>;
    expect([...recorded.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual([...channelNames, 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipcRenderer|invoke|send/);

    await (api['settings:get'] as (input: unknown) => Promise<unknown>)(undefined);
    expect(recorded.invoked).toEqual([{ channel: 'settings:get', input: undefined }]);

    const on = api.on as (event: string, listener: (...args: unknown[]) => void) => () => void;
    expect(() => on('sync:progress; rm -rf /', () => undefined)).toThrow(/no event named/);
    expect(() => on('__proto__', () => undefined)).toThrow(/no event named/);
    const received: unknown[][] = [];
    const stop = on(eventNames[0], (...args) => received.push(args));
    recorded.rendererListeners.get(eventNames[0])?.({ sender: { send: 'the raw ipcRenderer' } }, { scopes: ['data'] });
    expect(received).toEqual([[{ scopes: ['data'] }]]);
    stop();
    expect(recorded.rendererListeners.has(eventNames[0])).toBe(false);
  });
});
