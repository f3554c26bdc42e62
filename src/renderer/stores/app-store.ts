import { create } from 'zustand';
import {
  type AccountSummary,
  type AppInfo,
  type Appearance,
  type ChannelInput,
  defaultSettings,
  type KeyStorage,
  type PageId,
  type Settings,
} from '../../shared/contract';
import { call } from '../lib/api';

type LoadState = 'loading' | 'ready' | 'failed';

interface AppState {
  loadState: LoadState;
  loadError: string | null;
  page: PageId;
  appInfo: AppInfo | null;
  accounts: AccountSummary[];
  /** The account the pages show (see useCurrentAccount); null: the first one. */
  currentAccountId: string | null;
  keyStorage: KeyStorage | null;
  settings: Settings;
  /** Fetches everything the shell needs; the first paint waits for nothing else. */
  load(): Promise<void>;
  refreshAccounts(): Promise<void>;
  refreshSettings(): Promise<void>;
  navigate(page: PageId): void;
  selectAccount(accountId: string): void;
  setAppearance(appearance: Appearance): Promise<void>;
  /** Saves some settings; the answer (all of them, as main stored them) replaces the store's. */
  updateSettings(changes: ChannelInput<'settings:update'>): Promise<void>;
  connectAccount(input: { apiKey: string; displayName?: string; rememberKey?: boolean }): Promise<AccountSummary>;
  connectDemo(): Promise<AccountSummary>;
  renameAccount(accountId: string, displayName: string): Promise<void>;
  disconnectAccount(accountId: string): Promise<void>;
}

export const useAppStore = create<AppState>()((set, get) => ({
  loadState: 'loading',
  loadError: null,
  page: defaultSettings.lastPage,
  appInfo: null,
  accounts: [],
  currentAccountId: null,
  keyStorage: null,
  settings: defaultSettings,

  async load() {
    try {
      const [appInfo, accounts, keyStorage, settings] = await Promise.all([
        call('app:info', undefined),
        call('accounts:list', undefined),
        call('accounts:key-storage', undefined),
        call('settings:get', undefined),
      ]);
      set({ appInfo, accounts, keyStorage, settings, page: settings.lastPage, loadState: 'ready', loadError: null });
    } catch (error) {
      set({ loadState: 'failed', loadError: error instanceof Error ? error.message : String(error) });
    }
  },

  async refreshAccounts() {
    set({ accounts: await call('accounts:list', undefined) });
  },

  async refreshSettings() {
    set({ settings: await call('settings:get', undefined) });
  },

  navigate(page) {
    if (get().page === page) return;
    set({ page });
    // Remembering the page is a convenience: a failure to save it must not disturb navigation.
    void call('settings:update', { lastPage: page }).catch(() => undefined);
  },

  selectAccount(accountId) {
    set({ currentAccountId: accountId });
  },

  async updateSettings(changes) {
    set({ settings: await call('settings:update', changes) });
  },

  async setAppearance(appearance) {
    set({ settings: await call('settings:update', { appearance }) });
  },

  async connectAccount(input) {
    const account = await call('accounts:connect', input);
    await get().refreshAccounts();
    return account;
  },

  async connectDemo() {
    const account = await call('accounts:connect-demo', undefined);
    await get().refreshAccounts();
    return account;
  },

  async renameAccount(accountId, displayName) {
    await call('accounts:rename', { accountId, displayName });
    await get().refreshAccounts();
  },

  async disconnectAccount(accountId) {
    await call('accounts:disconnect', { accountId });
    await get().refreshAccounts();
  },
}));
