import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, nativeTheme, session, shell } from 'electron';
import { currentSettings } from '../../src/core/api/settings-handlers';
import { createCore, type Core, type CoreOptions } from '../../src/core/core';
import { DatabaseFromNewerVersionError, DatabaseUnreadableError } from '../../src/core/db/errors';
import { setDatabaseAside } from '../../src/core/db/set-aside';
import { redactSecrets } from '../../src/core/log/redact';
import { createDemoStripe } from '../../src/sim/demo-stripe';
import { type Logger } from '../../src/core/ports';
import { developmentContentSecurityPolicy, productionContentSecurityPolicy } from './content-security-policy';
import { openExternalSafely } from './external-links';
import { createFileDialogs } from './file-dialogs';
import { registerIpc } from './ipc';
import { createElectronLogger, logFilePath } from './logging';
import { buildMenuTemplate } from './menu';
import { createWindowNotifier } from './notifier';
import { createElectronSecretStore } from './secret-store';
import { hardenSession, hardenWebContents } from './security';
import { isAppUrl, resolveAppLocation } from './sender-check';
import { createMainWindow } from './window';

/**
 * The composition root: wires Electron's lifecycle to the core and the adapters beside this file. Logic lives in
 * those modules (and in src/core); this file only decides what runs when.
 */

const restrictedKeysDocsUrl = 'https://docs.stripe.com/keys#limit-access';

// Checklist 4: every renderer is sandboxed, including any a library might create. Must run before `ready`.
app.enableSandbox();

const dataDir = resolveDataDir();
const appLocation = resolveAppLocation({
  isPackaged: app.isPackaged,
  rendererUrl: process.env.ELECTRON_RENDERER_URL,
  mainDir: __dirname,
});
const preloadPath = path.join(__dirname, '../preload/index.js');

let logger: Logger | undefined;
let mainWindow: BrowserWindow | undefined;
let core: Core | undefined;
let removeIpc: (() => void) | undefined;
/** The demo account's simulator; it only starts when the demo account is opened or synced. */
const demoStripe = createDemoStripe();

if (app.requestSingleInstanceLock()) {
  start();
} else {
  // Another Recur owns this data folder; it has been told (second-instance) and will come to the front.
  app.quit();
}

/**
 * RECUR_DATA_DIR moves everything, Chromium's profile included: tests and a second profile get their own folder, and
 * since the single-instance lock is per userData folder, a test run does not collide with the user's running Recur.
 */
function resolveDataDir(): string {
  const override = process.env.RECUR_DATA_DIR?.trim();
  if (!override) return app.getPath('userData');
  const resolved = path.resolve(override);
  app.setPath('userData', resolved);
  return resolved;
}

function start(): void {
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (url) => isAppUrl(url, appLocation));
  });
  app.on('second-instance', () => showMainWindow());
  app.on('activate', () => {
    // macOS keeps the app running with no window; clicking the dock icon brings one back.
    if (core && BrowserWindow.getAllWindows().length === 0) showMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    removeIpc?.();
    core?.close();
    void demoStripe.stop();
  });
  app.whenReady().then(onReady).catch(failToStart);
}

async function onReady(): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true });
  logger = createElectronLogger(dataDir);
  logger.info('Recur starting', { version: app.getVersion(), dataDir, development: appLocation.rendererUrl !== undefined });
  hardenSession(
    session.defaultSession,
    appLocation.rendererUrl === undefined
      ? productionContentSecurityPolicy
      : developmentContentSecurityPolicy(appLocation.rendererUrl),
  );
  const windowNotifier = createWindowNotifier(() => mainWindow);
  core = await openCore({
    dataDir,
    secrets: createElectronSecretStore(dataDir),
    logger,
    notifier: {
      emit(event, payload) {
        windowNotifier.emit(event, payload);
        if (event === 'data:changed') followAppearanceSetting();
      },
    },
    demoStripe,
    fileDialogs: createFileDialogs(() => mainWindow),
    syncOnConnect: true,
    // For development against `npm run sim`; unset, Stripe accounts talk to api.stripe.com.
    stripeApiBase: async () => process.env.RECUR_STRIPE_API_BASE?.trim() || undefined,
    appVersion: app.getVersion(),
  });
  if (!core) {
    app.quit();
    return;
  }
  followAppearanceSetting();
  removeIpc = registerIpc(core, appLocation, logger);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(core)));
  showMainWindow();
  // Background sync on launch (full when due), the relays that are on, and polling from then on.
  core.sync.start();
}

function menuTemplate(running: Core): ReturnType<typeof buildMenuTemplate> {
  const notifier = running.context.notifier;
  return buildMenuTemplate({
    platform: process.platform,
    appName: app.getName(),
    isDevelopment: !app.isPackaged,
    commands: {
      syncNow: () => {
        notifier.emit('menu:command', { command: 'sync-now' });
        void running.sync.syncNow({ trigger: 'manual' }).catch((error: unknown) => logger?.error('Sync Now failed to start', { error }));
      },
      navigate: (page) => notifier.emit('menu:command', { command: 'navigate', page }),
      openDataFolder: () => void shell.openPath(dataDir),
      openLogFile: () => void shell.openPath(logFilePath(dataDir)),
      openDocs: () => void openExternalSafely(shell, restrictedKeysDocsUrl),
    },
  });
}

/**
 * The Appearance setting drives Chromium's theme too, so the window frame, native menus and the page's
 * prefers-color-scheme all agree with what the user picked.
 */
function followAppearanceSetting(): void {
  if (core) nativeTheme.themeSource = currentSettings(core.context).appearance;
}

/** Brings the window to the front, creating it when there is none (first launch, or macOS after closing it). */
function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return;
  }
  if (!core || !logger) return; // Still starting: the window appears once the core is ready.
  const window = createMainWindow({ dataDir, appLocation, preloadPath, logger });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  // Polling is brisk while the window is in front and relaxed behind other windows (Stripe's read allocation).
  window.on('focus', () => core?.sync.setAppFocus(true));
  window.on('blur', () => core?.sync.setAppFocus(false));
  mainWindow = window;
}

/**
 * Creates the core, or explains why it cannot. The database is a cache of Stripe, so an unreadable file can be moved
 * aside and rebuilt by a full sync; a file from a newer Recur must be left alone for that version.
 * Answers undefined when the user chose to quit.
 */
async function openCore(options: CoreOptions): Promise<Core | undefined> {
  try {
    return createCore(options);
  } catch (error) {
    if (error instanceof DatabaseUnreadableError) {
      options.logger.error('The database is unreadable', { error });
      if (!(await askToRebuild(error.message))) return undefined;
      const movedTo = setDatabaseAside(error.filePath, new Date());
      options.logger.warn('Moved the unreadable database aside; starting a new one', { movedTo });
      return createCore(options);
    }
    if (error instanceof DatabaseFromNewerVersionError) {
      options.logger.error('The database comes from a newer Recur', { error });
      await dialog.showMessageBox({
        type: 'error',
        title: 'Recur',
        message: error.message,
        detail: 'Recur will quit. Install the newest version of Recur to open this data.',
        buttons: ['Quit'],
        defaultId: 0,
        noLink: true,
      });
      return undefined;
    }
    throw error;
  }
}

async function askToRebuild(message: string): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Recur',
    message,
    detail:
      'Recur keeps a copy of your Stripe data and can download it again. "Rebuild from Stripe" moves the ' +
      'unreadable file aside (nothing is deleted) and starts fresh: connect your Stripe account again and Recur ' +
      'downloads your data anew.',
    buttons: ['Rebuild from Stripe', 'Quit'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  return response === 0;
}

function failToStart(error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  logger?.error('Recur could not start', { error });
  dialog.showErrorBox('Recur could not start', redactSecrets(detail));
  app.exit(1);
}
