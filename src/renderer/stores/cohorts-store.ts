import { create } from 'zustand';
import { type CohortKind, type CohortTable } from '../../shared/contract';
import { call } from '../lib/api';
import { useOverviewStore } from './overview-store';

/**
 * The Cohorts page's state: the currency and reading (customers still paying, or starting MRR still recurring) the user
 * picked, and the table the core answered for them. The currencies come from `metrics:overview` (its `byCurrency`
 * keys), most paying customers first, as on the Overview; until the user picks one, the Overview's currency is shown.
 */

type Status = 'idle' | 'loading' | 'ready' | 'empty' | 'failed';

export interface CohortsData {
  accountId: string;
  currencies: string[];
  table: CohortTable;
}

interface CohortsState {
  /** The currency picked on this page; null until the user picks one. */
  currency: string | null;
  kind: CohortKind;
  status: Status;
  /** Set when the table is empty because the first sync is still writing the mirror. */
  isFirstSync: boolean;
  /** A refetch of a table already on screen is running (no skeleton for it). */
  refreshing: boolean;
  error: string | null;
  data: CohortsData | null;
  /** Loads the table; `quiet` keeps the one on screen until the answer is in. */
  load(accountId: string, options?: { quiet?: boolean }): Promise<void>;
  /** After `data:changed` or `sync:finished`: refetch quietly; events arriving together cost one refetch. */
  refresh(accountId: string): void;
  setKind(accountId: string, kind: CohortKind): void;
  setCurrency(accountId: string, currency: string): void;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Answers for an older request (another currency, another reading) are dropped. */
let latestLoad = 0;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

export const useCohortsStore = create<CohortsState>()((set, get) => ({
  currency: null,
  kind: 'customers',
  status: 'idle',
  isFirstSync: false,
  refreshing: false,
  error: null,
  data: null,

  async load(accountId, options = {}) {
    const id = ++latestLoad;
    const quiet = options.quiet === true && get().data?.accountId === accountId;
    set(quiet ? { refreshing: true } : { status: 'loading', error: null, refreshing: false });
    try {
      const [overview, statuses] = await Promise.all([call('metrics:overview', { accountId }), call('sync:status', { accountId }).catch(() => [])]);
      if (id !== latestLoad) return;
      // During the very first sync the mirror is half written: a table from it would be wrong, so wait for the end.
      const isFirstSync = statuses.some((status) => status.accountId === accountId && status.state === 'syncing' && status.lastSucceededAt === null);
      const currencies = Object.keys(overview.byCurrency).sort(
        (a, b) => (overview.byCurrency[b]?.payingCustomers ?? 0) - (overview.byCurrency[a]?.payingCustomers ?? 0) || a.localeCompare(b),
      );
      const picked = get().currency ?? useOverviewStore.getState().data?.currency ?? null;
      const currency = picked && currencies.includes(picked) ? picked : currencies[0];
      if (isFirstSync || !currency) {
        set({ status: 'empty', isFirstSync, refreshing: false, error: null, data: null });
        return;
      }
      const table = await call('metrics:cohorts', { accountId, currency, kind: get().kind });
      if (id !== latestLoad) return;
      set({ status: table.cohorts.length === 0 ? 'empty' : 'ready', isFirstSync: false, refreshing: false, error: null, data: { accountId, currencies, table } });
    } catch (error) {
      if (id !== latestLoad) return;
      // A failed quiet refresh keeps the table on screen and says so; a failed first load replaces it.
      set(quiet ? { refreshing: false, error: message(error) } : { status: 'failed', refreshing: false, error: message(error), data: null });
    }
  },

  refresh(accountId) {
    // A sync ends with sync:finished and data:changed back to back: one refetch answers both.
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void get().load(accountId, { quiet: true }), 120);
  },

  setKind(accountId, kind) {
    if (kind === get().kind) return;
    set({ kind });
    void get().load(accountId, { quiet: true });
  },

  setCurrency(accountId, currency) {
    set({ currency });
    void get().load(accountId, { quiet: true });
  },
}));
