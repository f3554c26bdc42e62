import path from 'node:path';
import { openDatabase } from '../../src/core/db/connection';
import { insertAccount } from '../../src/core/db/repositories/accounts';
import { dayOf } from '../../src/core/metrics/history/days';
import { loadMrrHistory, refreshCustomers } from '../../src/core/metrics/history/load-mrr-history';
import { stripeDefaultMrrSettings } from '../../src/core/metrics/mrr-types';
import { overviewAt } from '../../src/core/metrics/overview';
import { generateAccount } from '../../src/sim/account/generated-account';
import { createRandom } from '../../src/sim/model/random';
import { makeTempDir } from '../support/temp-dir';
import { seedFromTruth } from './seed-from-truth';

/**
 * `node --expose-gc --import tsx tests/bench/metrics-recompute.ts <customers>` → one JSON line.
 *
 * A simulated account of 24 months, written to SQLite as a full sync leaves it (seed-from-truth.ts), then:
 * - full recompute: MRR history of every subscription for every day (reconstructed from invoices, then snapshots),
 *   movements, per-currency totals, and the overview (which walks every customer for NRR);
 * - incremental: after a batch of 100 events, the customers they touch re-read and swapped in, and the overview again.
 */
const customers = Number(process.argv[2] ?? '10000');
const now = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_benchmetrics01';
const mib = (bytes: number) => Math.round(bytes / 1048576);

const temp = makeTempDir('recur-bench-metrics-');
try {
  const account = generateAccount({ seed: 5, customers, now });
  const db = openDatabase(path.join(temp.dir, 'recur.db'));
  insertAccount(db, { id: accountId, displayName: 'Bench', source: 'stripe', stripeAccountId: null, keyMode: 'test', keyKind: 'secret', keyLast4: 'xxxx', createdAt: new Date().toISOString() });
  const seeded = seedFromTruth(db, accountId, account, now);
  const subscriptions = db.prepare<[string], number>('SELECT count(*) FROM subscriptions WHERE account_id = ?').pluck().get(accountId) ?? 0;
  const invoices = db.prepare<[string], number>('SELECT count(*) FROM invoices WHERE account_id = ?').pluck().get(accountId) ?? 0;

  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const fullStarted = performance.now();
  const history = loadMrrHistory(db, accountId, stripeDefaultMrrSettings, dayOf(now));
  const overview = overviewAt(history, dayOf(now));
  const fullSeconds = (performance.now() - fullStarted) / 1000;
  const days = history.lastDay - history.firstDay + 1;

  // A batch of 100 events touches at most 100 customers: drawn at random among those with subscriptions.
  const customerIds = db.prepare<[string], string>('SELECT DISTINCT customer FROM subscriptions WHERE account_id = ?').pluck().all(accountId);
  const random = createRandom(11);
  const touched = [...new Set(Array.from({ length: 100 }, () => customerIds[random.int(0, customerIds.length - 1)] ?? ''))];
  const timings: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    refreshCustomers(db, accountId, history, touched);
    overviewAt(history, dayOf(now));
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const usd = overview.byCurrency.usd;
  process.stdout.write(
    `${JSON.stringify({
      customers,
      subscriptions,
      invoices,
      days,
      seededRows: seeded.rows,
      seedSeconds: Number(seeded.seconds.toFixed(1)),
      ingestRowsPerSecond: Math.round(seeded.rows / seeded.seconds),
      fullRecomputeSeconds: Number(fullSeconds.toFixed(2)),
      subscriptionsPerSecond: Math.round(subscriptions / fullSeconds),
      incrementalMs: Number((timings[Math.floor(timings.length / 2)] ?? 0).toFixed(1)),
      incrementalCustomers: touched.length,
      usdMrr: usd?.mrr ?? null,
      rssGrowthMiB: mib(process.memoryUsage().rss - rssBefore),
      peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    })}\n`,
  );
  db.close();
} finally {
  temp.remove();
}
