import { create } from 'zustand';
import { type InsightList } from '../../shared/contract';
import { call } from '../lib/api';

/**
 * The Insights page's state: the insights the core answers for today, and which ones have their rows open. The rules,
 * their thresholds and the rows behind each one all come from `insights:list`; the page only shows them.
 */

type Status = 'idle' | 'loading' | 'ready' | 'failed';

export interface InsightsData {
  accountId: string;
  list: InsightList;
}

interface InsightsState {
  status: Status;
  /** A refetch of insights already on screen is running (no skeleton for it). */
  refreshing: boolean;
  error: string | null;
  data: InsightsData | null;
  /** Insight ids whose rows are shown; kept across refreshes, since ids are stable across evaluations. */
  expanded: ReadonlySet<string>;
  /** Loads the insights; `quiet` keeps the ones on screen until the answer is in. */
  load(accountId: string, options?: { quiet?: boolean }): Promise<void>;
  /** After `data:changed` or `sync:finished`: refetch quietly; events arriving together cost one refetch. */
  refresh(accountId: string): void;
  toggleRows(insightId: string): void;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let latestLoad = 0;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

export const useInsightsStore = create<InsightsState>()((set, get) => ({
  status: 'idle',
  refreshing: false,
  error: null,
  data: null,
  expanded: new Set(),

  async load(accountId, options = {}) {
    const id = ++latestLoad;
    const quiet = options.quiet === true && get().data?.accountId === accountId;
    set(quiet ? { refreshing: true } : { status: 'loading', error: null, refreshing: false });
    try {
      const list = await call('insights:list', { accountId });
      if (id !== latestLoad) return;
      set({ status: 'ready', refreshing: false, error: null, data: { accountId, list } });
    } catch (error) {
      if (id !== latestLoad) return;
      set(quiet ? { refreshing: false, error: message(error) } : { status: 'failed', refreshing: false, error: message(error), data: null });
    }
  },

  refresh(accountId) {
    // A sync ends with sync:finished and data:changed back to back: one refetch answers both.
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void get().load(accountId, { quiet: true }), 120);
  },

  toggleRows(insightId) {
    const expanded = new Set(get().expanded);
    if (expanded.has(insightId)) expanded.delete(insightId);
    else expanded.add(insightId);
    set({ expanded });
  },
}));
