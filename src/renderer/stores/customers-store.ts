import { create } from 'zustand';
import { type CustomerDetail, type CustomerListRow, type CustomerSortKey } from '../../shared/contract';
import { call } from '../lib/api';
import { useAppStore } from './app-store';

/**
 * The Customers page's state: the list as windows of rows, and the customer open in detail.
 *
 * Why windows and not the whole list: the core keeps every account's customers searched and sorted in an index (one
 * per MRR history), so any window of any order is a slice there. The renderer holds only the pages the table has
 * shown — a few hundred rows whatever the account's size — instead of 100,000 rows (or 100,000 ids plus the rows) in
 * the page's memory and in every IPC answer. A new search or sort costs one round trip for the first page, and a live
 * update refetches only the pages on screen.
 */

export interface CustomerSort {
  by: CustomerSortKey;
  dir: 'asc' | 'desc';
}

/** Rows per request: a screenful or two, so a fast scroll asks for few windows. */
export const customerPageSize = 100;

/** The direction a column sorts in when first picked: the largest MRR and the newest customers first, names A→Z. */
export const firstSortDirection: Record<CustomerSortKey, 'asc' | 'desc'> = { mrr: 'desc', since: 'desc', name: 'asc', email: 'asc', status: 'asc' };

export const defaultCustomerSort: CustomerSort = { by: 'mrr', dir: 'desc' };

type LoadState = 'idle' | 'loading' | 'ready' | 'failed';

interface CustomersState {
  accountId: string | null;
  /** What is in the search box; `search` follows it after a pause in typing. */
  searchInput: string;
  search: string;
  sort: CustomerSort;
  /** Bumped whenever the list asked for changes (account, search, sort): answers for an older one are dropped. */
  epoch: number;
  /** Matching customers; null until the first answer for the current search and sort. */
  total: number | null;
  accountTotal: number | null;
  /** Loaded rows by page number. */
  pages: Record<number, CustomerListRow[]>;
  listError: string | null;
  /** The rows on screen, so a live update refetches just those. */
  visible: { start: number; end: number };
  /** Where the table was scrolled and which row had the keyboard, kept while a customer is open. */
  scrollOffset: number;
  activeIndex: number;
  /** Set when a customer's detail closes: the table takes the keyboard back, on the row it had. */
  refocusList: boolean;

  openCustomerId: string | null;
  detail: CustomerDetail | null;
  detailState: LoadState;
  detailError: string | null;

  /** Points the page at an account (the first one); a different account starts the list afresh. */
  selectAccount(accountId: string): void;
  setSearchInput(text: string): void;
  /** Applies the search (the page calls this after typing pauses). */
  applySearch(): void;
  /** Sorts by a column: the same column flips its direction, another starts in its usual one. */
  sortBy(by: CustomerSortKey): void;
  /** Makes sure the pages covering rows [start, end] are loaded or on their way. */
  ensureRows(start: number, end: number): void;
  /** Data changed in main: refetch the pages on screen (and the open customer), keeping search, sort and scroll. */
  refresh(): void;
  setScroll(offset: number, activeIndex: number): void;
  /** Opens a customer's detail, from anywhere in the app (the Overview's drill-down uses it too). */
  openCustomer(customerId: string): void;
  closeCustomer(): void;
  reloadCustomer(): Promise<void>;
}

/** Pages kept in memory: those nearest the rows on screen. Scrolling through 100,000 customers never holds them all. */
const keptPages = 30;

function keepNear(pages: Record<number, CustomerListRow[]>, visibleStart: number): Record<number, CustomerListRow[]> {
  const numbers = Object.keys(pages).map(Number);
  if (numbers.length <= keptPages) return pages;
  const here = Math.floor(visibleStart / customerPageSize);
  const kept = numbers.sort((a, b) => Math.abs(a - here) - Math.abs(b - here)).slice(0, keptPages);
  return Object.fromEntries(kept.map((page) => [page, pages[page] as CustomerListRow[]]));
}

/** Pages being fetched, by epoch and page: so scrolling back and forth never asks for the same window twice. */
const inFlight = new Set<string>();

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const useCustomersStore = create<CustomersState>()((set, get) => {
  const fetchPage = async (page: number, epoch: number): Promise<void> => {
    const { accountId, search, sort } = get();
    if (!accountId) return;
    const key = `${epoch}:${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const answer = await call('customers:list', { accountId, search: search || undefined, sort, offset: page * customerPageSize, limit: customerPageSize });
      if (get().epoch !== epoch) return;
      set((state) => ({ total: answer.total, accountTotal: answer.accountTotal, pages: keepNear({ ...state.pages, [page]: answer.rows }, state.visible.start), listError: null }));
    } catch (error) {
      if (get().epoch === epoch) set({ listError: message(error) });
    } finally {
      inFlight.delete(key);
    }
  };

  /** A new list: forget the pages, keep the rows on screen until the first page of the new one arrives. */
  const restart = (changes: Partial<CustomersState>): void => {
    const epoch = get().epoch + 1;
    set({ ...changes, epoch, pages: {}, total: null, listError: null, scrollOffset: 0, activeIndex: 0, visible: { start: 0, end: 0 } });
    void fetchPage(0, epoch);
  };

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  return {
    accountId: null,
    searchInput: '',
    search: '',
    sort: defaultCustomerSort,
    epoch: 0,
    total: null,
    accountTotal: null,
    pages: {},
    listError: null,
    visible: { start: 0, end: 0 },
    scrollOffset: 0,
    activeIndex: 0,
    refocusList: false,
    openCustomerId: null,
    detail: null,
    detailState: 'idle',
    detailError: null,

    selectAccount(accountId) {
      if (get().accountId === accountId) {
        // Back on the page: data may have changed while it was away (its live updates stop with it), or the list was
        // dropped by an error.
        if (get().total === null) void fetchPage(0, get().epoch);
        else get().refresh();
        return;
      }
      const keepCustomer = get().openCustomerId;
      restart({ accountId, searchInput: '', search: '', sort: defaultCustomerSort });
      // A customer opened before the page knew its account (from the Overview) stays open.
      if (keepCustomer) void get().reloadCustomer();
    },

    setSearchInput(text) {
      set({ searchInput: text });
    },

    applySearch() {
      const search = get().searchInput.trim();
      if (search === get().search) return;
      restart({ search });
    },

    sortBy(by) {
      const { sort } = get();
      const dir = sort.by === by ? (sort.dir === 'asc' ? 'desc' : 'asc') : firstSortDirection[by];
      restart({ sort: { by, dir } });
    },

    ensureRows(start, end) {
      const { epoch, pages, total } = get();
      set({ visible: { start, end } });
      if (total === null) return;
      const last = Math.min(end, total - 1);
      for (let page = Math.floor(start / customerPageSize); page <= Math.floor(last / customerPageSize); page++) {
        if (!pages[page]) void fetchPage(page, epoch);
      }
    },

    refresh() {
      // A sync ends with sync:finished and data:changed back to back: one refresh answers both.
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        const { accountId, epoch, visible, total, openCustomerId } = get();
        if (openCustomerId) void get().reloadCustomer();
        if (!accountId) return;
        const first = Math.floor(visible.start / customerPageSize);
        const last = Math.max(first, Math.floor(visible.end / customerPageSize));
        const pageNumbers = total === null ? [0] : Array.from({ length: last - first + 1 }, (_, index) => first + index);
        const { search, sort } = get();
        void Promise.all(
          pageNumbers.map(async (page) => [page, await call('customers:list', { accountId, search: search || undefined, sort, offset: page * customerPageSize, limit: customerPageSize })] as const),
        )
          .then((answers) => {
            if (get().epoch !== epoch) return;
            const latest = answers[answers.length - 1]?.[1];
            // Pages off screen are dropped rather than shown stale; they load again when scrolled to.
            set({ pages: Object.fromEntries(answers.map(([page, answer]) => [page, answer.rows])), total: latest?.total ?? get().total, accountTotal: latest?.accountTotal ?? get().accountTotal, listError: null });
          })
          .catch((error: unknown) => {
            if (get().epoch === epoch) set({ listError: message(error) });
          });
      }, 120);
    },

    setScroll(offset, activeIndex) {
      set({ scrollOffset: offset, activeIndex });
    },

    openCustomer(customerId) {
      set({ openCustomerId: customerId, detail: get().detail?.customerId === customerId ? get().detail : null, detailState: 'loading', detailError: null });
      useAppStore.getState().navigate('customers');
      void get().reloadCustomer();
    },

    closeCustomer() {
      if (get().openCustomerId === null) return;
      set({ openCustomerId: null, detail: null, detailState: 'idle', detailError: null, refocusList: true });
    },

    async reloadCustomer() {
      const customerId = get().openCustomerId;
      const accountId = get().accountId ?? useAppStore.getState().accounts[0]?.id;
      if (!customerId || !accountId) return;
      try {
        const detail = await call('metrics:customer', { accountId, customerId });
        if (get().openCustomerId === customerId) set({ detail, detailState: 'ready', detailError: null });
      } catch (error) {
        if (get().openCustomerId === customerId) set({ detailState: 'failed', detailError: message(error) });
      }
    },
  };
});
