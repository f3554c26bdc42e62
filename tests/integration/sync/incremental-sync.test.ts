import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { listLedgerEntries } from '../../../src/core/db/repositories/event-ledger';
import { readEventsCursor, writeEventsCursor } from '../../../src/core/db/repositories/events-cursor';
import { listSyncLogs } from '../../../src/core/db/repositories/sync-logs';
import { type Clock } from '../../../src/core/ports';
import { dayOf } from '../../../src/core/metrics/history/days';
import { loadMrrHistory, refreshCustomers } from '../../../src/core/metrics/history/load-mrr-history';
import { stripeDefaultMrrSettings } from '../../../src/core/metrics/mrr-types';
import { createSyncRunner, type SyncRunner } from '../../../src/core/stripe/sync/sync-runner';
import { type Simulator, startSimulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { expectMirrorEqualsTruth } from '../../support/mirror';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';

const start = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_incrementaltest';

describe('incremental sync from the events API', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  let db: ReturnType<typeof openDatabase>;
  let runner: SyncRunner;

  beforeEach(async () => {
    simulator = await startSimulator({ seed: 5, customers: 120, now: start, server: { rateLimits: null } });
    temp = makeTempDir();
    db = openDatabase(path.join(temp.dir, 'recur.db'));
    insertTestAccount(db, accountId);
    // Recur's clock follows the simulator's, as a real app's clock follows Stripe's.
    const clock: Clock = { now: () => new Date(simulator.account.clock.now() * 1000) };
    runner = createSyncRunner({ db, logger: createMemoryLogger(), clock, connect: async () => ({ apiKey: simulator.apiKey, apiBase: simulator.url, mode: 'test', keyHint: '(…abcd)' }) });
  });
  afterEach(async () => {
    db.close();
    temp.remove();
    await simulator.stop();
  });

  it('after a full sync, three days of changes arrive as events and the mirror equals the account again', async () => {
    expect((await runner.run({ accountId, trigger: 'launch', kind: 'auto' })).status).toBe('succeeded');
    simulator.account.clock.advance(3 * 86_400);

    const result = await runner.run({ accountId, trigger: 'schedule', kind: 'incremental' });

    expect(result.status).toBe('succeeded');
    expect(result.counts.events?.fetched).toBeGreaterThan(50);
    expectMirrorEqualsTruth(db, accountId, simulator.account, simulator.account.clock.now());
    const cursor = readEventsCursor(db, accountId);
    expect(cursor?.lastEventCreated).toBeLessThanOrEqual(simulator.account.clock.now());
    expect(cursor?.lastEventCreated).toBeGreaterThan(start);
    expect(listLedgerEntries(db, accountId, 10_000).every((entry) => entry.status === 'processed' && entry.source === 'poll')).toBe(true);
  });

  it('names the customers its events touched: re-reading just those makes the MRR history equal a full rebuild', async () => {
    expect((await runner.run({ accountId, trigger: 'launch', kind: 'full' })).touched).toBe('all');
    simulator.account.clock.advance(3 * 86_400);
    const lastDay = dayOf(simulator.account.clock.now());
    const patched = loadMrrHistory(db, accountId, stripeDefaultMrrSettings, lastDay);

    const result = await runner.run({ accountId, trigger: 'schedule', kind: 'incremental' });
    if (result.touched === 'all') throw new Error('an incremental run without catalogue events touched everyone');
    expect(result.touched.size).toBeGreaterThan(5);
    refreshCustomers(db, accountId, patched, [...result.touched]);

    const rebuilt = loadMrrHistory(db, accountId, stripeDefaultMrrSettings, lastDay);
    expect(patched.currencies().sort()).toEqual(rebuilt.currencies().sort());
    for (const currency of rebuilt.currencies()) {
      for (let day = rebuilt.firstDay; day <= lastDay; day++) expect(patched.mrrAt(currency, day), `${currency} day ${day}`).toBeCloseTo(rebuilt.mrrAt(currency, day), 6);
      expect(patched.movements(currency, rebuilt.firstDay, lastDay)).toEqual(rebuilt.movements(currency, rebuilt.firstDay, lastDay));
    }
  });

  it('polling again applies nothing twice: every event already in the ledger counts as a duplicate', async () => {
    await runner.run({ accountId, trigger: 'launch', kind: 'full' });
    simulator.account.clock.advance(86_400);
    const first = await runner.run({ accountId, trigger: 'schedule', kind: 'incremental' });
    const second = await runner.run({ accountId, trigger: 'schedule', kind: 'incremental' });
    expect(first.counts.events?.written).toBeGreaterThan(0);
    expect(second.counts.events?.written).toBe(0);
    // A quiet poll costs one read (one page of events): Stripe's read allocation is counted per request.
    expect(second.requests).toBe(1);
    expectMirrorEqualsTruth(db, accountId, simulator.account, simulator.account.clock.now());
  });

  it('a cursor 35 days old is logged as a gap and a full sync runs instead', async () => {
    await runner.run({ accountId, trigger: 'launch', kind: 'full' });
    writeEventsCursor(db, accountId, { lastEventId: 'evt_old', lastEventCreated: start - 35 * 86_400, updatedAt: new Date().toISOString() });

    const result = await runner.run({ accountId, trigger: 'schedule', kind: 'incremental' });

    const [gapRun, incrementalRun] = listSyncLogs(db, accountId);
    expect(incrementalRun).toMatchObject({ kind: 'incremental', status: 'failed' });
    expect(incrementalRun?.error).toContain('older than the 30 days Stripe keeps events');
    expect(gapRun).toMatchObject({ kind: 'full', trigger: 'gap', status: 'succeeded' });
    expect(result).toMatchObject({ status: 'succeeded', runId: gapRun?.id });
    expect(readEventsCursor(db, accountId)?.lastEventCreated).toBeGreaterThan(start - 86_400);
  });
});
