import { openDatabase } from '../../src/core/db/connection';
import { dayOf } from '../../src/core/metrics/history/days';
import { loadMrrHistory, refreshCustomers } from '../../src/core/metrics/history/load-mrr-history';
import { stripeDefaultMrrSettings } from '../../src/core/metrics/mrr-types';
import { cohortsOf } from '../../src/core/metrics/cohorts';
import { overviewAt } from '../../src/core/metrics/overview';
import { createRandom } from '../../src/sim/model/random';
import { benchAccount } from './bench-account';

/**
 * `node --expose-gc --import tsx tests/bench/metrics-recompute.ts <database>` → one JSON line, on the account
 * seed-account.ts wrote there (a simulated account of 24 months, as a full sync leaves it):
 * - full recompute: MRR history of every subscription for every day (reconstructed from invoices, then snapshots),
 *   movements, per-currency totals, the overview (which walks every customer for NRR) and every currency's cohorts;
 * - incremental: after a batch of 100 events, the customers they touch re-read and swapped in, and the overview again.
 */
const databasePath = process.argv[2];
if (!databasePath) throw new Error('Usage: metrics-recompute.ts <database>');
const { id: accountId, now } = benchAccount;
const mib = (bytes: number) => Math.round(bytes / 1048576);

{
  const db = openDatabase(databasePath);
  const subscriptions = db.prepare<[string], number>('SELECT count(*) FROM subscriptions WHERE account_id = ?').pluck().get(accountId) ?? 0;
  const invoices = db.prepare<[string], number>('SELECT count(*) FROM invoices WHERE account_id = ?').pluck().get(accountId) ?? 0;

  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const fullStarted = performance.now();
  const history = loadMrrHistory(db, accountId, stripeDefaultMrrSettings, dayOf(now));
  const historySeconds = (performance.now() - fullStarted) / 1000;
  const overview = overviewAt(history, dayOf(now));
  const cohortsStarted = performance.now();
  const cohorts = history.currencies().reduce((count, currency) => count + cohortsOf(history, currency, dayOf(now)).length, 0);
  const cohortsSeconds = (performance.now() - cohortsStarted) / 1000;
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
      subscriptions,
      invoices,
      days,
      fullRecomputeSeconds: Number(fullSeconds.toFixed(2)),
      historySeconds: Number(historySeconds.toFixed(2)),
      cohortsSeconds: Number(cohortsSeconds.toFixed(2)),
      cohorts,
      subscriptionsPerSecond: Math.round(subscriptions / fullSeconds),
      incrementalMs: Number((timings[Math.floor(timings.length / 2)] ?? 0).toFixed(1)),
      incrementalCustomers: touched.length,
      usdMrr: usd?.mrr ?? null,
      rssGrowthMiB: mib(process.memoryUsage().rss - rssBefore),
      peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    })}\n`,
  );
  db.close();
}
