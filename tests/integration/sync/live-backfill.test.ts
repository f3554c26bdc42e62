import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { readEventsCursor } from '../../../src/core/db/repositories/events-cursor';
import { listSyncLogs } from '../../../src/core/db/repositories/sync-logs';
import { type Clock } from '../../../src/core/ports';
import { createSyncRunner } from '../../../src/core/stripe/sync/sync-runner';
import { rateLimitProfiles } from '../../../src/sim/server/rate-limiter';
import { type Simulator, startSimulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { expectMirrorEqualsTruth } from '../../support/mirror';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';

const start = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_livebackfill01';
const hour = 3600;

/**
 * While the backfill runs, an hour of business happens on the account for every request Recur sends (checked every
 * 25 ms): the account changes under the backfill by the same few days however fast or slow the machine is.
 */
const tickMs = 25;
const secondsPerRequest = hour;

describe('a long backfill while the account keeps changing', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  let db: ReturnType<typeof openDatabase>;

  beforeAll(async () => {
    // Test-mode rate limits and list latency spread the backfill's ~150 requests over seconds, interleaved with the ticks.
    // Seed 21 ends a `once` coupon inside the window: the subscription update the simulator emits for it must reach the
    // mirror like any other change.
    simulator = await startSimulator({ seed: 21, customers: 400, now: start, server: { rateLimits: rateLimitProfiles.test, latency: { baseMs: 25, perObjectMs: 0.5 } } });
    temp = makeTempDir();
    db = openDatabase(path.join(temp.dir, 'recur.db'));
    insertTestAccount(db, accountId);
  });
  afterAll(async () => {
    db.close();
    temp.remove();
    await simulator.stop();
  });

  it('after the backfill and one poll of the events, the mirror equals the account at the final instant', async () => {
    const { clock: simClock } = simulator.account;
    // Recur's clock follows the simulator's, as a real app's clock follows Stripe's.
    const clock: Clock = { now: () => new Date(simClock.now() * 1000) };
    const runner = createSyncRunner({ db, logger: createMemoryLogger(), clock, connect: async () => ({ apiKey: simulator.apiKey, apiBase: simulator.url, mode: 'test', keyHint: '(…abcd)' }) });

    let requestsSeen = 0;
    const ticker = setInterval(() => {
      const { requests } = simulator.server.counters;
      simClock.advance((requests - requestsSeen) * secondsPerRequest);
      requestsSeen = requests;
    }, tickMs);
    const backfill = await runner.run({ accountId, trigger: 'launch', kind: 'full' }).finally(() => clearInterval(ticker));
    const backfillEnded = simClock.now();

    expect(backfill.status).toBe('succeeded');
    // The scenario is only a scenario if the account really changed under the backfill: days of business.
    expect(backfillEnded - start).toBeGreaterThan(4 * 24 * hour);
    // The cursor was taken before the backfill, at (or just after) its first instant, not at its end.
    const cursorAfterBackfill = readEventsCursor(db, accountId);
    expect(cursorAfterBackfill?.lastEventCreated).toBeLessThanOrEqual(start + 2 * secondsPerRequest);
    // Pages were stamped with the server time they were read at, days apart: the stale protection's raw material.
    const stamps = db.prepare<[string], { first: number; last: number }>('SELECT min(source_ts) AS first, max(source_ts) AS last FROM invoices WHERE account_id = ?').get(accountId);
    expect((stamps?.last ?? 0) - (stamps?.first ?? 0)).toBeGreaterThan(24 * hour);

    const poll = await runner.run({ accountId, trigger: 'schedule', kind: 'incremental' });

    expect(poll.status).toBe('succeeded');
    // Everything that happened during the backfill arrived as events, from the cursor taken before it; events older than
    // the page that had already read their object were skipped as stale, not written over it.
    expect(poll.counts.events?.fetched).toBeGreaterThan(150);
    expect(poll.counts.events?.written).toBeLessThan(poll.counts.events?.fetched ?? 0);
    expectMirrorEqualsTruth(db, accountId, simulator.account, simClock.now());
    expect(listSyncLogs(db, accountId).map((log) => [log.kind, log.status])).toEqual([
      ['incremental', 'succeeded'],
      ['full', 'succeeded'],
    ]);
  }, 60_000);
});
