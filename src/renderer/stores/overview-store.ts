import { create } from 'zustand';
import {
  type CurrencyOverviewDto,
  type Drilldown,
  type DrilldownFigure,
  maxMetricsRangeDays,
  type OverviewRange,
  type Series,
  type SeriesPoint,
} from '../../shared/contract';
import { call } from '../lib/api';
import { addDays, daysInRange, monthEnd, monthStart, todayIso } from '../lib/format';
import { useAppStore } from './app-store';

/**
 * The Overview's state: the range and currency the user picked (remembered in settings, so they survive a restart),
 * the figures for them, and the drill-down panel.
 *
 * What is fetched for a range [from, to] of one currency:
 * - `metrics:overview` at `to`: the KPI figures (rates are for the calendar month of `to`, to date) and, from its
 *   `byCurrency` keys, the currencies to choose from;
 * - `metrics:overview` at `from − 1`: the same figures at the end of the period before, for the change on each card;
 * - `metrics:series` per day (ranges up to `dailyTrendDays`) or per month: MRR and paying customers over time, and the
 *   stock KPIs' sparklines;
 * - `metrics:series` per day (ranges up to a month) or per month: the MRR movements chart;
 * - `metrics:overview` at each month's end (the range's end for the last month): customer churn and net MRR churn per
 *   calendar month, and the rate KPIs' sparklines. The series has no customer counts, so customer churn per month
 *   cannot come from it; the overview at a month's end is that month's rate as the core defines it. At most
 *   `maxRateMonths` (the newest) are fetched, since each is a pass over the account's history.
 */

/** Ranges up to this long draw MRR and customers per day; longer ones per month. */
export const dailyTrendDays = 400;
/** Ranges up to this long draw movements per day; longer ones per calendar month. */
export const dailyMovementDays = 31;
/** The most calendar months the churn-rate chart shows (the newest ones of the range). */
export const maxRateMonths = 24;

export interface MonthRates {
  /** The month's first day. */
  month: string;
  /** The day the rates are at: the month's last day, or the range's end for the month in progress. */
  at: string;
  figures: CurrencyOverviewDto | null;
}

export interface OverviewData {
  /** What was asked, so a refresh can tell whether the data on screen is still for the same view. */
  key: string;
  accountId: string;
  currency: string;
  /** Currencies of the account, most paying customers first. */
  currencies: string[];
  from: string;
  to: string;
  figures: CurrencyOverviewDto;
  /** The figures at the end of the period before (`previousAt`); null for "all time". */
  previous: CurrencyOverviewDto | null;
  previousAt: string | null;
  trend: Series;
  movements: Series;
  months: MonthRates[];
  /** The months of the rate KPIs' sparklines: those of the range, and at least the six to `to`. */
  sparkMonths: MonthRates[];
}

/** One figure a drill-down fetches: the rows of `figure` over [from, to], counted with `sign` in a formula. */
export interface DrillPart {
  figure: DrilldownFigure;
  from: string;
  to: string;
  label: string;
  /** How the part enters the figure being explained: added (1) or taken away (−1). */
  sign: 1 | -1;
}

export interface DrillRequest {
  /** The dialog's title and accessible name. */
  title: string;
  /** The definition, in words. */
  description: string;
  currency: string;
  /** The figure as the card or chart shows it, already formatted. */
  headline?: { label: string; value: string };
  parts: DrillPart[];
  /** For figures made of signed parts: show each part's total with its sign, and their sum under this name. */
  formula?: { label: string };
}

export interface DrillState {
  request: DrillRequest;
  status: 'loading' | 'ready' | 'failed';
  results: Drilldown[];
  error: string | null;
}

type Status = 'idle' | 'loading' | 'ready' | 'empty' | 'failed';

interface OverviewState {
  range: OverviewRange;
  /** The currency picked; null until the user picks one (the account's main currency is shown). */
  currency: string | null;
  /** True once range and currency were read from settings. */
  restored: boolean;
  status: Status;
  /** A refresh of data already on screen is running (no skeletons for it). */
  refreshing: boolean;
  error: string | null;
  data: OverviewData | null;
  drill: DrillState | null;
  /** Loads the figures for the current range and currency; `quiet` keeps what is on screen until the answer is in. */
  load(accountId: string, options?: { quiet?: boolean }): Promise<void>;
  /** After `data:changed` or `sync:finished`: refetch what is on screen, quietly; runs once more if asked meanwhile. */
  refresh(accountId: string): Promise<void>;
  setRange(accountId: string, range: OverviewRange): void;
  setCurrency(accountId: string, currency: string): void;
  openDrill(accountId: string, request: DrillRequest): Promise<void>;
  closeDrill(): void;
}

export const presetLabels: Record<OverviewRange['preset'], string> = {
  last30: 'Last 30 days',
  last3m: 'Last 3 months',
  last6m: 'Last 6 months',
  last12m: 'Last 12 months',
  ytd: 'Year to date',
  all: 'All time',
  custom: 'Custom',
};

/**
 * The days a range covers on `today` (UTC). "Last N months" is N calendar months, the current one to date, so that
 * monthly bars are whole months; "all time" starts as far back as the core answers and is cut to the first month with
 * MRR once the series is in.
 */
export function resolveRange(range: OverviewRange, today: string): { from: string; to: string } {
  switch (range.preset) {
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'last3m':
      return { from: monthStart(today, -2), to: today };
    case 'last6m':
      return { from: monthStart(today, -5), to: today };
    case 'last12m':
      return { from: monthStart(today, -11), to: today };
    case 'ytd':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'all':
      return { from: addDays(today, -(maxMetricsRangeDays - 1)), to: today };
    case 'custom': {
      const to = range.to && range.to < today ? range.to : today;
      let from = range.from && range.from <= to ? range.from : monthStart(to, -11);
      if (daysInRange(from, to) > maxMetricsRangeDays) from = addDays(to, -(maxMetricsRangeDays - 1));
      return { from, to };
    }
  }
}

function hasActivity(point: SeriesPoint): boolean {
  return point.mrr > 0 || point.new > 0 || point.reactivation > 0 || point.expansion > 0 || point.contraction > 0 || point.churn > 0;
}

/** Month ends of [from, to] (the last one cut to `to`), newest `maxRateMonths` only. */
function monthEnds(from: string, to: string): { month: string; at: string }[] {
  const ends: { month: string; at: string }[] = [];
  for (let month = monthStart(from); month <= to; month = monthStart(month, 1)) {
    const end = monthEnd(month);
    ends.push({ month, at: end < to ? end : to });
  }
  return ends.slice(-maxRateMonths);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Remembering the choice is a convenience: a failure to save it must not disturb the page. */
function remember(changes: { overviewRange?: OverviewRange; overviewCurrency?: string | null }): void {
  void call('settings:update', changes).catch(() => undefined);
}

let latestLoad = 0;
let latestDrill = 0;
let refreshRunning: Promise<void> | null = null;
let refreshAgain = false;

export const useOverviewStore = create<OverviewState>()((set, get) => {
  /** Reads the remembered range and currency the first time the Overview opens. */
  const restore = (): void => {
    if (get().restored) return;
    const settings = useAppStore.getState().settings;
    set({ restored: true, range: settings.overviewRange ?? { preset: 'last12m' }, currency: settings.overviewCurrency ?? null });
  };

  return {
    range: { preset: 'last12m' },
    currency: null,
    restored: false,
    status: 'idle',
    refreshing: false,
    error: null,
    data: null,
    drill: null,

    async load(accountId, options = {}) {
      restore();
      const id = ++latestLoad;
      const { range, currency: picked } = get();
      const quiet = options.quiet === true && get().data?.accountId === accountId;
      set(quiet ? { refreshing: true } : { status: 'loading', error: null, refreshing: false });
      try {
        const today = todayIso();
        const wanted = resolveRange(range, today);
        const isPast = wanted.to < today;
        const [overview, syncStatuses] = await Promise.all([
          call('metrics:overview', isPast ? { accountId, at: wanted.to } : { accountId }),
          call('sync:status', { accountId }).catch(() => []),
        ]);
        if (id !== latestLoad) return;
        // During the very first sync the mirror is half written: its figures would be wrong, so wait for the end.
        const firstSync = syncStatuses.some((status) => status.accountId === accountId && status.state === 'syncing' && status.lastSucceededAt === null);
        if (firstSync) {
          set({ status: 'empty', refreshing: false, error: null, data: null });
          return;
        }
        const to = overview.at;
        const currencies = Object.keys(overview.byCurrency).sort(
          (a, b) => (overview.byCurrency[b]?.payingCustomers ?? 0) - (overview.byCurrency[a]?.payingCustomers ?? 0) || a.localeCompare(b),
        );
        const currency = picked && currencies.includes(picked) ? picked : currencies[0];
        const figures = currency ? overview.byCurrency[currency] : undefined;
        if (!currency || !figures) {
          set({ status: 'empty', refreshing: false, error: null, data: null });
          return;
        }

        let from = wanted.from <= to ? wanted.from : to;
        let allTime: Series | null = null;
        if (range.preset === 'all') {
          allTime = await call('metrics:series', { accountId, currency, from, to, interval: 'month' });
          if (id !== latestLoad) return;
          const first = allTime.points.find(hasActivity);
          from = first ? first.date : monthStart(to);
        }

        const days = daysInRange(from, to);
        const trendInterval = days <= dailyTrendDays ? 'day' : 'month';
        const movementInterval = days <= dailyMovementDays ? 'day' : 'month';
        const series = (interval: 'day' | 'month'): Promise<Series> => {
          if (interval === 'month' && allTime) {
            const cut = allTime;
            return Promise.resolve({ ...cut, from, points: cut.points.filter((point) => point.date >= from) });
          }
          return call('metrics:series', { accountId, currency, from, to, interval });
        };
        const previousAt = range.preset === 'all' ? null : addDays(from, -1);
        const sixMonths = monthStart(to, -5);
        const ends = monthEnds(sixMonths < from ? sixMonths : from, to);
        const firstMonth = monthStart(from);

        const [trend, movements, previous, rates] = await Promise.all([
          series(trendInterval),
          trendInterval === movementInterval ? null : series(movementInterval),
          previousAt ? call('metrics:overview', { accountId, at: previousAt }) : null,
          Promise.all(ends.map(({ at }) => (at === to ? Promise.resolve(overview) : call('metrics:overview', { accountId, at })))),
        ]);
        if (id !== latestLoad) return;

        const data: OverviewData = {
          key: `${accountId}|${currency}|${from}|${to}`,
          accountId,
          currency,
          currencies,
          from,
          to,
          figures,
          previous: previous?.byCurrency[currency] ?? null,
          previousAt,
          trend,
          movements: movements ?? trend,
          sparkMonths: ends.map((end, index) => ({ ...end, figures: rates[index]?.byCurrency[currency] ?? null })),
          months: [],
        };
        data.months = data.sparkMonths.filter((month) => month.month >= firstMonth);
        set({ status: 'ready', refreshing: false, error: null, data });
      } catch (error) {
        if (id !== latestLoad) return;
        // A failed quiet refresh keeps the figures on screen and says so; a failed first load replaces them.
        set(quiet ? { refreshing: false, error: message(error) } : { status: 'failed', refreshing: false, error: message(error), data: null });
      }
    },

    async refresh(accountId) {
      if (refreshRunning) {
        refreshAgain = true;
        return refreshRunning;
      }
      refreshRunning = (async () => {
        do {
          refreshAgain = false;
          await get().load(accountId, { quiet: true });
        } while (refreshAgain);
      })();
      try {
        await refreshRunning;
      } finally {
        refreshRunning = null;
      }
    },

    setRange(accountId, range) {
      set({ range });
      remember({ overviewRange: range });
      void get().load(accountId, { quiet: true });
    },

    setCurrency(accountId, currency) {
      set({ currency });
      remember({ overviewCurrency: currency });
      void get().load(accountId, { quiet: true });
    },

    async openDrill(accountId, request) {
      const id = ++latestDrill;
      set({ drill: { request, status: 'loading', results: [], error: null } });
      try {
        const results = await Promise.all(
          request.parts.map((part) => call('metrics:drilldown', { accountId, currency: request.currency, figure: part.figure, from: part.from, to: part.to })),
        );
        if (id !== latestDrill) return;
        set({ drill: { request, status: 'ready', results, error: null } });
      } catch (error) {
        if (id !== latestDrill) return;
        set({ drill: { request, status: 'failed', results: [], error: message(error) } });
      }
    },

    closeDrill() {
      latestDrill++;
      set({ drill: null });
    },
  };
});
