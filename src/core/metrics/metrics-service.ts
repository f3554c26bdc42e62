import { type CoreContext } from '../core-context';
import { dayOf } from './history/days';
import { loadMrrHistory } from './history/load-mrr-history';
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
}

interface CachedHistory {
  history: MrrHistory;
  settingsKey: string;
  /** SQLite's data_version when it was built: it moves when another connection (the cron CLI) commits. */
  dataVersion: number;
}

export function createMetricsService(context: Pick<CoreContext, 'db' | 'clock' | 'logger'>): MetricsService {
  const { db, logger } = context;
  const cache = new Map<string, CachedHistory>();
  const today = () => dayOf(Math.floor(context.clock.now().getTime() / 1000));
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;

  return {
    today,
    settings: () => readMrrSettings(db),
    history(accountId) {
      const settings = readMrrSettings(db);
      const settingsKey = `${settings.subtractFiniteDiscounts}:${settings.cancellation}`;
      const day = today();
      const version = dataVersion();
      const cached = cache.get(accountId);
      // A settings change, a new day or another process's sync each make the cached history wrong; the sync service
      // of this process says so itself through `invalidate`.
      if (cached && cached.settingsKey === settingsKey && cached.history.lastDay === day && cached.dataVersion === version) return cached.history;
      const started = performance.now();
      const history = loadMrrHistory(db, accountId, settings, day);
      logger.debug('MRR history built', { accountId, ms: Math.round(performance.now() - started), reason: cached ? 'stale' : 'first use' });
      cache.set(accountId, { history, settingsKey, dataVersion: version });
      return history;
    },
    invalidate(accountId) {
      if (accountId === undefined) cache.clear();
      else cache.delete(accountId);
    },
  };
}
