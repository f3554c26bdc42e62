import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { listSyncLogs } from '../../../src/core/db/repositories/sync-logs';
import { readEventsCursor } from '../../../src/core/db/repositories/events-cursor';
import { systemClock } from '../../../src/core/ports';
import { createSyncRunner } from '../../../src/core/stripe/sync/sync-runner';
import { rateLimitProfiles } from '../../../src/sim/server/rate-limiter';
import { type Simulator, startSimulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { expectMirrorEqualsTruth } from '../../support/mirror';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';

const now = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_fullsynctest01';

describe('a full sync of a simulated account with test-mode rate limits', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  let db: ReturnType<typeof openDatabase>;
  beforeAll(async () => {
    simulator = await startSimulator({ seed: 7, customers: 150, now, server: { rateLimits: rateLimitProfiles.test } });
    temp = makeTempDir();
    db = openDatabase(path.join(temp.dir, 'recur.db'));
    insertTestAccount(db, accountId);
  });
  afterAll(async () => {
    db.close();
    temp.remove();
    await simulator.stop();
  });

  it('mirrors every object of every table exactly, items and lines complete, under the rate limits', async () => {
    const logger = createMemoryLogger();
    // Progress, as the Sync page shows it: each resource's share of its time range paged never goes back, and ends at 1.
    const coverage: Record<string, number[]> = {};
    const runner = createSyncRunner({
      db,
      logger,
      clock: systemClock,
      connect: async () => ({ apiKey: simulator.apiKey, apiBase: simulator.url, mode: 'test', keyHint: '(…abcd)' }),
      onProgress: (_accountId, progress) => {
        for (const [resource, share] of Object.entries(progress.coverage)) (coverage[resource] ??= []).push(share);
      },
    });
    const result = await runner.run({ accountId, trigger: 'cli', kind: 'full' });
    expect(result.error).toBeNull();
    expect(result.status).toBe('succeeded');
    for (const [resource, shares] of Object.entries(coverage)) {
      expect(shares, resource).toEqual([...shares].sort((a, b) => a - b));
      expect(shares.at(-1), resource).toBe(1);
    }
    expect(Object.keys(coverage).sort()).toEqual(['charges', 'coupons', 'customers', 'invoices', 'prices', 'products', 'refunds', 'subscriptions']);

    // Every id of every table, and every stored object field for field as Stripe (the simulator) returns it.
    expectMirrorEqualsTruth(db, accountId, simulator.account, now);

    // The 13-item subscription of the 12-add-on customer, and its 13-line invoices, are complete.
    const addOnCustomer = simulator.account.story(3);
    const addOnSubscription = addOnCustomer.subscriptions[0]?.id ?? '';
    expect(db.prepare('SELECT count(*) FROM subscription_items WHERE account_id = ? AND subscription_id = ?').pluck().get(accountId, addOnSubscription)).toBe(13);

    expect(Object.values(simulator.server.counters.rateLimited).reduce((sum, count) => sum + count, 0)).toBe(0);
    expect(readEventsCursor(db, accountId)?.lastEventId).toMatch(/^evt_/);
    const [log] = listSyncLogs(db, accountId);
    expect(log).toMatchObject({ status: 'succeeded', trigger: 'cli', kind: 'full', error: null });
    expect(log?.requests).toBe(result.requests);
  });

  it('knows the coupon of every subscription discount, and the snapshot of a 13-item subscription holds all 13 items', () => {
    const refs = db
      .prepare<[string], string>('SELECT discounts FROM subscriptions WHERE account_id = ?')
      .pluck()
      .all(accountId)
      .flatMap((json) => JSON.parse(json) as { id: string; coupon: string | null }[]);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => ref.coupon === null)).toEqual([]);

    const addOnSubscription = simulator.account.story(3).subscriptions[0]?.id ?? '';
    const snapshot = db.prepare<[string, string], string>('SELECT raw FROM subscription_snapshots WHERE account_id = ? AND subscription_id = ?').pluck().get(accountId, addOnSubscription) ?? '{}';
    const { items } = JSON.parse(snapshot) as { items: { data: { id: string }[]; has_more: boolean } };
    expect(items.has_more).toBe(false);
    expect(items.data.map((item) => item.id).sort()).toEqual(db.prepare('SELECT id FROM subscription_items WHERE account_id = ? AND subscription_id = ? ORDER BY id').pluck().all(accountId, addOnSubscription));
    expect(items.data).toHaveLength(13);
  });
});
