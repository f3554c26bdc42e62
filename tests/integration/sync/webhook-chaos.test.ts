import crypto from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { listLedgerEntries } from '../../../src/core/db/repositories/event-ledger';
import { type Clock, systemClock } from '../../../src/core/ports';
import { createPacedRequester } from '../../../src/core/stripe/pacing/paced-request';
import { createStripeClient } from '../../../src/core/stripe/stripe-connection';
import { createEventApplier, type EventOutcome } from '../../../src/core/stripe/sync/apply-event';
import { createSyncRunner } from '../../../src/core/stripe/sync/sync-runner';
import { startWebhookListener, type WebhookListener } from '../../../src/core/stripe/webhook/webhook-listener';
import { isViewError } from '../../../src/sim/account/account-view';
import { rateLimitProfiles } from '../../../src/sim/server/rate-limiter';
import { type Simulator, startSimulator } from '../../../src/sim/start-simulator';
import { signatureHeader } from '../../../src/sim/webhooks/signature';
import { createWebhookSender, type WebhookSender } from '../../../src/sim/webhooks/webhook-sender';
import { createMemoryLogger } from '../../support/memory-logger';
import { expectMirrorEqualsTruth } from '../../support/mirror';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';

/**
 * The webhook relay fed by a hostile world: Stripe's own deliveries duplicated and shuffled while two days of business
 * pass, and alongside them forged, replayed and wrongly signed requests, then a real but out-of-date event delivered
 * late. Only Stripe's events may reach the ledger, each once, and only the newest snapshot of each object may stay.
 */

const start = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_webhookchaos01';
const webhookPath = '/stripe/webhook';
const secret = `whsec_${crypto.randomBytes(24).toString('hex')}`;
const wrongSecret = `whsec_${crypto.randomBytes(24).toString('hex')}`;
const hour = 3600;
const day = 86_400;

type EventBody = Stripe.Event & { data: { object: { id: string; object: string; metadata?: Record<string, string> } } };

/** A stand-in for the network between Stripe and the relay that counts every delivery of each event id. */
async function startCountingHop(target: string): Promise<{ url: string; deliveries: Map<string, number>; close(): Promise<void> }> {
  const deliveries = new Map<string, number>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const { id } = JSON.parse(body.toString('utf8')) as { id: string };
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      const headers = { 'Content-Type': String(request.headers['content-type']), 'Stripe-Signature': String(request.headers['stripe-signature']) };
      void fetch(target, { method: 'POST', headers, body }).then(async (answer) => {
        response.writeHead(answer.status, { 'Content-Type': 'application/json' });
        response.end(await answer.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${webhookPath}`,
    deliveries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

async function post(url: string, body: string, signature: string): Promise<{ status: number; error: string }> {
  const answer = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': signature }, body });
  const parsed = (await answer.json()) as { error?: string };
  return { status: answer.status, error: parsed.error ?? '' };
}

describe('the webhook relay under duplicated, shuffled, forged, replayed and late deliveries', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  let db: ReturnType<typeof openDatabase>;
  let listener: WebhookListener | undefined;
  let hop: Awaited<ReturnType<typeof startCountingHop>> | undefined;
  let sender: WebhookSender | undefined;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 33, customers: 400, now: start, server: { rateLimits: rateLimitProfiles.test } });
    temp = makeTempDir();
    db = openDatabase(path.join(temp.dir, 'recur.db'));
    insertTestAccount(db, accountId);
  });
  afterAll(async () => {
    await sender?.stop();
    await hop?.close();
    await listener?.close();
    db.close();
    temp.remove();
    await simulator.stop();
  });

  it('applies each of Stripe’s events once, refuses every forgery, and keeps the newest snapshot of each object', async () => {
    const { clock: simClock, view } = simulator.account;
    // Recur's clock follows the simulator's; the relay checks signature timestamps against real time, as senders sign with it.
    const clock: Clock = { now: () => new Date(simClock.now() * 1000) };
    const logger = createMemoryLogger();
    const connection = { apiKey: simulator.apiKey, apiBase: simulator.url };
    const runner = createSyncRunner({ db, logger, clock, connect: async () => ({ ...connection, mode: 'test', keyHint: '(…abcd)' }) });
    expect((await runner.run({ accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
    const syncedAt = simClock.now();

    const applier = createEventApplier({ db, stripe: createStripeClient(connection), requester: createPacedRequester({ mode: 'test', logger }), accountId, now: () => simClock.now() });
    const outcomes = new Map<string, EventOutcome>();
    const applications = new Map<string, number>();
    const relay = await startWebhookListener({
      port: 0,
      path: webhookPath,
      secret: () => secret,
      accountId,
      db,
      logger,
      clock: systemClock,
      onEvent: async (event) => {
        applications.set(event.id, (applications.get(event.id) ?? 0) + 1);
        outcomes.set(event.id, await applier.apply(event, 'webhook'));
      },
    });
    listener = relay;
    const network = await startCountingHop(relay.url);
    hop = network;
    const stripeDeliveries = createWebhookSender(view, { url: network.url, secret, duplicateRate: 0.3, shuffle: true, seed: 33 });
    sender = stripeDeliveries;

    // Real events from before the sync, never delivered by the sender: the raw material of replays and forgeries.
    const eventsBefore = (from: number, to: number): EventBody[] => {
      const listed = view.list('events', { created: { gte: from, lte: to } });
      if (isViewError(listed)) throw new Error(listed.error.message);
      return Array.from({ length: listed.length }, (_, position) => view.retrieve('events', listed.idAt(position)) as EventBody);
    };
    const captured = eventsBefore(syncedAt - 20 * day, syncedAt - day).filter((event) => event.data.object.object === 'customer' || event.data.object.object === 'subscription');
    const attackMaterial = captured.slice(0, 12);
    expect(attackMaterial).toHaveLength(12);
    /** A captured event turned into a tempting forgery: a new id, a snapshot newer than anything stored, other metadata. */
    const forgery = (event: EventBody, label: string): { id: string; body: string } => {
      const id = `evt_${label}${event.id.slice('evt_'.length)}`;
      return { id, body: JSON.stringify({ ...event, id, created: simClock.now() + day, data: { ...event.data, object: { ...event.data.object, metadata: { owned: label } } } }, null, 2) };
    };

    const attacks: { kind: 'forged' | 'replayed' | 'wrong-secret'; send(): Promise<{ status: number; error: string }>; ids: string[] }[] = attackMaterial.map((event, index) => {
      const original = JSON.stringify(event, null, 2);
      switch (index % 4) {
        case 0: {
          // Signed as Stripe would sign the original, then altered in flight.
          const { id, body } = forgery(event, 'forged');
          return { kind: 'forged', ids: [id, event.id], send: () => post(relay.url, body, signatureHeader(original, secret, nowSeconds())) };
        }
        case 1:
          // A captured delivery played again ten minutes later, and one stamped ten minutes ahead.
          return { kind: 'replayed', ids: [event.id], send: () => post(relay.url, original, signatureHeader(original, secret, nowSeconds() + (index % 8 === 1 ? -600 : 600))) };
        case 2: {
          const { id, body } = forgery(event, 'wrongsecret');
          return { kind: 'wrong-secret', ids: [id], send: () => post(relay.url, body, signatureHeader(body, wrongSecret, nowSeconds())) };
        }
        default: {
          // A plausible header with a made-up HMAC.
          const { id, body } = forgery(event, 'madeup');
          return { kind: 'forged', ids: [id], send: () => post(relay.url, body, `t=${nowSeconds()},v1=${crypto.randomBytes(32).toString('hex')}`) };
        }
      }
    });

    // Two days pass an hour at a time; each hour's events go out duplicated and shuffled while the attacks arrive.
    const answers: { kind: string; status: number; error: string }[] = [];
    await Promise.all([
      (async () => {
        for (let step = 0; step < 48; step++) {
          simClock.advance(hour);
          await stripeDeliveries.flush();
        }
      })(),
      (async () => {
        for (const attack of attacks) {
          await sleep(20);
          answers.push({ kind: attack.kind, ...(await attack.send()) });
        }
      })(),
    ]);
    await relay.idle();
    const finalInstant = simClock.now();

    // A real, correctly signed event of a subscription that has changed since, delivered after the newer snapshot was
    // applied (`stripe events resend`, or a retry that took its time): recorded, and skipped as stale.
    const windowEvents = eventsBefore(syncedAt + 1, finalInstant);
    const changedSince = new Set(windowEvents.filter((event) => event.data.object.object === 'subscription').map((event) => event.data.object.id));
    const stored = (id: string) => db.prepare<[string, string], { raw: string; sourceTs: number }>('SELECT raw, source_ts AS sourceTs FROM subscriptions WHERE account_id = ? AND id = ?').get(accountId, id);
    const late = captured
      .slice(attackMaterial.length)
      .find((event) => event.data.object.object === 'subscription' && changedSince.has(event.data.object.id) && stored(event.data.object.id)?.raw !== JSON.stringify(event.data.object));
    if (!late) throw new Error('the account has no subscription that changed both before and after the sync');
    const before = stored(late.data.object.id);
    expect(before?.sourceTs).toBeGreaterThan(late.created);
    const lateBody = JSON.stringify(late, null, 2);
    expect(await post(relay.url, lateBody, signatureHeader(lateBody, secret, nowSeconds()))).toEqual({ status: 200, error: '' });
    await relay.idle();

    // Every attack was refused with 400 and the reason, and none of them is in the ledger.
    expect(answers).toHaveLength(attacks.length);
    for (const answer of answers) {
      expect(answer.status, answer.kind).toBe(400);
      expect(answer.error, answer.kind).toBe(answer.kind === 'replayed' ? 'timestamp_outside_tolerance' : 'invalid_signature');
    }
    expect(relay.stats().rejected).toEqual({ invalid_signature: 9, timestamp_outside_tolerance: 3 });
    const ledger = listLedgerEntries(db, accountId, 100_000);
    const ledgerIds = new Set(ledger.map((entry) => entry.eventId));
    for (const attack of attacks) for (const id of attack.ids) expect(ledgerIds.has(id), `${attack.kind} ${id}`).toBe(false);

    // Every event of the two days is in the ledger once, processed, with one attempt per delivery; nothing else is.
    const windowIds = windowEvents.map((event) => event.id);
    expect([...ledgerIds].sort()).toEqual([...windowIds, late.id].sort());
    expect(ledger).toHaveLength(windowIds.length + 1);
    const expectedAttempts = new Map([...network.deliveries, [late.id, 1]]);
    for (const entry of ledger) {
      expect(entry, entry.eventId).toMatchObject({ status: 'processed', source: 'webhook', error: null, attempts: expectedAttempts.get(entry.eventId) });
    }
    const duplicated = [...network.deliveries.values()].filter((count) => count === 2).length;
    expect(duplicated).toBe(stripeDeliveries.counters.duplicates);
    expect(duplicated).toBeGreaterThan(windowIds.length * 0.15);
    expect(stripeDeliveries.counters).toMatchObject({ delivered: windowIds.length + duplicated, retries: 0, abandoned: 0 });
    // Each event reached the applier exactly once; a second delivery was answered 200 and counted, not applied.
    expect([...applications].filter(([, times]) => times !== 1)).toEqual([]);
    expect(applications.size).toBe(windowIds.length + 1);
    expect(relay.stats()).toMatchObject({ accepted: windowIds.length + 1, duplicates: duplicated, processed: windowIds.length + 1, failed: 0 });
    // Shuffling delivered older snapshots after newer ones of the same object; each was recorded and skipped.
    const staleCount = [...outcomes.values()].filter((outcome) => outcome === 'stale').length;
    expect(staleCount).toBeGreaterThan(0);

    // The late event was recorded and skipped as stale: the newer row is untouched.
    expect(outcomes.get(late.id)).toBe('stale');
    expect(stored(late.data.object.id)).toEqual(before);

    // And the mirror is the account as it stands at the end of the two days.
    expect(finalInstant).toBe(syncedAt + 2 * day);
    expectMirrorEqualsTruth(db, accountId, simulator.account, finalInstant);
  }, 60_000);
});
