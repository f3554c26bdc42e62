import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { systemClock } from '../../../src/core/ports';
import { dayOf } from '../../../src/core/metrics/history/days';
import { accountQueries, accountSubscriptionInputs, loadSubscriptionInputs } from '../../../src/core/metrics/history/history-inputs';
import { loadMrrHistory } from '../../../src/core/metrics/history/load-mrr-history';
import { startReaderThread } from '../../../src/core/metrics/history/reader-thread';
import { type MrrHistory } from '../../../src/core/metrics/history/mrr-history';
import { stripeDefaultMrrSettings } from '../../../src/core/metrics/mrr-types';
import { periodFigures } from '../../../src/core/metrics/period-figures';
import { createSyncRunner } from '../../../src/core/stripe/sync/sync-runner';
import { dailyMrrByCustomer, historyDays } from '../../../src/sim/account/ground-truth';
import { type Simulator, startSimulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';

const now = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_mrrhistory0001';

/** A customer's end-of-day MRR for each day from `firstDay`, from their history's changes. */
function dailyFromHistory(history: MrrHistory, customerId: string, currency: string, firstDay: number, days: number): Float64Array {
  const daily = new Float64Array(days);
  const changes = history.customer(customerId, currency)?.changes ?? [];
  let index = 0;
  let current = 0;
  for (let offset = 0; offset < days; offset++) {
    while (index < changes.length && (changes[index]?.day ?? Infinity) <= firstDay + offset) current = changes[index++]?.mrr ?? 0;
    daily[offset] = current;
  }
  return daily;
}

describe('MRR history of a synced account against the simulator’s ground truth', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  let db: ReturnType<typeof openDatabase>;
  let history: MrrHistory;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 7, customers: 300, now });
    temp = makeTempDir();
    db = openDatabase(path.join(temp.dir, 'recur.db'));
    insertTestAccount(db, accountId);
    const runner = createSyncRunner({ db, logger: createMemoryLogger(), clock: systemClock, connect: async () => ({ apiKey: simulator.apiKey, apiBase: simulator.url, mode: 'test', keyHint: '(…abcd)' }) });
    const result = await runner.run({ accountId, trigger: 'manual', kind: 'full' });
    expect(result.status).toBe('succeeded');
    history = loadMrrHistory(db, accountId, stripeDefaultMrrSettings, dayOf(now));
  }, 120_000);
  afterAll(async () => {
    db.close();
    temp.remove();
    await simulator.stop();
  });

  it('every customer’s MRR on every day of the account’s life equals the truth, reconstructed part included', () => {
    const { firstDay: firstDaySeconds, days } = historyDays(simulator.account, now);
    const firstDay = dayOf(firstDaySeconds);
    const mismatches: string[] = [];
    let customers = 0;
    for (const truth of dailyMrrByCustomer(simulator.account, now)) {
      customers++;
      const ours = dailyFromHistory(history, truth.customerId, truth.currency, firstDay, days);
      for (let offset = 0; offset < days; offset++) {
        const expected = truth.mrr[offset] ?? 0;
        const actual = ours[offset] ?? 0;
        if (Math.abs(expected - actual) > 1e-6) {
          mismatches.push(`${truth.customerId} ${truth.currency} day ${new Date((firstDay + offset) * 86_400_000).toISOString().slice(0, 10)}: expected ${expected}, got ${actual}`);
          break;
        }
      }
    }
    expect(customers).toBeGreaterThan(100);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('movements add up to the change in MRR, to the cent, for every month of the account’s life and every currency', () => {
    const { firstDay: firstDaySeconds } = historyDays(simulator.account, now);
    let months = 0;
    for (const currency of history.currencies()) {
      for (let start = new Date(firstDaySeconds * 1000); start.getTime() / 1000 < now; start = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))) {
        const firstDay = dayOf(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1) / 1000);
        const lastDay = Math.min(dayOf(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1) / 1000) - 1, dayOf(now));
        const figures = periodFigures(history, currency, firstDay, lastDay);
        expect(Math.abs(figures.mrr - figures.mrrAtStart - figures.netNewMrr), `${currency} ${start.toISOString().slice(0, 7)}`).toBeLessThan(0.005);
        months++;
      }
    }
    expect(months).toBeGreaterThan(40);
  });

  /** Every row the generator yields, and what it returned. */
  function drain<T, R>(rows: Generator<T, R>): { rows: T[]; returned: R } {
    const all: T[] = [];
    for (let next = rows.next(); ; next = rows.next()) {
      if (next.done) return { rows: all, returned: next.value };
      all.push(next.value);
    }
  }

  it('reads on a second thread, in batches, exactly the rows this thread reads (reader-thread.ts)', () => {
    const here = [...loadSubscriptionInputs(db, accountId)];
    // Small batches, the last one partial: the thread runs ahead of what is taken and waits.
    const batchSize = [7, 11, 13].find((size) => here.length % size !== 0) ?? 7;
    const thread = startReaderThread(db, accountQueries, { account: accountId }, { batchSize });
    if (!thread) throw new Error('no reader thread for a database file');
    const read = drain(thread.rows());
    expect(read.returned).toBe(true);
    expect(read.rows.length).toBe(here.length);
    expect(here.length / batchSize).toBeGreaterThan(8);
    expect([...accountSubscriptionInputs(db, accountId, { readerThread: true })]).toEqual(here);
  });

  it('reads on this thread when a second connection would not see what this one sees', () => {
    const inMemory = openDatabase(':memory:');
    expect(startReaderThread(inMemory, accountQueries, { account: accountId })).toBeUndefined();
    inMemory.close();
    // Inside a transaction, another connection would not see its uncommitted writes.
    db.transaction(() => expect(startReaderThread(db, accountQueries, { account: accountId })).toBeUndefined())();
  });

  it('falls back to reading here when the thread fails before its first batch', () => {
    const here = [...loadSubscriptionInputs(db, accountId)];
    const broken = startReaderThread(db, { ...accountQueries, invoices: 'SELECT * FROM no_such_table' }, { account: accountId });
    if (!broken) throw new Error('no reader thread for a database file');
    expect(drain(broken.rows())).toEqual({ rows: [], returned: false });
    expect([...accountSubscriptionInputs(db, accountId, { readerThread: false })]).toEqual(here);
  });
});
