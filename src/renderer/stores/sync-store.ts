import { create } from 'zustand';
import { type SyncLog, type SyncStatus } from '../../shared/contract';
import { type EventPayload } from '../../shared/events';
import { call } from '../lib/api';

type Progress = EventPayload<'sync:progress'>;

interface SyncState {
  statuses: SyncStatus[];
  /** Per account, newest first. */
  logs: Record<string, SyncLog[]>;
  /** Per account, while a sync runs. */
  progress: Record<string, Progress>;
  error: string | null;
  refresh(accountId?: string): Promise<void>;
  syncNow(accountId?: string): Promise<void>;
  onProgress(progress: Progress): void;
  onFinished(run: SyncLog): void;
}

export const useSyncStore = create<SyncState>()((set, get) => ({
  statuses: [],
  logs: {},
  progress: {},
  error: null,

  async refresh(accountId) {
    const statuses = await call('sync:status', undefined);
    const ids = accountId ? [accountId] : statuses.map((status) => status.accountId);
    const logs = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await call('sync:logs', { accountId: id, limit: 50 })] as const)));
    set((state) => ({ statuses, logs: { ...state.logs, ...logs } }));
  },

  async syncNow(accountId) {
    set({ error: null });
    const started = call('sync:run', accountId ? { accountId } : undefined);
    // The status turns to "syncing" at once; the run's end arrives as sync:finished.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await get().refresh(accountId);
    try {
      await started;
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },

  onProgress(progress) {
    set((state) => ({
      progress: { ...state.progress, [progress.accountId]: progress },
      statuses: state.statuses.map((status) => (status.accountId === progress.accountId ? { ...status, state: 'syncing' } : status)),
    }));
  },

  onFinished(run) {
    set((state) => {
      const progress = { ...state.progress };
      delete progress[run.accountId];
      return { progress };
    });
    void get().refresh(run.accountId);
  },
}));
