import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db/connection';
import { listLedgerEntries } from '../../src/core/db/repositories/event-ledger';
import { listSyncLogs } from '../../src/core/db/repositories/sync-logs';
import { type Clock, systemClock } from '../../src/core/ports';
import { createPacedRequester } from '../../src/core/stripe/pacing/paced-request';
import { createStripeClient } from '../../src/core/stripe/stripe-connection';
import { createEventApplier } from '../../src/core/stripe/sync/apply-event';
import { createSyncRunner } from '../../src/core/stripe/sync/sync-runner';
import { startWebhookListener, type WebhookListener } from '../../src/core/stripe/webhook/webhook-listener';
import { createWebhookSender, type WebhookSender } from '../../src/sim/webhooks/webhook-sender';
import { createMemoryLogger } from '../support/memory-logger';
import { expectMirrorEqualsTruth } from '../support/mirror';
import { storyEvents } from '../support/simulator';
import { makeTempDir } from '../support/temp-dir';
import { insertTestAccount } from '../support/test-account';
import { type Rig, startRig } from './support/rig';

/**
 * Soak: a month of business in live mode at two days per second, kept in sync by polling and the webhook relay together
 * (deliveries duplicated and shuffled, 1% of API requests failing), as the app does. Heap and database size are
 * sampled throughout; at the end the mirror is the account. No other suite runs the engine this long.
 */

const start = Date.UTC(2026, 10, 27) / 1000;
const day = 86_400;
/** Simulated seconds per real second: two days per second, so the month passes in about 15 s. */
const speed = 2 * day;
const month = 30 * day;
const pollEveryMs = 1000;
const MB = 1024 * 1024;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};

describe('a simulated month, polled and pushed', () => {
  let setup: Rig | undefined;
  let listener: WebhookListener | undefined;
  let sender: WebhookSender | undefined;
  afterAll(async () => {
    await sender?.stop();
    await listener?.close();
    await setup?.dispose();
  });

  it('heap and file stay bounded, every event lands once, and the mirror equals the account at the end', async () => {
    const rig = await startRig(
      { seed: 101, customers: 200, now: start, futureDays: 45, server: { rateLimits: null, latency: { baseMs: 2, perObjectMs: 0.02 }, faults: { serverErrorRate: 0.01, resetRate: 0.01 } } },
      { accountId: 'acc_soak00000001' },
    );
    setup = rig;
    const { simulator, db, runner, accountId } = rig;
    expect((await runner.run({ accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');

    // The relay as the app runs it: signatures checked on real time, events applied by the same applier as polls.
    const secret = `whsec_${crypto.randomBytes(24).toString('hex')}`;
    const logger = createMemoryLogger();
    const simNow = () => simulator.account.clock.now();
    const applier = createEventApplier({ db, stripe: createStripeClient({ apiKey: simulator.apiKey, apiBase: simulator.url }), requester: createPacedRequester({ mode: 'test', logger }), accountId, now: simNow });
    listener = await startWebhookListener({ port: 0, path: '/stripe/webhook', secret: () => secret, accountId, db, logger, clock: systemClock, onEvent: async (event) => void (await applier.apply(event, 'webhook')) });
    sender = createWebhookSender(simulator.account.view, { url: listener.url, secret, duplicateRate: 0.1, shuffle: true, seed: 101, pollMs: 200 });

    const samples: { simDay: number; heap: number; file: number }[] = [];
    const fileSize = () => ['', '-wal'].reduce((sum, suffix) => sum + (fs.existsSync(rig.databasePath + suffix) ? fs.statSync(rig.databasePath + suffix).size : 0), 0);
    const sample = () => samples.push({ simDay: (simNow() - start) / day, heap: heapUsed(), file: fileSize() });
    sample();

    // Live mode: the account's clock runs, webhooks flow, and Recur polls every second (two days of business).
    const from = simNow();
    simulator.account.clock.run(speed);
    sender.start();
    const polls: string[] = [];
    while (simNow() - from < month) {
      await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
      polls.push((await runner.run({ accountId, trigger: 'schedule', kind: 'incremental' })).status);
      sample();
    }
    simulator.account.clock.stop();
    await sender.stop();
    await sender.flush();
    await listener.idle();
    polls.push((await runner.run({ accountId, trigger: 'schedule', kind: 'incremental' })).status);
    const end = simNow();
    sample();

    // Every poll succeeded (the 1% of failed requests were retried), and the relay carried events too.
    expect(polls.length).toBeGreaterThanOrEqual(3);
    expect(polls.filter((status) => status !== 'succeeded')).toEqual([]);
    expect(listSyncLogs(db, accountId, 1000).filter((log) => log.status !== 'succeeded')).toEqual([]);
    const expected = storyEvents(simulator.account, from + 1, end);
    expect(expected.length).toBeGreaterThan(500);
    const ledger = new Map(listLedgerEntries(db, accountId, 1_000_000).map((entry) => [entry.eventId, entry]));
    for (const event of expected) expect(ledger.get(event.id)?.status, event.id).toBe('processed');
    const bySource = [...ledger.values()].filter((entry) => (entry.eventCreated ?? 0) > from).reduce<Record<string, number>>((counts, entry) => ({ ...counts, [entry.source]: (counts[entry.source] ?? 0) + 1 }), {});
    expect(bySource.webhook).toBeGreaterThan(expected.length / 10);
    expect(bySource.poll).toBeGreaterThan(0);
    // Events alone brought every table to the account, subscriptions and their items aside: the simulator lets a
    // canceled subscription's repeating discount run out later with no event (Stripe sends none for a canceled
    // subscription either), a change only a full sync can see. The app's daily full sync (`auto`) is that check.
    expectMirrorEqualsTruth(db, accountId, simulator.account, end, { except: ['subscriptions', 'subscription_items'] });
    expect(await runner.run({ accountId, trigger: 'schedule', kind: 'full' })).toMatchObject({ status: 'succeeded', error: null });
    expectMirrorEqualsTruth(db, accountId, simulator.account, end);

    // Heap: after a collection, what the process holds at the end is what it held after the first polls plus at most
    // 48 MB. The simulator and its whole generated account live in this heap too (tens of MB, fixed from the start);
    // what a leak in the engine would add grows with the month's ~1,000 events, pages and webhook deliveries, and the
    // later half of the month must not hold more than the first half did plus 24 MB.
    const early = samples.slice(1, 4).reduce((max, entry) => Math.max(max, entry.heap), 0);
    const half = samples.find((entry) => entry.simDay >= 15)?.heap ?? early;
    const last = samples.at(-1)?.heap ?? 0;
    expect(last - early, JSON.stringify(samples.map((entry) => Math.round(entry.heap / MB)))).toBeLessThan(48 * MB);
    expect(last - half).toBeLessThan(24 * MB);

    // File: the soaked database (main file and WAL) is compared with a fresh full sync of the account as it ends.
    // It holds more — a month of ledger rows and dated subscription snapshots — but not 3× more; and the WAL stays
    // under its checkpoint threshold (10,000 pages, connection.ts) plus one large transaction.
    const temp = makeTempDir();
    try {
      const freshPath = path.join(temp.dir, 'fresh.db');
      const fresh = openDatabase(freshPath);
      insertTestAccount(fresh, accountId);
      const clock: Clock = { now: () => new Date(simNow() * 1000) };
      const freshRunner = createSyncRunner({ db: fresh, logger: createMemoryLogger(), clock, connect: async () => ({ apiKey: simulator.apiKey, apiBase: simulator.url, mode: 'test', keyHint: '(…abcd)' }) });
      expect((await freshRunner.run({ accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
      fresh.pragma('wal_checkpoint(TRUNCATE)');
      fresh.close();
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      const wal = fs.existsSync(`${rig.databasePath}-wal`) ? fs.statSync(`${rig.databasePath}-wal`).size : 0;
      expect(wal).toBeLessThan(10_000 * pageSize + 8 * MB);
      db.pragma('wal_checkpoint(TRUNCATE)');
      expect(fs.statSync(rig.databasePath).size).toBeLessThan(3 * fs.statSync(freshPath).size);
      expect(Math.max(...samples.map((entry) => entry.file))).toBeLessThan(3 * fs.statSync(freshPath).size + 10_000 * pageSize + 8 * MB);
    } finally {
      temp.remove();
    }
  }, 240_000);
});
