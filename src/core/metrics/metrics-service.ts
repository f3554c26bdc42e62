import { type z } from 'zod';
import { type CoreContext } from '../core-context';
import { deleteMetricsAnswers, latestEarlierAnswerDay, readMetricsAnswer, writeMetricsAnswer } from '../db/repositories/metrics-answers';
import { dayOf } from './history/days';
import { loadMrrHistory, refreshCustomers } from './history/load-mrr-history';
import { type TouchedCustomers } from '../stripe/sync/touched-customers';
import { type MrrHistory } from './history/mrr-history';
import { readMrrSettings } from './mrr-settings';
import { type MrrSettings } from './mrr-types';

/**
 * The metrics engine as the app uses it: one MRR history per account, built on first use and kept until the data or
 * the MRR settings change. Building one reads every subscription and invoice of the account, so it is done once per
 * change, not once per question.
 */
export interface MetricsService {
  /** The account's history through today, under the current MRR settings. */
  history(accountId: string): MrrHistory;
  /** Today, as a metrics day (UTC), from the core's clock. */
  today(): number;
  /** The MRR settings in force (the user's, defaults filled in). */
  settings(): MrrSettings;
  /** Drops the account's history (every account's when no id is given): the next read rebuilds it. */
  invalidate(accountId?: string): void;
  /**
   * Synced data of the account changed: the customers named are re-read into the cached history (the incremental
   * recompute); `all` drops it for a rebuild on the next read.
   */
  dataChanged(accountId: string, touched: TouchedCustomers): void;
  /**
   * A value derived from the account's history (the Customers page's index), built on first use and kept exactly as
   * long as the history is unchanged: dropped when the history is rebuilt, invalidated, or patched by a sync.
   */
  derived<T>(accountId: string, key: string, build: (history: MrrHistory) => T): T;
  /**
   * An answer the renderer asks for on every launch (the dashboard's), kept in the database as well: while the data
   * is unchanged it is read back, checked against `schema`, without building the history at all. Keyed by the MRR
   * settings and the day it is computed on besides `key`, so `key` names only the question's own inputs: a function
   * of that day for a question about "today".
   *
   * On a new day, while the history is not built yet, the answer kept on the latest earlier day is given (it says
   * which day it is about) and the history is built just after; `data:changed` then has the renderer ask again.
   */
  answer<T>(accountId: string, key: string | ((day: number) => string), schema: z.ZodType<T>, compute: (history: MrrHistory) => T): T;
}

/** How long after the last stale answer the history is built (see warmUpAfterQuiet). */
const warmUpQuietMs = 400;

interface CachedHistory {
  history: MrrHistory;
  settingsKey: string;
  /** SQLite's data_version when it was built: it moves when another connection (the cron CLI) commits. */
  dataVersion: number;
  /** What `derived` built from this history, by key. */
  derived: Map<string, unknown>;
}

export function createMetricsService(context: Pick<CoreContext, 'db' | 'clock' | 'logger' | 'notifier'>): MetricsService {
  const { db, logger } = context;
  const cache = new Map<string, CachedHistory>();
  const today = () => dayOf(Math.floor(context.clock.now().getTime() / 1000));
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  const settingsKeyOf = (settings: MrrSettings) => `${settings.subtractFiniteDiscounts}:${settings.cancellation}`;

  /** The answer kept on `day` (today unless given), if it still reads as the contract's shape (an older app's may not). */
  const storedAnswer = <T>(accountId: string, key: string, schema: z.ZodType<T>, day = today()): T | undefined => {
    const json = readMetricsAnswer(db, accountId, key, day);
    if (json === undefined) return undefined;
    try {
      const parsed = schema.safeParse(JSON.parse(json));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: computed again below and overwritten.
    }
    logger.warn('A stored metrics answer was unreadable; computing it again', { accountId, key });
    return undefined;
  };

  /** Keeping an answer only spares the next launch some work: a file that cannot take it loses nothing. */
  const storeAnswer = (accountId: string, key: string, answer: unknown): void => {
    try {
      writeMetricsAnswer(db, accountId, key, today(), JSON.stringify(answer), context.clock.now().toISOString());
    } catch (error) {
      logger.warn('A metrics answer could not be kept for the next launch', { accountId, key, error });
    }
  };

  // A settings change, a new day or another process's sync each make the cached history wrong; the sync service of
  // this process says so itself through `invalidate`.
  const isCurrent = (cached: CachedHistory, settingsKey: string, day: number, version: number): boolean =>
    cached.settingsKey === settingsKey && cached.history.lastDay === day && cached.dataVersion === version;

  /**
   * Builds the history once the renderer has had the earlier day's answers, then has it ask again. The build holds
   * this thread for seconds on a large account, so it waits until no stale answer has been asked for in a moment: the
   * first screen's other questions are answered first.
   */
  const warmUps = new Map<string, ReturnType<typeof setTimeout>>();
  const warmUpAfterQuiet = (accountId: string): void => {
    clearTimeout(warmUps.get(accountId));
    const timer = setTimeout(() => {
      warmUps.delete(accountId);
      try {
        service.history(accountId);
        context.notifier.emit('data:changed', { scopes: ['data'] });
      } catch (error) {
        logger.warn('The MRR history could not be built after launch; it is built when next asked for', { accountId, error });
      }
    }, warmUpQuietMs);
    // A command-line process does not wait for it to exit.
    timer.unref();
    warmUps.set(accountId, timer);
  };

  const forgetAnswers = (accountId?: string): void => {
    try {
      deleteMetricsAnswers(db, accountId);
    } catch (error) {
      logger.warn('Stored metrics answers could not be removed', { accountId, error });
    }
  };

  const service: MetricsService = {
    today,
    settings: () => readMrrSettings(db),
    history(accountId) {
      const settings = readMrrSettings(db);
      const settingsKey = settingsKeyOf(settings);
      const day = today();
      const version = dataVersion();
      const cached = cache.get(accountId);
      if (cached && isCurrent(cached, settingsKey, day, version)) return cached.history;
      const started = performance.now();
      const history = loadMrrHistory(db, accountId, settings, day);
      logger.debug('MRR history built', { accountId, ms: Math.round(performance.now() - started), reason: cached ? 'stale' : 'first use' });
      cache.set(accountId, { history, settingsKey, dataVersion: version, derived: new Map() });
      return history;
    },
    dataChanged(accountId, touched) {
      // The schema's triggers dropped the stored answers when the data was written, but an answer computed from the
      // cached history since (before this patch) was kept: it is dropped with the rest. A run that applied nothing
      // wrote nothing, and leaves them.
      if (touched === 'all' || touched.size > 0) forgetAnswers(accountId);
      const cached = cache.get(accountId);
      if (!cached) return;
      // Whatever changed (customers' names and emails too, which the history does not hold), derived values are stale.
      cached.derived.clear();
      // Only a history still current in every other respect can be patched; anything else is rebuilt when next read.
      const current = cached.history.lastDay === today() && cached.dataVersion === dataVersion();
      if (touched === 'all' || !current) {
        cache.delete(accountId);
        return;
      }
      if (touched.size === 0) return;
      const started = performance.now();
      refreshCustomers(db, accountId, cached.history, [...touched]);
      logger.debug('MRR history updated', { accountId, customers: touched.size, ms: Math.round(performance.now() - started) });
    },
    invalidate(accountId) {
      forgetAnswers(accountId);
      if (accountId === undefined) cache.clear();
      else cache.delete(accountId);
    },
    derived<T>(accountId: string, key: string, build: (history: MrrHistory) => T): T {
      const history = service.history(accountId);
      const cached = cache.get(accountId);
      if (cached?.derived.has(key)) return cached.derived.get(key) as T;
      const value = build(history);
      cached?.derived.set(key, value);
      return value;
    },
    answer<T>(accountId: string, key: string | ((day: number) => string), schema: z.ZodType<T>, compute: (history: MrrHistory) => T): T {
      const settingsKey = settingsKeyOf(readMrrSettings(db));
      const day = today();
      const keyOn = (onDay: number) => `${settingsKey}|${typeof key === 'string' ? key : key(onDay)}`;
      const derivedKey = `answer:${keyOn(day)}`;
      const cached = cache.get(accountId);
      if (cached?.derived.has(derivedKey)) return service.derived(accountId, derivedKey, compute);
      const stored = storedAnswer(accountId, keyOn(day), schema);
      if (stored !== undefined) return stored;
      if (!cached || !isCurrent(cached, settingsKey, day, dataVersion())) {
        const earlierDay = latestEarlierAnswerDay(db, accountId, day);
        const earlier = earlierDay === undefined ? undefined : storedAnswer(accountId, keyOn(earlierDay), schema, earlierDay);
        if (earlier !== undefined) {
          warmUpAfterQuiet(accountId);
          return earlier;
        }
      }
      const value = service.derived(accountId, derivedKey, compute);
      storeAnswer(accountId, keyOn(day), value);
      return value;
    },
  };
  return service;
}
