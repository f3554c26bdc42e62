import type { MenuItemConstructorOptions } from 'electron';
import { pageIds, type PageId } from '../../src/shared/contract';

/** What the menu can ask for. Main implements these; the page-facing ones become `menu:command` events. */
export interface MenuCommands {
  syncNow(): void;
  navigate(page: PageId): void;
  openDataFolder(): void;
  openLogFile(): void;
  openDocs?(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Adds Reload and Toggle Developer Tools, which a packaged app does not offer. */
  isDevelopment: boolean;
  commands: MenuCommands;
}

type Item = MenuItemConstructorOptions;

const pageLabels: Record<PageId, string> = {
  overview: 'Overview',
  customers: 'Customers',
  cohorts: 'Cohorts',
  insights: 'Insights',
  sync: 'Sync',
  reports: 'Reports',
  settings: 'Settings',
};

const separator: Item = { type: 'separator' };

/**
 * The application menu as data: a pure function of the platform and the callbacks, so every platform's menu is tested
 * in Node (the approach of Signal Desktop's menu.std.ts).
 */
export function buildMenuTemplate(options: MenuOptions): Item[] {
  const isMac = options.platform === 'darwin';
  return [
    ...(isMac ? [appMenu(options)] : []),
    fileMenu(options),
    editMenu(),
    viewMenu(options),
    windowMenu(isMac),
    helpMenu(options),
  ];
}

function appMenu({ appName, commands }: MenuOptions): Item {
  return {
    label: appName,
    submenu: [
      { role: 'about' },
      separator,
      { id: 'settings', label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => commands.navigate('settings') },
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };
}

function fileMenu({ platform, commands }: MenuOptions): Item {
  // On macOS, Settings and Quit live in the app menu; elsewhere File is where people look for them.
  const nonMacEnd: Item[] = [
    separator,
    { id: 'settings', label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => commands.navigate('settings') },
    separator,
    { role: 'quit' },
  ];
  return {
    label: 'File',
    submenu: [
      // CmdOrCtrl+R means "refresh" to people; in Recur refreshing is syncing with Stripe, not reloading the page.
      { id: 'sync-now', label: 'Sync Now', accelerator: 'CmdOrCtrl+R', click: () => commands.syncNow() },
      separator,
      { id: 'export-reports', label: 'Export Reports…', click: () => commands.navigate('reports') },
      { id: 'open-data-folder', label: 'Open Data Folder', click: () => commands.openDataFolder() },
      ...(platform === 'darwin' ? [] : nonMacEnd),
    ],
  };
}

function editMenu(): Item {
  // Without these roles, copy and paste shortcuts do nothing on macOS, even in text fields.
  return {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
}

function viewMenu({ isDevelopment, commands }: MenuOptions): Item {
  const pages: Item[] = pageIds.map((page, index) => ({
    id: `navigate-${page}`,
    label: pageLabels[page],
    accelerator: `CmdOrCtrl+${index + 1}`,
    click: () => commands.navigate(page),
  }));
  // Reload moves off CmdOrCtrl+R, which is Sync Now. Neither item ships: a user has no use for DevTools, and a
  // page that can be opened to inspection is one more way in.
  const developer: Item[] = isDevelopment
    ? [separator, { role: 'reload', accelerator: 'CmdOrCtrl+Shift+R' }, { role: 'toggleDevTools' }]
    : [];
  return {
    label: 'View',
    submenu: [
      ...pages,
      ...developer,
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
}

function windowMenu(isMac: boolean): Item {
  // `role: 'window'` is what makes macOS list the open windows here; other platforms have no such menu role.
  return isMac
    ? { label: 'Window', role: 'window', submenu: [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] }
    : { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] };
}

function helpMenu({ platform, commands }: MenuOptions): Item {
  const { openDocs } = commands;
  const docs: Item[] = openDocs
    ? [{ id: 'restricted-keys-docs', label: 'Learn About Restricted Keys', click: () => openDocs() }]
    : [];
  return {
    label: 'Help',
    ...(platform === 'darwin' ? { role: 'help' as const } : {}),
    submenu: [{ id: 'open-log-file', label: 'Open Log File', click: () => commands.openLogFile() }, ...docs],
  };
}
