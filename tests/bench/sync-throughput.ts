import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '../../src/core/db/connection';
import { insertAccount } from '../../src/core/db/repositories/accounts';
import { type Logger, systemClock } from '../../src/core/ports';
import { stripeLimits } from '../../src/core/stripe/pacing/request-pacer';
import { createSyncRunner } from '../../src/core/stripe/sync/sync-runner';
import { backfillResources, resourceSpecs } from '../../src/core/stripe/sync/sync-resources';
import { rateLimitProfiles } from '../../src/sim/server/rate-limiter';
import { makeTempDir } from '../support/temp-dir';
import { type MainMessage, type WorkerInput, type WorkerMessage } from './sync-simulator-worker';

/**
 * One sync measurement, in its own process so peak RSS is this run's alone:
 * `node --expose-gc --import tsx tests/bench/sync-throughput.ts <customers> <test|live> <parallel|sequential>`
 * prints one JSON line.
 *
 * The simulator serves a generated account with realistic list latency and Stripe's test- or live-mode rate limits,
 * on a worker thread of this process (sync-simulator-worker.ts says why); a full sync runs on the main thread through
 * `createSyncRunner` into a fresh SQLite file. `parallel` is the engine as it ships; `sequential` is the
 * one-type-at-a-time baseline: one worker, one slice per resource, so resources are paged one after another in plan
 * order.
 *
 * Efficiency = the shortest time the simulator's limits allow (the larger of all requests ÷ the global rate and, per
 * endpoint, its requests ÷ the endpoint rate) ÷ the wall time of the sync. The server's configured limits are used,
 * not the client's (which aim `margin` below them), so the pacer's margin shows up as lost efficiency;
 * `efficiencyVsPacerCeiling` is the same bound at the rates the pacer aims for.
 *
 * Memory: `peakRssMiB` is the process's (engine and simulator together); the main thread's heap is the engine's alone
 * (`engine*HeapMiB`), the worker's the simulator's (`simulator*HeapMiB`).
 */

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    concurrency: { type: 'string' },
    slices: { type: 'string' },
    'client-rate': { type: 'string' },
  },
});
const customers = Number(positionals[0] ?? '300');
const modeArgument = positionals[1] ?? 'test';
const shape = positionals[2] ?? 'parallel';
if (!Number.isInteger(customers) || customers <= 0 || (modeArgument !== 'test' && modeArgument !== 'live') || (shape !== 'parallel' && shape !== 'sequential')) {
  process.stderr.write('Usage: tsx tests/bench/sync-throughput.ts <customers> <test|live> <parallel|sequential> [--concurrency N] [--slices N] [--client-rate R]\n');
  process.exit(2);
}
const mode: 'test' | 'live' = modeArgument;
/** For investigations only (`npm run bench` passes none): the engine's worker count, its initial slices per resource,
 * and the connection's rate override (it replaces the global and per-endpoint rates alike, before the pacer's margin). */
const clientRate = flags['client-rate'] === undefined ? undefined : Number(flags['client-rate']);

const now = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_benchsync0001';
/** A page of 100 waits 40 + 100 × 0.5 = 90 ms on the server; with rendering, JSON and the SDK, ≈0.1–0.3 s end to end. */
const latency = { baseMs: 40, perObjectMs: 0.5 };
/** The pacer's default margin (request-pacer.ts): it aims at 95% of each published rate. */
const pacerMargin = 0.05;
const mib = (bytes: number) => Math.round(bytes / 1048576);

/** Keeps nothing but counts and the first few warnings and errors: a logger that grows would skew peak memory. */
function countingLogger(): Logger & { warnings: number; errors: number; firstProblems: string[] } {
  const logger = {
    warnings: 0,
    errors: 0,
    firstProblems: [] as string[],
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string) => {
      logger.warnings += 1;
      if (logger.firstProblems.length < 5) logger.firstProblems.push(`warn ${message}`);
    },
    error: (message: string, fields?: Record<string, unknown>) => {
      logger.errors += 1;
      if (logger.firstProblems.length < 5) logger.firstProblems.push(`error ${message} ${String(fields?.error ?? '')}`);
    },
  };
  return logger;
}

/**
 * CPU seconds this (main) thread has run, from /proc on Linux (Node 20 has no per-thread CPU usage): unlike event-loop
 * utilization it does not count time the thread was ready but another process had the core. Null elsewhere.
 */
function mainThreadCpuSeconds(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) in clock ticks; the slice starts at field 3. Linux's USER_HZ is 100.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The worker's next message of one type; its error, or its exit before answering, rejects. */
function next<T extends WorkerMessage['type']>(worker: Worker, type: T): Promise<Extract<WorkerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<WorkerMessage, { type: T }>);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`The simulator worker exited (${code}) before '${type}'`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

async function main(): Promise<void> {
  const apiKey = `sk_${mode}_bench${'x'.repeat(24)}`;
  const input: WorkerInput = { customers, mode, seed: 7, now, apiKey, latency, resources: backfillResources };
  // A worker thread does not inherit `--import tsx` (it inherits --expose-gc): tsx's require hook loads the TypeScript.
  const workerFile = path.join(__dirname, 'sync-simulator-worker.ts');
  const worker = new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(workerFile)});`, { eval: true, workerData: input });
  const ready = await next(worker, 'ready');
  const send = (message: MainMessage) => worker.postMessage(message);

  const temp = makeTempDir('recur-bench-sync-');
  const db = openDatabase(path.join(temp.dir, 'recur.db'));
  insertAccount(db, { id: accountId, displayName: 'Bench', source: 'stripe', stripeAccountId: null, keyMode: mode, keyKind: 'secret', keyLast4: 'xxxx', createdAt: new Date().toISOString() });

  globalThis.gc?.();
  const before = process.memoryUsage();
  const logger = countingLogger();
  const runner = createSyncRunner({
    db,
    logger,
    clock: systemClock,
    connect: async () => ({ apiKey, apiBase: ready.url, mode, keyHint: '(…xxxx)', ...(clientRate === undefined ? {} : { ratePerSecond: clientRate }) }),
    ...(shape === 'sequential' ? { concurrency: 1, slicesPerResource: 1 } : {}),
    ...(flags.concurrency === undefined ? {} : { concurrency: Number(flags.concurrency) }),
    ...(flags.slices === undefined ? {} : { slicesPerResource: Number(flags.slices) }),
  });

  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 250);
  send({ type: 'start' });
  const started = performance.now();
  const eluStart = performance.eventLoopUtilization();
  const cpuStart = mainThreadCpuSeconds();
  const processCpuStart = process.cpuUsage();
  const result = await runner.run({ accountId, trigger: 'manual', kind: 'full' });
  const seconds = (performance.now() - started) / 1000;
  const eventLoopUtilization = performance.eventLoopUtilization(eluStart).utilization;
  const cpuEnd = mainThreadCpuSeconds();
  const processCpu = process.cpuUsage(processCpuStart);
  const engineCpuSeconds = cpuStart === null || cpuEnd === null ? null : Number((cpuEnd - cpuStart).toFixed(2));
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const finished = next(worker, 'finished');
  send({ type: 'finish' });
  const { counters, requestsPerSecond, endpointRequestsPerSecond, peakHeapMiB: simulatorPeakHeapMiB, heldHeapMiB: simulatorHeldHeapMiB } = await finished;

  const limits = rateLimitProfiles[mode];
  const rateLimited = Object.values(counters.rateLimited).reduce((sum, count) => sum + count, 0);
  const byEndpoint = Object.entries(counters.byEndpoint).sort(([, a], [, b]) => b - a);
  const [busiestEndpoint, busiestRequests] = byEndpoint[0] ?? ['none', 0];
  const globalBound = counters.requests / limits.globalPerSecond;
  const endpointBound = busiestRequests / limits.perEndpointPerSecond;
  const boundSeconds = Math.max(globalBound, endpointBound);
  const client = stripeLimits[mode];
  const clientBound = Math.max(counters.requests / (client.global.ratePerSecond * (1 - pacerMargin)), busiestRequests / (client.perEndpoint.ratePerSecond * (1 - pacerMargin)));

  // Failed objects: top-level objects the simulator lists as of `now` that the database does not hold.
  let failedObjects = 0;
  for (const resource of backfillResources) {
    const stored = db.prepare<[string], number>(`SELECT count(*) FROM ${resourceSpecs[resource].table} WHERE account_id = ?`).pluck().get(accountId) ?? 0;
    failedObjects += Math.max(0, (ready.expected[resource] ?? 0) - stored);
  }
  const expectedObjects = Object.values(ready.expected).reduce((sum, count) => sum + count, 0);
  // Written counts include the subscription items and invoice lines stored with their parents.
  const objects = Object.values(result.counts).reduce((sum, count) => sum + count.written, 0);

  const peakRssMiB = mib(process.resourceUsage().maxRSS * 1024);
  globalThis.gc?.();
  const after = process.memoryUsage();
  db.close();
  temp.remove();
  await once(worker, 'exit');
  if (logger.firstProblems.length > 0) process.stderr.write(`${logger.firstProblems.join('\n')}\n`);

  process.stdout.write(
    `${JSON.stringify({
      customers,
      mode,
      shape,
      ...(Object.keys(flags).length > 0 ? { overrides: flags } : {}),
      status: result.status,
      error: result.error,
      seconds: Number(seconds.toFixed(2)),
      objects,
      expectedObjects,
      failedObjects,
      objectsPerSecond: Math.round(objects / seconds),
      requests: counters.requests,
      requestsPerSecond: Number((counters.requests / seconds).toFixed(1)),
      clientRequests: result.requests,
      rateLimited,
      rateLimitedByReason: counters.rateLimited,
      byEndpoint: Object.fromEntries(byEndpoint),
      limits: { globalPerSecond: limits.globalPerSecond, perEndpointPerSecond: limits.perEndpointPerSecond },
      bindingLimit: globalBound >= endpointBound ? 'global' : busiestEndpoint,
      boundSeconds: Number(boundSeconds.toFixed(2)),
      efficiency: Number((boundSeconds / seconds).toFixed(3)),
      efficiencyVsPacerCeiling: Number((clientBound / seconds).toFixed(3)),
      requestsPerSecondTimeline: requestsPerSecond,
      busiestEndpointPerSecondTimeline: endpointRequestsPerSecond[busiestEndpoint] ?? [],
      engineEventLoopUtilization: Number(eventLoopUtilization.toFixed(3)),
      engineCpuSeconds,
      engineCpuShare: engineCpuSeconds === null ? null : Number((engineCpuSeconds / seconds).toFixed(3)),
      // Every thread: the engine, the simulator's worker, V8's GC and libuv helpers.
      processCpuSeconds: Number(((processCpu.user + processCpu.system) / 1e6).toFixed(2)),
      generatedSeconds: Number(ready.generatedSeconds.toFixed(2)),
      peakRssMiB,
      rssBeforeSyncMiB: mib(before.rss),
      engineHeapBeforeMiB: mib(before.heapUsed),
      enginePeakHeapMiB: mib(peakHeap),
      engineHeldHeapAfterMiB: globalThis.gc ? mib(after.heapUsed) : null,
      simulatorHeapBeforeMiB: ready.heapMiB,
      simulatorPeakHeapMiB,
      simulatorHeldHeapAfterMiB: simulatorHeldHeapMiB,
      warnings: logger.warnings,
      errors: logger.errors,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
