import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { readEventsCursor } from '../../../src/core/db/repositories/events-cursor';
import { listSyncLogs } from '../../../src/core/db/repositories/sync-logs';
import { systemClock } from '../../../src/core/ports';
import { createSyncRunner } from '../../../src/core/stripe/sync/sync-runner';
import { type Simulator, startSimulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { expectMirrorEqualsTruth } from '../../support/mirror';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';

const now = Date.UTC(2026, 10, 27) / 1000;

describe('two Stripe accounts in one database', () => {
  // The same seed at two sizes: the accounts share many Stripe ids (products, prices, early customers) with different
  // contents where their histories differ, which only `account_id` tells apart.
  const accounts = { acc_twoaccountsbig: { customers: 160 }, acc_twoaccountssml: { customers: 90 } } as const;
  const simulators = new Map<string, Simulator>();
  let temp: ReturnType<typeof makeTempDir>;
  let db: ReturnType<typeof openDatabase>;

  beforeAll(async () => {
    for (const [accountId, { customers }] of Object.entries(accounts)) simulators.set(accountId, await startSimulator({ seed: 21, customers, now }));
    temp = makeTempDir();
    db = openDatabase(path.join(temp.dir, 'recur.db'));
    for (const accountId of simulators.keys()) insertTestAccount(db, accountId);
  });
  afterAll(async () => {
    db.close();
    temp.remove();
    await Promise.all([...simulators.values()].map((simulator) => simulator.stop()));
  });

  it('syncs both at once, each mirror equal to its own account, with its own cursor and log', async () => {
    const simulatorOf = (accountId: string): Simulator => {
      const simulator = simulators.get(accountId);
      if (!simulator) throw new Error(`no simulator for ${accountId}`);
      return simulator;
    };
    const runner = createSyncRunner({
      db,
      logger: createMemoryLogger(),
      clock: systemClock,
      connect: async (accountId) => ({ apiKey: simulatorOf(accountId).apiKey, apiBase: simulatorOf(accountId).url, mode: 'test', keyHint: '(…abcd)' }),
    });

    const results = await Promise.all([...simulators.keys()].map((accountId) => runner.run({ accountId, trigger: 'manual', kind: 'full' })));
    expect(results.map((result) => [result.accountId, result.status])).toEqual(Object.keys(accounts).map((accountId) => [accountId, 'succeeded']));

    const sharedIds = db.prepare<[], number>('SELECT count(*) FROM (SELECT id FROM customers GROUP BY id HAVING count(DISTINCT account_id) = 2)').pluck().get();
    expect(sharedIds).toBeGreaterThan(0);
    for (const [accountId, simulator] of simulators) {
      expectMirrorEqualsTruth(db, accountId, simulator.account, now);
      expect(readEventsCursor(db, accountId)?.lastEventId).toMatch(/^evt_/);
      expect(listSyncLogs(db, accountId).map((log) => [log.kind, log.status])).toEqual([['full', 'succeeded']]);
    }

    // A day passes in the larger account only: its poll brings the changes, the other's finds nothing.
    const big = simulatorOf('acc_twoaccountsbig');
    big.account.clock.advance(86_400);
    const polled = await Promise.all([...simulators.keys()].map((accountId) => runner.run({ accountId, trigger: 'schedule', kind: 'incremental' })));
    expect(polled.map((result) => result.counts.events?.written ?? 0)).toSatisfy(([changed, quiet]: number[]) => (changed ?? 0) > 0 && quiet === 0);
    expectMirrorEqualsTruth(db, 'acc_twoaccountsbig', big.account, big.account.clock.now());
    expectMirrorEqualsTruth(db, 'acc_twoaccountssml', simulatorOf('acc_twoaccountssml').account, now);
  });
});
