import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db/connection';
import { listLedgerEntries } from '../../src/core/db/repositories/event-ledger';
import { readEventsCursor } from '../../src/core/db/repositories/events-cursor';
import { listSyncLogs } from '../../src/core/db/repositories/sync-logs';
import { dayOf, isoDay } from '../../src/core/metrics/history/days';
import { loadMrrHistory } from '../../src/core/metrics/history/load-mrr-history';
import { readMrrSettings } from '../../src/core/metrics/mrr-settings';
import { accountOverviewAt } from '../../src/core/metrics/account-overview';
import { readReportingSettings } from '../../src/core/metrics/reporting-settings';
import { type Clock } from '../../src/core/ports';
import { createSyncRunner } from '../../src/core/stripe/sync/sync-runner';
import { createRandom } from '../../src/sim/model/random';
import { type Simulator, startSimulator } from '../../src/sim/start-simulator';
import { createMemoryLogger } from '../support/memory-logger';
import { expectMirrorEqualsTruth } from '../support/mirror';
import { storyEvents } from '../support/simulator';
import { makeTempDir } from '../support/temp-dir';
import { insertTestAccount } from '../support/test-account';
import { type Child, killWhen, reopenAndCheck, startMetricsCli, startSyncWorker } from './support/processes';

/**
 * Crash-resume: SIGKILL at seeded points of a full sync, of an incremental sync, and of a metrics recompute running
 * beside a sync. After every kill the file opens (Recur's own checks and migrations) with `PRAGMA integrity_check` =
 * ok and no broken foreign key, and one last sync brings it to the ground truth.
 *
 * Already proven elsewhere, not repeated: tests/integration/sync/kill-resume.test.ts SIGKILLs `npm run sync:stripe`
 * ten times at seeded request counts of a full sync and checks the resumed sync refetches only pages in flight;
 * shared-database.test.ts takes over the lease of a killed cron run. Added here: kills *inside* a write transaction
 * (after its statements, before COMMIT), integrity after every single kill, kills of the incremental (events) sync,
 * and kills of the metrics CLI while a sync writes.
 */

const start = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_crashresume01';
const day = 86_400;

describe('SIGKILL at seeded points of syncs and of a metrics recompute', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  let databasePath: string;
  const random = createRandom(4242);
  const kills = { inTransaction: 0, outside: 0 };

  beforeAll(async () => {
    // Rate limits off and a little latency: a sync lasts a second or two, and its pages arrive one by one.
    simulator = await startSimulator({ seed: 61, customers: 150, now: start, server: { rateLimits: null, latency: { baseMs: 8, perObjectMs: 0.1 } } });
    temp = makeTempDir();
  });
  afterAll(async () => {
    temp.remove();
    await simulator.stop();
  });

  /** Runs one worker to be killed: inside its N-th transaction, or from outside after N more requests reach Stripe. */
  const killedRun = async (kind: 'full' | 'incremental', inTransaction: boolean, range: [number, number]): Promise<void> => {
    const point = random.int(range[0], range[1]);
    const now = simulator.account.clock.now();
    if (inTransaction) {
      const worker = startSyncWorker(simulator, { databasePath, accountId, kind, now, killInTransaction: point });
      const { signal } = await worker.exit;
      if (signal === 'SIGKILL') kills.inTransaction++;
    } else {
      const target = simulator.server.counters.requests + point;
      const worker = startSyncWorker(simulator, { databasePath, accountId, kind, now });
      if (await killWhen(worker, () => simulator.server.counters.requests >= target)) kills.outside++;
    }
    const check = reopenAndCheck(databasePath);
    expect(check.integrity, `after a kill of a ${kind} sync`).toBe('ok');
    expect(check.foreignKeys).toEqual([]);
  };

  const finalRun = async (kind: 'full' | 'incremental' | 'auto'): Promise<void> => {
    const done = await startSyncWorker(simulator, { databasePath, accountId, kind, now: simulator.account.clock.now() }).exit;
    expect(done.code, done.stderr).toBe(0);
  };

  it('a full sync killed six times, half of them mid-transaction, opens whole each time and ends equal to the account', async () => {
    databasePath = path.join(temp.dir, 'full', 'recur.db');
    for (let round = 0; round < 6; round++) await killedRun('full', round % 2 === 0, round % 2 === 0 ? [2, 30] : [10, 60]);
    await finalRun('full');

    const db = openDatabase(databasePath);
    try {
      expectMirrorEqualsTruth(db, accountId, simulator.account, simulator.account.clock.now());
      const logs = listSyncLogs(db, accountId);
      expect(logs[0]).toMatchObject({ kind: 'full', status: 'succeeded' });
      // Every killed run is said to be interrupted (the one killed before its log row committed left none).
      expect(logs.filter((log) => log.status === 'interrupted').length).toBeGreaterThanOrEqual(kills.inTransaction + kills.outside - 1);
      expect(logs.some((log) => log.status === 'running')).toBe(false);
    } finally {
      db.close();
    }
    // A kill point past the end of what is left lets that run finish: most must land.
    expect(kills.inTransaction).toBeGreaterThanOrEqual(2);
    expect(kills.outside).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('an incremental sync killed six times while applying four days of events misses none of them', async () => {
    databasePath = path.join(temp.dir, 'incremental', 'recur.db');
    await fullSyncHere();
    const cursorBefore = readCursor();
    const from = simulator.account.clock.now();
    simulator.account.clock.advance(4 * day);
    const to = simulator.account.clock.now();
    const expected = storyEvents(simulator.account, from + 1, to);
    expect(expected.length).toBeGreaterThan(50);

    kills.inTransaction = 0;
    kills.outside = 0;
    // Each event is applied in its own transaction, and a transaction or two open the run: points spread over the lot.
    for (let round = 0; round < 6; round++) await killedRun('incremental', round % 2 === 0, round % 2 === 0 ? [2, Math.ceil(expected.length / 4)] : [2, 12]);
    await finalRun('incremental');

    const db = openDatabase(databasePath);
    try {
      expectMirrorEqualsTruth(db, accountId, simulator.account, to);
      const ledger = new Map(listLedgerEntries(db, accountId, 100_000).map((entry) => [entry.eventId, entry]));
      // Every event of the four days is in the ledger once and processed: none left half-claimed by a killed run.
      for (const event of expected) expect(ledger.get(event.id)?.status, `${event.id} ${event.type}`).toBe('processed');
      expect([...ledger.values()].filter((entry) => entry.status !== 'processed')).toEqual([]);
      const cursor = readEventsCursor(db, accountId);
      expect(cursor?.lastEventCreated).toBeGreaterThan(cursorBefore);
      expect(cursor?.lastEventCreated).toBeLessThanOrEqual(to);
    } finally {
      db.close();
    }
    expect(kills.inTransaction).toBeGreaterThanOrEqual(2);
    expect(kills.outside).toBeGreaterThanOrEqual(1);
  }, 240_000);

  it('the metrics CLI killed mid-recompute while a sync writes beside it: the file stays whole, and the figures then match a recompute here', async () => {
    databasePath = path.join(temp.dir, 'metrics', 'recur.db');
    await fullSyncHere();
    const at = isoDay(dayOf(simulator.account.clock.now() + 2 * day));
    let metricsKills = 0;
    for (let round = 0; round < 3; round++) {
      simulator.account.clock.advance(day / 2);
      const now = simulator.account.clock.now();
      const sync = startSyncWorker(simulator, { databasePath, accountId, kind: 'incremental', now });
      const metrics: Child = startMetricsCli(databasePath, accountId, at);
      // The CLI needs a moment to start (tsx) and then reads the whole account: killed at a seeded delay into it.
      const delayMs = random.int(300, 2500);
      const deadline = Date.now() + delayMs;
      if (await killWhen(metrics, () => Date.now() >= deadline)) metricsKills++;
      await killWhen(sync, () => true);
      const check = reopenAndCheck(databasePath);
      expect(check.integrity).toBe('ok');
      expect(check.foreignKeys).toEqual([]);
    }
    expect(metricsKills).toBeGreaterThanOrEqual(1);

    await finalRun('incremental');
    const answered = await startMetricsCli(databasePath, accountId, at).exit;
    expect(answered.code, answered.stderr).toBe(0);
    const db = openDatabase(databasePath);
    try {
      expectMirrorEqualsTruth(db, accountId, simulator.account, simulator.account.clock.now());
      const day = dayOf(Date.parse(at) / 1000);
      const { byCurrency, converted } = accountOverviewAt(db, accountId, loadMrrHistory(db, accountId, readMrrSettings(db), day), day, readReportingSettings(db));
      expect(JSON.parse(answered.stdout)).toEqual(JSON.parse(JSON.stringify({ at: isoDay(day), accountId, byCurrency, converted })));
    } finally {
      db.close();
    }
  }, 240_000);

  /** The starting point of the incremental scenarios: a full sync, run in this process (it is not what is tested). */
  async function fullSyncHere(): Promise<void> {
    const db = openDatabase(databasePath);
    try {
      insertTestAccount(db, accountId);
      const clock: Clock = { now: () => new Date(simulator.account.clock.now() * 1000) };
      const runner = createSyncRunner({ db, logger: createMemoryLogger(), clock, connect: async () => ({ apiKey: simulator.apiKey, apiBase: simulator.url, mode: 'test', keyHint: '(…abcd)' }) });
      expect((await runner.run({ accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
    } finally {
      db.close();
    }
  }

  function readCursor(): number {
    const db = openDatabase(databasePath);
    try {
      return readEventsCursor(db, accountId)?.lastEventCreated ?? 0;
    } finally {
      db.close();
    }
  }
});
