import { BrowserWindow, nativeTheme, screen } from 'electron';
import { type Logger } from '../../src/core/ports';
import { type AppLocation } from './sender-check';
import { mainWindowWebPreferences } from './web-preferences';
import { loadWindowState, restoreBounds, saveWindowState, type Area } from './window-state';

export interface MainWindowOptions {
  dataDir: string;
  appLocation: AppLocation;
  preloadPath: string;
  logger: Logger;
}

const defaultSize = { width: 1280, height: 820 };
const minimumSize = { width: 960, height: 640 };
/**
 * Painted before the page loads, so the window does not flash white in dark mode (or dark in light mode). They are
 * the page's own --bg colours (src/renderer/styles/app.css), so it does not flash another shade either.
 */
const backgroundColors = { dark: '#111114', light: '#f7f7f9' };
const saveDelayMs = 500;

/** Creates the one app window where the user left it, shows it once the page has painted, and loads the app. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const bounds = restoreBounds(loadWindowState(options.dataDir), displayWorkAreas(), defaultSize);
  const window = new BrowserWindow({
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: minimumSize.width,
    minHeight: minimumSize.height,
    show: false,
    title: 'Recur',
    backgroundColor: nativeTheme.shouldUseDarkColors ? backgroundColors.dark : backgroundColors.light,
    webPreferences: mainWindowWebPreferences(options.preloadPath),
  });
  window.once('ready-to-show', () => {
    // Maximizing a hidden window shows it early on Windows and Linux, so it waits until the page is ready.
    if (bounds.isMaximized) window.maximize();
    window.show();
  });
  rememberBounds(window, options);
  loadApp(window, options.appLocation).catch((error: unknown) => {
    options.logger.error('The app page failed to load', { error });
  });
  return window;
}

/** The dev server when electron-vite runs one (never in a packaged app, see resolveAppLocation), else the built page. */
function loadApp(window: BrowserWindow, location: AppLocation): Promise<void> {
  if (location.rendererUrl !== undefined) return window.loadURL(location.rendererUrl);
  return window.loadFile(location.rendererFile);
}

/** Work areas with the primary display first, as restoreBounds expects. */
function displayWorkAreas(): Area[] {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  return [primary, ...others].map((display) => display.workArea);
}

/** Saves the window's normal bounds a moment after it stops moving, and at once when it closes. */
function rememberBounds(window: BrowserWindow, { dataDir, logger }: MainWindowOptions): void {
  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (window.isDestroyed()) return;
    try {
      // Normal bounds, not current ones: a maximized window comes back maximized, and un-maximizes to its old size.
      saveWindowState(dataDir, { ...window.getNormalBounds(), isMaximized: window.isMaximized() });
    } catch (error) {
      logger.warn('Could not save the window position', { error });
    }
  };
  const saveSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, saveDelayMs);
  };
  window.on('move', saveSoon);
  window.on('resize', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', save);
}
