import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { insertAccount } from '../../../src/core/db/repositories/accounts';
import { listSyncLogs } from '../../../src/core/db/repositories/sync-logs';
import { readEventsCursor } from '../../../src/core/db/repositories/events-cursor';
import { systemClock } from '../../../src/core/ports';
import { createSyncRunner } from '../../../src/core/stripe/sync/sync-runner';
import { type TruthResource, visitObjectsAt } from '../../../src/sim/account/ground-truth';
import { rateLimitProfiles } from '../../../src/sim/server/rate-limiter';
import { type Simulator, startSimulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { makeTempDir } from '../../support/temp-dir';

const now = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_fullsynctest01';

/** Ids in the database per table, and the truth's, for comparison. */
function idsByTable(db: ReturnType<typeof openDatabase>, table: string): string[] {
  return db.prepare<[string], string>(`SELECT id FROM ${table} WHERE account_id = ? ORDER BY id`).pluck().all(accountId);
}

describe('a full sync of a simulated account with test-mode rate limits', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  let db: ReturnType<typeof openDatabase>;
  const truth = new Map<TruthResource, Map<string, Record<string, unknown>>>();

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 7, customers: 150, now, server: { rateLimits: rateLimitProfiles.test } });
    temp = makeTempDir();
    db = openDatabase(path.join(temp.dir, 'recur.db'));
    insertAccount(db, { id: accountId, displayName: 'Sim', source: 'stripe', stripeAccountId: null, keyMode: 'test', keyKind: 'secret', keyLast4: 'abcd', createdAt: new Date().toISOString() });
    visitObjectsAt(simulator.account, now, (resource, object) => {
      const byId = truth.get(resource) ?? new Map();
      byId.set((object as { id: string }).id, object as Record<string, unknown>);
      truth.set(resource, byId);
    });
  });
  afterAll(async () => {
    db.close();
    temp.remove();
    await simulator.stop();
  });

  it('mirrors every object of every table exactly, items and lines complete, under the rate limits', async () => {
    const logger = createMemoryLogger();
    const runner = createSyncRunner({
      db,
      logger,
      clock: systemClock,
      connect: async () => ({ apiKey: simulator.apiKey, apiBase: simulator.url, mode: 'test', keyHint: '(…abcd)' }),
    });
    const result = await runner.run({ accountId, trigger: 'cli', kind: 'full' });
    expect(result.error).toBeNull();
    expect(result.status).toBe('succeeded');

    const live = (resource: TruthResource) => [...(truth.get(resource) ?? new Map()).entries()].filter(([, object]) => object.deleted !== true).map(([id]) => id).sort();
    expect(idsByTable(db, 'products')).toEqual(live('products'));
    expect(idsByTable(db, 'prices')).toEqual(live('prices'));
    expect(idsByTable(db, 'coupons')).toEqual(live('coupons'));
    expect(idsByTable(db, 'customers')).toEqual(live('customers'));
    expect(idsByTable(db, 'subscriptions')).toEqual(live('subscriptions'));
    expect(idsByTable(db, 'subscription_items')).toEqual(live('subscription_items'));
    expect(idsByTable(db, 'invoices')).toEqual(live('invoices'));
    expect(idsByTable(db, 'invoice_lines')).toEqual(live('invoice_lines'));
    expect(idsByTable(db, 'charges')).toEqual(live('charges'));
    expect(idsByTable(db, 'refunds')).toEqual(live('refunds'));

    // Field for field: what is stored is what Stripe (the simulator) says the object is.
    for (const [table, resource] of [['customers', 'customers'], ['subscriptions', 'subscriptions'], ['invoices', 'invoices'], ['charges', 'charges'], ['refunds', 'refunds']] as const) {
      for (const row of db.prepare<[string], { id: string; raw: string }>(`SELECT id, raw FROM ${table} WHERE account_id = ?`).all(accountId)) {
        expect(JSON.parse(row.raw), `${table} ${row.id}`).toEqual(truth.get(resource)?.get(row.id));
      }
    }

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
});
