import { describe, expect, it } from 'vitest';
import { staleData } from '../../../src/core/insights/rules/stale-data';
import { useTempDatabases } from '../db/temp-database';
import { createMirror, insightContext } from './insight-fixture';

/** Now is 2025-06-15 15:30 UTC. */
describe('the stale-data rule', () => {
  const databases = useTempDatabases();

  it('fires when the last successful sync finished more than 24 hours ago; failed runs since do not count', () => {
    const db = databases.open();
    const mirror = createMirror(db);
    mirror.syncRun({ startedAt: '2025-06-13T09:55:00.000Z', finishedAt: '2025-06-13T10:00:00.000Z', status: 'succeeded' });
    mirror.syncRun({ startedAt: '2025-06-15T09:55:00.000Z', finishedAt: '2025-06-15T10:00:00.000Z', status: 'failed' });
    expect(staleData.evaluate(insightContext(db))).toEqual([
      {
        id: 'stale-data',
        rule: 'stale-data',
        severity: 'warning',
        currency: null,
        title: 'The data is out of date',
        sentence:
          'The last successful sync finished 53 hours ago (2025-06-13 10:00 UTC), more than the 24 hours allowed: anything that changed in Stripe since is missing. Run Sync Now, or check the sync log for errors.',
        figures: [{ key: 'hoursSinceSync', label: 'Hours since the last successful sync', value: 53, unit: 'hours' }],
        thresholds: [{ setting: 'staleSyncHours', value: 24, description: 'the last successful sync is at most 24 hours old' }],
        rows: null,
        drilldown: null,
      },
    ]);
    expect(staleData.evaluate(insightContext(db, { thresholds: { staleSyncHours: 53.5 } }))).toEqual([]);
    expect(staleData.evaluate(insightContext(db, { thresholds: { staleSyncHours: 53.4 } }))).toHaveLength(1);
  });

  it('counts a partial run as a successful one, as the sync status does', () => {
    const db = databases.open();
    createMirror(db).syncRun({ startedAt: '2025-06-15T09:00:00.000Z', finishedAt: '2025-06-15T09:30:00.000Z', status: 'partial' });
    expect(staleData.evaluate(insightContext(db))).toEqual([]);
  });

  it('says so when no sync has finished yet', () => {
    const db = databases.open();
    createMirror(db).syncRun({ startedAt: '2025-06-15T15:00:00.000Z', finishedAt: null, status: 'running' });
    expect(staleData.evaluate(insightContext(db))).toMatchObject([{ title: 'No sync has finished yet', figures: [{ key: 'hoursSinceSync', value: null }] }]);
  });
});
