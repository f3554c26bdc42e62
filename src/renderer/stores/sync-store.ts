import { create } from 'zustand';
import { type SyncLog, type SyncStatus, type WebhookEvent } from '../../shared/contract';
import { type EventPayload } from '../../shared/events';
import { call } from '../lib/api';
import { overallFraction } from '../lib/sync-estimate';

type Progress = EventPayload<'sync:progress'>;

interface SyncState {
  statuses: SyncStatus[];
  /** Per account, newest first. */
  logs: Record<string, SyncLog[]>;
  /** Per account, events received by polling or the webhook relay, newest first. */
  events: Record<string, WebhookEvent[]>;
  /** Per account, while a sync runs. */
  progress: Record<string, Progress>;
  /** Per account, while a sync runs: when its overall fraction could first be estimated, the base of its time left. */
  progressStart: Record<string, { at: number; fraction: number }>;
  error: string | null;
  refresh(accountId?: string): Promise<void>;
  /** Sync Now; `full` re-reads every object (Settings → Rebuild from Stripe). */
  syncNow(accountId?: string, options?: { full?: boolean }): Promise<void>;
  onProgress(progress: Progress): void;
  onFinished(run: SyncLog): void;
}

export const useSyncStore = create<SyncState>()((set, get) => ({
  statuses: [],
  logs: {},
  events: {},
  progress: {},
  progressStart: {},
  error: null,

  async refresh(accountId) {
    const statuses = await call('sync:status', undefined);
    const ids = accountId ? [accountId] : statuses.map((status) => status.accountId);
    const [logs, events] = await Promise.all([
      Promise.all(ids.map(async (id) => [id, await call('sync:logs', { accountId: id, limit: 50 })] as const)),
      Promise.all(ids.map(async (id) => [id, await call('sync:webhook-events', { accountId: id, limit: 50 })] as const)),
    ]);
    set((state) => ({ statuses, logs: { ...state.logs, ...Object.fromEntries(logs) }, events: { ...state.events, ...Object.fromEntries(events) } }));
  },

  async syncNow(accountId, options = {}) {
    set({ error: null });
    const started = call('sync:run', accountId || options.full ? { accountId, full: options.full } : undefined);
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
    set((state) => {
      const fraction = overallFraction(progress);
      const isFirstEstimate = state.progressStart[progress.accountId] === undefined && fraction !== undefined;
      return {
        progress: { ...state.progress, [progress.accountId]: progress },
        progressStart: isFirstEstimate ? { ...state.progressStart, [progress.accountId]: { at: Date.now(), fraction } } : state.progressStart,
        statuses: state.statuses.map((status) => (status.accountId === progress.accountId ? { ...status, state: 'syncing' } : status)),
      };
    });
  },

  onFinished(run) {
    set((state) => {
      const progress = { ...state.progress };
      const progressStart = { ...state.progressStart };
      delete progress[run.accountId];
      delete progressStart[run.accountId];
      return { progress, progressStart };
    });
    void get().refresh(run.accountId);
  },
}));
