import { generateAccount } from '../../src/sim/account/generated-account';

/**
 * One measurement, run in its own process so peak RSS belongs to this account alone:
 * `tsx tests/bench/simulator-generation.ts <customers>` prints one JSON line.
 * It generates the account (stories + list index), then renders a sample of customers and invoices in list order,
 * the way a full sync pages through them (each invoice belongs to a different customer, so stories are regenerated),
 * and reports the rate and the memory: peak RSS, and the heap still held after a full collection.
 */
const customers = Number(process.argv[2] ?? '50000');
const now = Date.UTC(2026, 10, 27) / 1000;

const started = performance.now();
const account = generateAccount({ seed: 7, customers, now });
const generatedSeconds = (performance.now() - started) / 1000;

const sampleSize = 20_000;
const served = performance.now();
let objects = 0;
for (const resource of ['customers', 'invoices'] as const) {
  const list = account.view.list(resource, {});
  if ('error' in list) throw new Error(list.error.message);
  for (let position = 0; position < Math.min(list.length, sampleSize); position++) {
    if (account.view.retrieve(resource, list.idAt(position))) objects++;
  }
}
const servedSeconds = (performance.now() - served) / 1000;
globalThis.gc?.();

process.stdout.write(
  `${JSON.stringify({
    ...account.sizes,
    generatedSeconds: Number(generatedSeconds.toFixed(2)),
    renderedObjects: objects,
    renderedPerSecond: Math.round(objects / servedSeconds),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    heldHeapMiB: globalThis.gc ? Math.round(process.memoryUsage().heapUsed / 1048576) : null,
  })}\n`,
);
