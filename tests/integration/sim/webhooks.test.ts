import http from 'node:http';
import { type AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator } from '../../../src/sim/start-simulator';
import { day, fixedNow, sdkFor, startTestSimulator, storyEvents, waitUntil } from '../../support/simulator';

/**
 * The simulator's webhook sender, received by a tiny endpoint on 127.0.0.1 that verifies every body the way a real
 * receiver must: `stripe.webhooks.constructEvent(rawBody, Stripe-Signature, secret)`. What arrives must be exactly the
 * events `/v1/events` lists for the same stretch of the clock — duplicated or reordered when asked, retried when the
 * endpoint fails.
 */

const secret = 'whsec_test_simulatorAcceptanceSecret0000';
const stripeForVerifying = new Stripe('sk_test_51VerifyOnly000000000000000000');

interface Delivery {
  body: string;
  signature: string;
  contentType: string;
}

interface Receiver {
  url: string;
  deliveries: Delivery[];
  close(): Promise<void>;
}

/** Answers each delivery with the status `answer` gives (200 by default), after recording its raw bytes. */
async function startReceiver(answer: (delivery: Delivery, deliveries: readonly Delivery[]) => number = () => 200): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const header = (name: string) => {
        const value = req.headers[name];
        return typeof value === 'string' ? value : '';
      };
      const delivery = { body: Buffer.concat(chunks).toString('utf8'), signature: header('stripe-signature'), contentType: header('content-type') };
      deliveries.push(delivery);
      res.writeHead(answer(delivery, deliveries)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The receiver's check: the SDK verifies the HMAC and refuses old timestamps; STRIPE-SYNC.md also refuses ones from the
 * future (|now − t| > 300 s), so the sender must sign with real time, not the simulated clock.
 */
function verified(delivery: Delivery): Stripe.Event {
  const event = stripeForVerifying.webhooks.constructEvent(delivery.body, delivery.signature, secret);
  const signedAt = Number(/(?:^|,)t=(\d+)/.exec(delivery.signature)?.[1]);
  if (!(Math.abs(Date.now() / 1000 - signedAt) <= 300)) throw new Error(`signature time ${signedAt} is not within 300 s of now`);
  return event;
}

const idOfBody = (delivery: Delivery): string => (JSON.parse(delivery.body) as { id: string }).id;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiverFor(answer?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const receiver = await startReceiver(answer);
  cleanups.push(() => receiver.close());
  return receiver;
}

async function simulatorWith(options: Parameters<typeof startTestSimulator>[0]): Promise<Simulator> {
  const simulator = await startTestSimulator(options);
  cleanups.push(() => simulator.stop());
  return simulator;
}

/** The ids `/v1/events` lists with created in (from, to], read with the SDK. */
async function listedEventIds(simulator: Simulator, from: number, to: number): Promise<string[]> {
  const events = await sdkFor(simulator).events.list({ created: { gt: from, lte: to }, limit: 100 }).autoPagingToArray({ limit: 10_000 });
  return events.map((event) => event.id).sort();
}

describe('live: signed webhooks as the clock runs', () => {
  it('at an hour per second, every body verifies and the unique ids are the events listed over the same window', async () => {
    const receiver = await receiverFor();
    const simulator = await simulatorWith({
      seed: 7,
      customers: 2000,
      live: { speed: 3600 },
      webhook: { url: receiver.url, secret, pollMs: 50, duplicateRate: 0.25, shuffle: true },
    });
    const { clock } = simulator.account;
    const sender = simulator.webhooks;
    if (!sender) throw new Error('the simulator was started with a webhook endpoint');

    // About two seconds of real time: two simulated hours, which hold a couple of dozen events in this account.
    await waitUntil(() => clock.now() >= fixedNow + 2 * 3600, 'two simulated hours to pass');
    clock.stop();
    await sender.flush();
    const end = clock.now();

    const received = receiver.deliveries.map(verified);
    const unique = [...new Set(received.map((event) => event.id))].sort();
    expect(unique.length).toBeGreaterThan(5);
    expect(unique).toEqual(await listedEventIds(simulator, fixedNow, end));
    expect(received.length).toBe(unique.length + sender.counters.duplicates);
    expect(received.every((event) => event.created > fixedNow && event.created <= end)).toBe(true);
    expect(receiver.deliveries.every((delivery) => delivery.contentType.startsWith('application/json'))).toBe(true);
  });
});

describe('stepped clock: deliveries are reproducible', () => {
  const threeDays = 3 * day;

  it('duplicates and shuffling: some events arrive twice and out of order, the set is exactly the window’s events', async () => {
    const receiver = await receiverFor();
    const simulator = await simulatorWith({ seed: 7, customers: 300, webhook: { url: receiver.url, secret, pollMs: 50, duplicateRate: 0.3, shuffle: true } });
    const sender = simulator.webhooks;
    if (!sender) throw new Error('the simulator was started with a webhook endpoint');

    simulator.account.clock.advance(threeDays);
    await sender.flush();

    const received = receiver.deliveries.map(verified);
    const ids = received.map((event) => event.id);
    const unique = [...new Set(ids)].sort();
    const expected = storyEvents(simulator.account, fixedNow + 1, fixedNow + threeDays);
    expect(expected.length).toBeGreaterThan(50);
    expect(unique).toEqual(expected.map((event) => event.id).sort());
    expect(unique).toEqual(await listedEventIds(simulator, fixedNow, fixedNow + threeDays));
    expect(sender.counters.duplicates).toBeGreaterThan(0);
    expect(ids.length).toBe(unique.length + sender.counters.duplicates);
    const created = received.map((event) => event.created);
    expect(created).not.toEqual([...created].sort((a, b) => a - b));
  });

  it('without shuffling, events arrive oldest first, once each, each body the event the API serves', async () => {
    const receiver = await receiverFor();
    const simulator = await simulatorWith({ seed: 7, customers: 300, webhook: { url: receiver.url, secret, pollMs: 50 } });
    const sender = simulator.webhooks;
    if (!sender) throw new Error('the simulator was started with a webhook endpoint');

    simulator.account.clock.advance(threeDays);
    await sender.flush();

    const received = receiver.deliveries.map(verified);
    const created = received.map((event) => event.created);
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(new Set(received.map((event) => event.id)).size).toBe(received.length);
    expect(sender.counters).toMatchObject({ delivered: received.length, duplicates: 0, retries: 0, abandoned: 0 });
    for (const delivery of receiver.deliveries.slice(0, 40)) {
      const served = await fetch(`${simulator.url}/v1/events/${idOfBody(delivery)}`, { headers: { Authorization: `Bearer ${simulator.apiKey}` } });
      expect(JSON.parse(delivery.body)).toEqual(await served.json());
    }
  });

  it('an event dated exactly when the sender polls is delivered once, not again at the next poll', async () => {
    const receiver = await receiverFor();
    const simulator = await simulatorWith({ seed: 7, customers: 300, webhook: { url: receiver.url, secret, pollMs: 50 } });
    const sender = simulator.webhooks;
    if (!sender) throw new Error('the simulator was started with a webhook endpoint');
    const [next] = storyEvents(simulator.account, fixedNow + 1, fixedNow + day).sort((a, b) => a.created - b.created);
    if (!next) throw new Error('no event in the next day');

    simulator.account.clock.advance(next.created - fixedNow);
    await sender.flush();
    const firstPoll = receiver.deliveries.map((delivery) => verified(delivery).id);
    simulator.account.clock.advance(fixedNow + day - next.created);
    await sender.flush();

    const ids = receiver.deliveries.map((delivery) => verified(delivery).id);
    expect(firstPoll).toContain(next.id);
    expect(ids.filter((id) => id === next.id)).toHaveLength(1);
    expect(ids.sort()).toEqual(await listedEventIds(simulator, fixedNow, fixedNow + day));
  });

  it('a body changed by one character, or checked with another secret, fails verification', async () => {
    const receiver = await receiverFor();
    const simulator = await simulatorWith({ seed: 7, customers: 300, webhook: { url: receiver.url, secret, pollMs: 50 } });
    simulator.account.clock.advance(day);
    await simulator.webhooks?.flush();
    const [delivery] = receiver.deliveries;
    if (!delivery) throw new Error('no delivery in a day');

    expect(verified(delivery).id).toBe(idOfBody(delivery));
    const tampered = { ...delivery, body: delivery.body.replace('"livemode": false', '"livemode": true') };
    expect(tampered.body).not.toBe(delivery.body);
    expect(() => verified(tampered)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => stripeForVerifying.webhooks.constructEvent(delivery.body, delivery.signature, 'whsec_someoneElse')).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('an endpoint that answers 500 the first time gets every event again, and each retry verifies', async () => {
    const firstAttempt = (delivery: Delivery, deliveries: readonly Delivery[]) => (deliveries.filter((earlier) => earlier.body === delivery.body).length === 1 ? 500 : 200);
    const receiver = await receiverFor(firstAttempt);
    const simulator = await simulatorWith({ seed: 7, customers: 300, webhook: { url: receiver.url, secret, pollMs: 50, retryBaseMs: 1 } });
    const sender = simulator.webhooks;
    if (!sender) throw new Error('the simulator was started with a webhook endpoint');

    simulator.account.clock.advance(day);
    await sender.flush();

    const ids = receiver.deliveries.map((delivery) => verified(delivery).id);
    const unique = [...new Set(ids)];
    expect(unique.length).toBeGreaterThan(10);
    expect(unique.sort()).toEqual(await listedEventIds(simulator, fixedNow, fixedNow + day));
    expect(unique.every((id) => ids.filter((candidate) => candidate === id).length === 2)).toBe(true);
    expect(sender.counters).toMatchObject({ attempts: 2 * unique.length, delivered: unique.length, retries: unique.length, abandoned: 0 });
  });

  it('an endpoint that always fails is given up on after maxAttempts per event', async () => {
    const receiver = await receiverFor(() => 500);
    const simulator = await simulatorWith({ seed: 7, customers: 300, webhook: { url: receiver.url, secret, pollMs: 50, retryBaseMs: 1, maxAttempts: 3 } });
    const sender = simulator.webhooks;
    if (!sender) throw new Error('the simulator was started with a webhook endpoint');

    simulator.account.clock.advance(day);
    await sender.flush();

    const events = (await listedEventIds(simulator, fixedNow, fixedNow + day)).length;
    expect(events).toBeGreaterThan(10);
    expect(receiver.deliveries).toHaveLength(3 * events);
    expect(sender.counters).toMatchObject({ attempts: 3 * events, delivered: 0, retries: 2 * events, abandoned: events });
  });
});
