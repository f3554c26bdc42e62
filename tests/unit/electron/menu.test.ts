import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuCommands } from '../../../electron/main/menu';
import { pageIds, type PageId } from '../../../src/shared/contract';

type Item = MenuItemConstructorOptions;

interface Calls {
  syncNow: number;
  navigate: PageId[];
  openDataFolder: number;
  openLogFile: number;
  openDocs: number;
}

function setUp(platform: NodeJS.Platform, isDevelopment = false) {
  const calls: Calls = { syncNow: 0, navigate: [], openDataFolder: 0, openLogFile: 0, openDocs: 0 };
  const commands: MenuCommands = {
    syncNow: () => void calls.syncNow++,
    navigate: (page) => void calls.navigate.push(page),
    openDataFolder: () => void calls.openDataFolder++,
    openLogFile: () => void calls.openLogFile++,
    openDocs: () => void calls.openDocs++,
  };
  const template = buildMenuTemplate({ platform, appName: 'Recur', isDevelopment, commands });
  return { template, calls, items: flatten(template) };
}

/** Every item at every depth. */
function flatten(items: readonly Item[]): Item[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function topLevel(template: readonly Item[], label: string): Item[] {
  const menu = template.find((item) => item.label === label);
  return Array.isArray(menu?.submenu) ? menu.submenu : [];
}

function byId(items: readonly Item[], id: string): Item {
  const item = items.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`No menu item ${id}`);
  return item;
}

/** Clicks an item. Recur's handlers ignore the arguments Electron passes, so none are given. */
function click(item: Item): void {
  if (!item.click) throw new Error(`Menu item ${item.label ?? item.role ?? '?'} has no click handler`);
  Reflect.apply(item.click, undefined, []);
}

const roles = (items: readonly Item[]) => items.map((item) => item.role).filter((role) => role !== undefined);

describe.each(['darwin', 'win32', 'linux'] as const)('the %s menu', (platform) => {
  it('has Sync Now on CmdOrCtrl+R, which asks for a sync', () => {
    const { items, calls } = setUp(platform);
    const syncNow = byId(items, 'sync-now');
    expect(syncNow.label).toBe('Sync Now');
    expect(syncNow.accelerator).toBe('CmdOrCtrl+R');
    click(syncNow);
    expect(calls.syncNow).toBe(1);
  });

  it('lists every page under View, in order, on CmdOrCtrl+1…7', () => {
    const { template, calls } = setUp(platform);
    const pages = topLevel(template, 'View').filter((item) => item.id?.startsWith('navigate-'));
    expect(pages.map((item) => item.id)).toEqual(pageIds.map((page) => `navigate-${page}`));
    expect(pages.map((item) => item.accelerator)).toEqual(['CmdOrCtrl+1', 'CmdOrCtrl+2', 'CmdOrCtrl+3', 'CmdOrCtrl+4', 'CmdOrCtrl+5', 'CmdOrCtrl+6', 'CmdOrCtrl+7']);
    pages.forEach(click);
    expect(calls.navigate).toEqual([...pageIds]);
  });

  it('offers neither Reload nor DevTools in a packaged app', () => {
    const { items } = setUp(platform, false);
    expect(roles(items)).not.toContain('reload');
    expect(roles(items)).not.toContain('forceReload');
    expect(roles(items)).not.toContain('toggleDevTools');
  });

  it('offers Reload (off CmdOrCtrl+R, which is Sync Now) and DevTools in development', () => {
    const { items } = setUp(platform, true);
    expect(roles(items)).toContain('toggleDevTools');
    const reload = items.find((item) => item.role === 'reload');
    expect(reload?.accelerator).toBe('CmdOrCtrl+Shift+R');
    const onCmdR = items.filter((item) => item.accelerator === 'CmdOrCtrl+R');
    expect(onCmdR.map((item) => item.id)).toEqual(['sync-now']);
  });

  it('wires Export Reports, Open Data Folder, Open Log File and the restricted-keys docs', () => {
    const { items, calls } = setUp(platform);
    click(byId(items, 'export-reports'));
    click(byId(items, 'open-data-folder'));
    click(byId(items, 'open-log-file'));
    click(byId(items, 'restricted-keys-docs'));
    expect(calls).toMatchObject({ navigate: ['reports'], openDataFolder: 1, openLogFile: 1, openDocs: 1 });
  });

  it('opens Settings on CmdOrCtrl+,', () => {
    const { items, calls } = setUp(platform);
    const settings = byId(items, 'settings');
    expect(settings.accelerator).toBe('CmdOrCtrl+,');
    click(settings);
    expect(calls.navigate).toEqual(['settings']);
  });

  it('has the standard editing roles', () => {
    const { template } = setUp(platform);
    expect(roles(topLevel(template, 'Edit'))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('has only unique ids', () => {
    const ids = setUp(platform).items.flatMap((item) => (item.id ? [item.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('platform differences', () => {
  it('has an app menu named after the app only on macOS, with About, Services and Quit', () => {
    const mac = setUp('darwin').template;
    expect(mac[0]?.label).toBe('Recur');
    expect(roles(topLevel(mac, 'Recur'))).toEqual(expect.arrayContaining(['about', 'services', 'hide', 'quit']));
    for (const platform of ['win32', 'linux'] as const) {
      expect(setUp(platform).template.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    }
  });

  it('puts Quit under File on Windows and Linux, not on macOS', () => {
    expect(roles(topLevel(setUp('win32').template, 'File'))).toContain('quit');
    expect(roles(topLevel(setUp('linux').template, 'File'))).toContain('quit');
    expect(roles(topLevel(setUp('darwin').template, 'File'))).not.toContain('quit');
  });

  it('leaves out the docs item when there is no docs command', () => {
    const template = buildMenuTemplate({
      platform: 'linux',
      appName: 'Recur',
      isDevelopment: false,
      commands: { syncNow: () => undefined, navigate: () => undefined, openDataFolder: () => undefined, openLogFile: () => undefined },
    });
    expect(flatten(template).some((item) => item.id === 'restricted-keys-docs')).toBe(false);
  });
});
