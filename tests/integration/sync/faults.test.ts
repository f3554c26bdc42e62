import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { listBackfillSlices } from '../../../src/core/db/repositories/backfill-slices';
import { readEventsCursor } from '../../../src/core/db/repositories/events-cursor';
import { listSyncLogs } from '../../../src/core/db/repositories/sync-logs';
import { type Clock } from '../../../src/core/ports';
import { createSyncRunner, type SyncRunner } from '../../../src/core/stripe/sync/sync-runner';
import { truthResources } from '../../../src/sim/account/ground-truth';
import { rateLimitProfiles } from '../../../src/sim/server/rate-limiter';
import { type Simulator, startSimulator, type StartSimulatorOptions } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { expectMirrorEqualsTruth } from '../../support/mirror';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';
import { waitUntil } from '../../support/simulator';

/**
 * What goes wrong between Recur and Stripe, one scenario each: a flaky network and a 429 storm (the sync must shrug
 * them off), a revoked key, a key missing a permission, and Stripe disappearing mid-sync. Each ends with exact
 * expectations on the status, the message a person reads, and what the database holds.
 */

const now = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_faultstest01';
const keyHint = '(…abcd)';

interface Setup {
  simulator: Simulator;
  db: ReturnType<typeof openDatabase>;
  logger: ReturnType<typeof createMemoryLogger>;
  runner: SyncRunner;
}

const disposals: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const dispose of disposals.splice(0).reverse()) await dispose();
});

/** `connection` overrides the key, or the simulator (one restarted on the same port), each sync connects with. */
async function setUp(options: StartSimulatorOptions, connection: { apiKey?: () => string; simulator?: () => Simulator | undefined } = {}): Promise<Setup> {
  const simulator = await startSimulator(options);
  const temp = makeTempDir();
  const db = openDatabase(path.join(temp.dir, 'recur.db'));
  disposals.push(async () => {
    db.close();
    temp.remove();
    await simulator.stop();
  });
  insertTestAccount(db, accountId);
  const logger = createMemoryLogger();
  const current = () => connection.simulator?.() ?? simulator;
  // Recur's clock follows the simulator's, as a real app's clock follows Stripe's.
  const clock: Clock = { now: () => new Date(current().account.clock.now() * 1000) };
  const runner = createSyncRunner({
    db,
    logger,
    clock,
    connect: async () => ({ apiKey: connection.apiKey?.() ?? current().apiKey, apiBase: current().url, mode: 'test', keyHint }),
  });
  return { simulator, db, logger, runner };
}

/** Rows per mirrored table: what must survive a failed sync. */
function rowCounts(db: ReturnType<typeof openDatabase>): Record<string, number> {
  return Object.fromEntries(truthResources.map((table) => [table, db.prepare<[string], number>(`SELECT count(*) FROM ${table} WHERE account_id = ?`).pluck().get(accountId) ?? 0]));
}

describe('syncing through a flaky network and a burst of 429s', () => {
  it('a full sync of 300 customers with 5% server errors, 2% resets, 2% cut-off bodies and 5% slow answers succeeds, and the mirror is exact', async () => {
    const faults = { serverErrorRate: 0.05, resetRate: 0.02, slowRate: 0.05, slowMs: 300, truncateRate: 0.02 };
    // Faults are drawn per admitted request from the seed: with seed 52 the first 70 requests (of the ~130 this sync
    // makes) already hold 4 server errors, 4 resets, 4 cut-off bodies and 4 slow answers, whatever the timing.
    const { simulator, db, runner } = await setUp({ seed: 52, customers: 300, now, server: { rateLimits: rateLimitProfiles.test, faults } });

    // A third of the way through, Stripe refuses the next 8 requests whatever they are: too many in flight.
    const burst = (async () => {
      await waitUntil(() => simulator.server.counters.requests >= 40, 'the sync to be a third of the way through', 25_000);
      simulator.server.setOptions({ forceRateLimited: { count: 8, reason: 'global-concurrency' } });
    })();
    const result = await runner.run({ accountId, trigger: 'manual', kind: 'full' });
    await burst;

    expect(result.error).toBeNull();
    expect(result.status).toBe('succeeded');
    expectMirrorEqualsTruth(db, accountId, simulator.account, now);

    // The faults really happened, every kind of them, and the 8 forced 429s with them.
    const served = simulator.server.counters;
    for (const kind of ['serverError', 'reset', 'truncate', 'slow'] as const) expect(served.faults[kind], kind).toBeGreaterThanOrEqual(4);
    expect(served.rateLimited['global-concurrency']).toBe(8);
    const served429s = Object.values(served.rateLimited).reduce((sum, count) => sum + count, 0);

    // The log counts every request sent, retries included, and every 429, exactly as Stripe (the simulator) saw them.
    const [log] = listSyncLogs(db, accountId);
    expect(log).toMatchObject({ kind: 'full', status: 'succeeded', error: null, requests: served.requests, rateLimitWaits: served429s });
    expect(result).toMatchObject({ requests: served.requests, rateLimited: served429s });
    expect(served.requests).toBeGreaterThan(served.byStatus['200'] ?? 0);
  });
});

describe('a key Stripe rejects', () => {
  it('revoked mid-sync and then for good: each sync fails with a message to act on, and nothing stored is lost', async () => {
    const { simulator, db, runner } = await setUp({ seed: 42, customers: 60, now, server: { rateLimits: null, latency: { baseMs: 20, perObjectMs: 0.1 } } });
    const first = await runner.run({ accountId, trigger: 'launch', kind: 'full' });
    expect(first.status).toBe('succeeded');
    const stored = rowCounts(db);
    const cursor = readEventsCursor(db, accountId);

    // The key is rolled in the Dashboard while the next full sync is half-way through.
    const revoke = (async () => {
      await waitUntil(() => simulator.server.counters.requests >= first.requests * 1.5, 'the second sync to be half-way through');
      simulator.server.setOptions({ apiKeys: [] });
    })();
    const revoked = await runner.run({ accountId, trigger: 'manual', kind: 'full' });
    await revoke;

    expect(revoked.status).toBe('failed');
    expect(revoked.requests).toBeGreaterThan(first.requests / 2);
    expect(revoked.error).toBe(
      'Stripe rejected the API key (…abcd). It may have been revoked or rolled: create a new restricted key in Stripe and connect it again in Settings. Your data already synced is kept.',
    );
    expect(rowCounts(db)).toEqual(stored);
    expectMirrorEqualsTruth(db, accountId, simulator.account, now);
    expect(readEventsCursor(db, accountId)).toEqual(cursor);

    // The next sync fails at its first request, the same way, and still loses nothing.
    const requestsBefore = simulator.server.counters.requests;
    const again = await runner.run({ accountId, trigger: 'schedule', kind: 'auto' });
    expect(again.status).toBe('failed');
    expect(again.error?.startsWith('Stripe rejected the API key')).toBe(true);
    expect(simulator.server.counters.requests - requestsBefore).toBe(1);
    expect(rowCounts(db)).toEqual(stored);
    expect(listSyncLogs(db, accountId).map((log) => log.status)).toEqual(['failed', 'failed', 'succeeded']);

    // A new key connected, the unfinished full sync resumes and completes.
    simulator.server.setOptions({ apiKeys: [simulator.apiKey] });
    const resumed = await runner.run({ accountId, trigger: 'manual', kind: 'auto' });
    expect(resumed).toMatchObject({ status: 'succeeded', error: null });
    expectMirrorEqualsTruth(db, accountId, simulator.account, now);
  });
});

describe('a restricted key without the invoices permission', () => {
  it('syncs everything else, says which permission to add, and leaves invoices empty', async () => {
    const restrictedKey = 'rk_test_faultsNoInvoices0001abcd';
    const { simulator, db, runner, logger } = await setUp(
      { seed: 43, customers: 80, now, server: { rateLimits: null, extraApiKeys: [restrictedKey], restrictedKeys: { [restrictedKey]: { deny: ['invoices'] } } } },
      { apiKey: () => restrictedKey },
    );

    const result = await runner.run({ accountId, trigger: 'launch', kind: 'full' });

    expect(result.status).toBe('partial');
    expect(result.error).toBe('The key (…abcd) may not read invoices, so those were skipped and the rest synced. Give the key Read access to it in Stripe to see the full picture.');
    expect(listSyncLogs(db, accountId)[0]).toMatchObject({ status: 'partial', error: result.error });
    expect(logger.entries.filter((entry) => entry.message === 'A resource could not be read with this key').map((entry) => entry.fields)).toContainEqual({ resource: 'invoices', permission: 'rak_invoice_read' });
    expect(rowCounts(db)).toMatchObject({ invoices: 0, invoice_lines: 0 });
    expectMirrorEqualsTruth(db, accountId, simulator.account, now, { except: ['invoices', 'invoice_lines'] });
  });
});

describe('Stripe unreachable mid-sync', () => {
  it('fails with the could-not-reach message, then resumes against Stripe back on the same port and ends equal to the account', async () => {
    const apiKey = 'sk_test_faultsStripeDown000000abcd';
    const options: StartSimulatorOptions = { seed: 44, customers: 80, now, apiKey, server: { rateLimits: rateLimitProfiles.test, latency: { baseMs: 30, perObjectMs: 0.3 } } };
    const restarts: Simulator[] = [];
    const { simulator, db, runner } = await setUp(options, { simulator: () => restarts.at(-1) });

    // Stripe goes away (the server closes, every socket with it) a few dozen requests into the backfill.
    const outage = (async () => {
      await waitUntil(() => simulator.server.counters.requests >= 30, 'the backfill to be under way');
      await simulator.stop();
    })();
    const down = await runner.run({ accountId, trigger: 'launch', kind: 'full' });
    await outage;

    expect(down.status).toBe('failed');
    expect(down.error).toBe('Recur could not reach Stripe, or Stripe kept failing, even after retrying. Check your connection; the next sync resumes where this one stopped, and nothing stored was lost.');
    const slices = listBackfillSlices(db, accountId);
    const written = rowCounts(db);
    expect(slices.some((slice) => slice.status !== 'done')).toBe(true);
    expect((written.invoices ?? 0) + (written.charges ?? 0)).toBeGreaterThan(0);

    // Stripe is back where it was; the next sync picks up the unfinished slices and completes.
    const live = await startSimulator({ ...options, port: simulator.port });
    restarts.push(live);
    disposals.push(() => live.stop());
    const resumed = await runner.run({ accountId, trigger: 'schedule', kind: 'auto' });

    expect(resumed).toMatchObject({ status: 'succeeded', error: null });
    expect(listSyncLogs(db, accountId).map((log) => [log.kind, log.status])).toEqual([
      ['full', 'succeeded'],
      ['full', 'failed'],
    ]);
    expectMirrorEqualsTruth(db, accountId, live.account, now);
    // Resumed, not restarted: fewer objects fetched than the account holds, because the pages written before the outage were kept.
    const fetched = Object.values(resumed.counts).reduce((sum, tally) => sum + tally.fetched, 0);
    const { subscription_items: items = 0, invoice_lines: lines = 0, ...listed } = rowCounts(db);
    expect(items + lines).toBeGreaterThan(0);
    expect(fetched).toBeLessThan(Object.values(listed).reduce((sum, count) => sum + count, 0));
  });
});
