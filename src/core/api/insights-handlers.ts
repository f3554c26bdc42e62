import { AppError } from '../app-error';
import { type CoreContext } from '../core-context';
import { findAccount } from '../db/repositories/accounts';
import { dayOfIso, isoDay } from '../metrics/history/days';
import { type MetricsService } from '../metrics/metrics-service';
import { evaluateInsights } from '../insights/evaluate-insights';
import { customerNames } from '../reports/metrics-report-range';
import { type DomainHandlers } from './handler-table';
import { currentSettings } from './settings-handlers';

/**
 * The insights channel. Like the metrics channels it answers for a UTC day, reading a day after today as today, on
 * the account's cached MRR history; the thresholds are the user's settings, read on every call so a change applies at
 * once.
 */
export function insightsHandlers(context: CoreContext, metrics: MetricsService): DomainHandlers<'insights:list'> {
  const { db } = context;
  return {
    'insights:list': ({ accountId, at }) => {
      if (!findAccount(db, accountId)) {
        metrics.invalidate(accountId);
        throw new AppError('not_found', 'That account is no longer connected. Reload the list of accounts.');
      }
      const today = metrics.today();
      const day = at === undefined ? today : Math.min(dayOfIso(at), today);
      const insights = evaluateInsights(
        {
          db,
          accountId,
          history: metrics.history(accountId),
          day,
          now: Math.floor(context.clock.now().getTime() / 1000),
          thresholds: currentSettings(context).insightThresholds,
          names: customerNames(db, accountId),
        },
        today,
      );
      return { at: isoDay(day), presentStateChecked: day === today, insights };
    },
  };
}
