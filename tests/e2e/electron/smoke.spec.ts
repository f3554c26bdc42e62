import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { RecurApi } from '../../../src/shared/api';
import { channelNames } from '../../../src/shared/channels';
import { repositoryRoot, requireElectronExecutable } from './electron-binary';

const packageVersion: unknown = JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')).version;

let app: ElectronApplication;
let page: Page;
let dataDir: string;

/** Variables that would turn the app into something else: a dev-server client, or plain Node. */
const overriddenVariables = new Set(['ELECTRON_RENDERER_URL', 'ELECTRON_RUN_AS_NODE']);

/** The parent's environment for the app, with its own data folder. */
function appEnvironment(): Record<string, string> {
  const inherited = Object.entries(process.env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && !overriddenVariables.has(entry[0]),
  );
  return { ...Object.fromEntries(inherited), RECUR_DATA_DIR: dataDir };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recur-electron-'));
  app = await electron.launch({
    executablePath: requireElectronExecutable(),
    // The repository folder, not out/main/index.js: Electron then reads package.json (whose main is
    // out/main/index.js), so the app runs with its own name and version, as `electron-vite preview` runs it.
    args: ['.'],
    cwd: repositoryRoot,
    env: appEnvironment(),
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('opens one window titled Recur', async () => {
  await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
  expect(title).toMatch(/Recur/);
});

test('exposes window.api with a function for every channel, and on', async () => {
  const shape = await page.evaluate((names) => {
    const api: unknown = Reflect.get(window, 'api');
    if (typeof api !== 'object' || api === null) return { exists: false, notFunctions: names };
    const notFunctions = [...names, 'on'].filter((name) => typeof Reflect.get(api, name) !== 'function');
    return { exists: true, notFunctions };
  }, [...channelNames]);
  expect(shape).toEqual({ exists: true, notFunctions: [] });
});

test('gives the page no Node.js', async () => {
  const globals = await page.evaluate(() => ({
    require: typeof Reflect.get(window, 'require'),
    process: typeof Reflect.get(window, 'process'),
    module: typeof Reflect.get(window, 'module'),
    ipcRenderer: typeof Reflect.get(window, 'ipcRenderer'),
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined' });
});

test('runs the page isolated and sandboxed', async () => {
  // getLastWebPreferences is what the renderer actually got, after Electron applied its own rules; it is public on
  // WebContents at runtime but missing from electron.d.ts, hence the reflective call.
  const preferences = await app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]?.webContents;
    const read: unknown = contents && Reflect.get(contents, 'getLastWebPreferences');
    if (typeof read !== 'function') return 'webContents.getLastWebPreferences is not available';
    const last: unknown = Reflect.apply(read, contents, []);
    if (typeof last !== 'object' || last === null) return 'no web preferences';
    return {
      contextIsolation: Reflect.get(last, 'contextIsolation'),
      sandbox: Reflect.get(last, 'sandbox'),
      nodeIntegration: Reflect.get(last, 'nodeIntegration'),
    };
  });
  expect(preferences).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
});

test('answers app:info over IPC from the app page, with the data folder it was given', async () => {
  const result = await page.evaluate(() => {
    const api: RecurApi = Reflect.get(window, 'api');
    return api['app:info'](undefined);
  });
  expect(result.ok).toBe(true);
  if (result.ok) {
    expect(result.value.name).toBe('Recur');
    expect(result.value.version).toBe(packageVersion);
    expect(result.value.dataDir).toBe(path.resolve(dataDir));
  }
});

test('refuses unknown events in window.api.on', async () => {
  const message = await page.evaluate(() => {
    const on: unknown = Reflect.get(Reflect.get(window, 'api'), 'on');
    try {
      if (typeof on === 'function') Reflect.apply(on, undefined, ['not:an-event', () => undefined]);
      return 'accepted';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  });
  expect(message).toContain('not:an-event');
});

test('opens no new window for a page that tries', async () => {
  const opened = await page.evaluate(() => window.open('file:///etc/hosts') === null);
  expect(opened).toBe(true);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});
