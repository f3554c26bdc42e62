import { type InsightRule } from '../insight-rule';
import { counted } from '../insight-text';

/**
 * Every figure is only as fresh as the mirror: when the last sync that brought the data up to date (a succeeded or
 * partial run, as `sync:status` counts it) is older than the threshold, say so before anyone acts on stale numbers.
 */
export const staleData: InsightRule = {
  id: 'stale-data',
  readsPresentState: true,
  evaluate({ db, accountId, now, thresholds }) {
    const limit = thresholds.staleSyncHours;
    const threshold = { setting: 'staleSyncHours', value: limit, description: `the last successful sync is at most ${counted(limit, 'hour')} old` } as const;
    const lastSucceeded = db
      .prepare<[string], string | null>("SELECT max(finished_at) FROM sync_logs WHERE account_id = ? AND status IN ('succeeded', 'partial')")
      .pluck()
      .get(accountId);
    if (lastSucceeded === null || lastSucceeded === undefined) {
      return [
        {
          id: 'stale-data',
          rule: 'stale-data',
          severity: 'warning',
          currency: null,
          title: 'No sync has finished yet',
          sentence: 'Recur has not yet finished a sync of this account, so its figures may be missing data. Run Sync Now, or check the sync log for errors.',
          figures: [{ key: 'hoursSinceSync', label: 'Hours since the last successful sync', value: null, unit: 'hours' }],
          thresholds: [threshold],
          rows: null,
          drilldown: null,
        },
      ];
    }
    const elapsedHours = (now - Date.parse(lastSucceeded) / 1000) / 3600;
    if (elapsedHours <= limit) return [];
    const hours = Math.floor(elapsedHours);
    return [
      {
        id: 'stale-data',
        rule: 'stale-data',
        severity: 'warning',
        currency: null,
        title: 'The data is out of date',
        sentence: `The last successful sync finished ${counted(hours, 'hour')} ago (${lastSucceeded.slice(0, 16).replace('T', ' ')} UTC), more than the ${counted(limit, 'hour')} allowed: anything that changed in Stripe since is missing. Run Sync Now, or check the sync log for errors.`,
        figures: [{ key: 'hoursSinceSync', label: 'Hours since the last successful sync', value: hours, unit: 'hours' }],
        thresholds: [threshold],
        rows: null,
        drilldown: null,
      },
    ];
  },
};
