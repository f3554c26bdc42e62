import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { insertAccount } from '../../../src/core/db/repositories/accounts';
import { listLedgerEntries } from '../../../src/core/db/repositories/event-ledger';
import { type Logger, systemClock } from '../../../src/core/ports';
import { stripeListenCommand } from '../../../src/core/stripe/webhook/stripe-listen-command';
import { startWebhookListener, type WebhookListener, type WebhookListenerOptions } from '../../../src/core/stripe/webhook/webhook-listener';
import { isViewError } from '../../../src/sim/account/account-view';
import { startSimulator } from '../../../src/sim/start-simulator';
import { signatureHeader } from '../../../src/sim/webhooks/signature';
import { createMemoryLogger } from '../../support/memory-logger';
import { fixedNow } from '../../support/simulator';
import { makeTempDir } from '../../support/temp-dir';

/**
 * The webhook relay as `stripe listen` meets it: real HTTP on 127.0.0.1, a real SQLite file with the event ledger, the
 * simulator's signed deliveries (duplicated and shuffled, as Stripe's can be), and everything a hostile or broken
 * sender could try. Signatures are stamped with real time, so the relay checks them against the real clock.
 */

const accountId = 'acc_webhooktest1';
const webhookPath = '/stripe/webhook';
const secret = `whsec_${crypto.randomBytes(24).toString('hex')}`;
const otherSecret = `whsec_${crypto.randomBytes(24).toString('hex')}`;
const mebibyte = 1024 * 1024;

interface Relay {
  listener: WebhookListener;
  db: ReturnType<typeof openDatabase>;
  logger: ReturnType<typeof rawRecordingLogger>;
  applied: string[];
  stop(): Promise<void>;
}

const running: Relay[] = [];

afterEach(async () => {
  for (const relay of running.splice(0)) {
    // Whatever a scenario did, the signing secret never reaches the log: not whole, not its random part.
    for (const text of [relay.logger.text(), relay.logger.rawText()]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice('whsec_'.length));
      expect(text).not.toContain('whsec_');
    }
    await relay.stop();
  }
});

/** The memory logger, plus every line as the relay handed it over, before any redaction a real logger would do. */
function rawRecordingLogger(): ReturnType<typeof createMemoryLogger> & { rawText(): string } {
  const memory = createMemoryLogger();
  const raw: string[] = [];
  const record = (level: keyof Logger) => (message: string, fields?: Record<string, unknown>) => {
    raw.push(`${level} ${message} ${inspect(fields ?? {}, { depth: 10 })}`);
    memory[level](message, fields);
  };
  return { ...memory, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error'), rawText: () => raw.join('\n') };
}

async function startRelay(overrides: Partial<WebhookListenerOptions> = {}): Promise<Relay> {
  const temp = makeTempDir('recur-webhook-');
  const db = openDatabase(path.join(temp.dir, 'recur.db'));
  insertAccount(db, { id: accountId, displayName: 'Webhook test', source: 'stripe', stripeAccountId: null, keyMode: 'test', keyKind: 'restricted', keyLast4: '4242', createdAt: new Date().toISOString() });
  const logger = rawRecordingLogger();
  const applied: string[] = [];
  const listener = await startWebhookListener({
    port: 0,
    path: webhookPath,
    secret: () => secret,
    accountId,
    db,
    logger,
    clock: systemClock,
    onEvent: (event) => {
      applied.push(event.id);
    },
    ...overrides,
  }).catch((error: unknown) => {
    db.close();
    temp.remove();
    throw error;
  });
  const relay: Relay = {
    listener,
    db,
    logger,
    applied,
    async stop() {
      await listener.close();
      db.close();
      temp.remove();
    },
  };
  running.push(relay);
  return relay;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function sampleEvent(id: string, type = 'customer.created'): string {
  const event = {
    id,
    object: 'event',
    api_version: '2025-10-29.clover',
    created: fixedNow,
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: 'cus_webhook1', object: 'customer', created: fixedNow, email: 'ada@example.com' } },
  };
  return JSON.stringify(event, null, 2);
}

interface Answer {
  status: number;
  body: unknown;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json() };
}

/** A delivery as Stripe signs it: JSON, UTF-8, `Stripe-Signature` over the exact bytes sent. */
function deliver(relay: Relay, payload: string): Promise<Answer> {
  return post(relay.listener.url, payload, { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': signatureHeader(payload, secret, nowSeconds()) });
}

function ledgerRow(relay: Relay, eventId: string): ReturnType<typeof listLedgerEntries>[number] | undefined {
  return listLedgerEntries(relay.db, accountId, 10_000).find((entry) => entry.eventId === eventId);
}

describe('the webhook relay fed by the simulator’s sender', () => {
  it('applies every event of six simulated hours exactly once, in arrival order, one at a time', async () => {
    let active = 0;
    let mostActive = 0;
    const relay = await startRelay({
      onEvent: async (event) => {
        active++;
        mostActive = Math.max(mostActive, active);
        await sleep(1);
        relay.applied.push(event.id);
        active--;
      },
    });
    const simulator = await startSimulator({
      seed: 7,
      customers: 300,
      now: fixedNow,
      webhook: { url: relay.listener.url, secret, pollMs: 50, duplicateRate: 0.2, shuffle: true },
    });
    try {
      const from = simulator.account.clock.now();
      simulator.account.clock.advance(6 * 3600);
      await simulator.webhooks?.flush();
      await relay.listener.idle();

      const listed = simulator.account.view.list('events', { created: { gt: from, lte: from + 6 * 3600 } });
      if (isViewError(listed)) throw new Error(listed.error.message);
      const expected = Array.from({ length: listed.length }, (_, position) => listed.idAt(position));
      const counters = simulator.webhooks?.counters;

      expect(expected.length).toBeGreaterThan(10);
      expect([...relay.applied].sort()).toEqual([...expected].sort());
      expect(new Set(relay.applied).size).toBe(relay.applied.length);
      expect(mostActive).toBe(1);

      // Duplicated deliveries were counted on the event's ledger row and answered without a second application.
      expect(counters).toMatchObject({ retries: 0, abandoned: 0 });
      expect(counters?.duplicates).toBeGreaterThan(0);
      const ledger = listLedgerEntries(relay.db, accountId, 10_000);
      expect(ledger).toHaveLength(expected.length);
      expect(ledger.every((entry) => entry.status === 'processed' && entry.source === 'webhook' && entry.processedAt !== null)).toBe(true);
      expect(ledger.filter((entry) => entry.attempts === 2)).toHaveLength(counters?.duplicates ?? -1);
      expect(ledger.filter((entry) => entry.attempts > 2)).toEqual([]);
      expect(relay.listener.stats()).toEqual({
        received: expected.length + (counters?.duplicates ?? 0),
        accepted: expected.length,
        duplicates: counters?.duplicates,
        processed: expected.length,
        failed: 0,
        rejected: {},
      });

      // Arrival order is the order the ledger claimed them in.
      const claimedOrder = relay.db.prepare<[], string>('SELECT event_id FROM stripe_webhook_events ORDER BY rowid').pluck().all();
      expect(relay.applied).toEqual(claimedOrder);
    } finally {
      await simulator.stop();
    }
  });
});

describe('deliveries the relay refuses', () => {
  interface Chaos {
    scenario: string;
    send(relay: Relay): Promise<Answer>;
    status: number;
    reason: string;
    eventId?: string;
  }

  const json = { 'Content-Type': 'application/json' };
  const chaos: Chaos[] = [
    {
      scenario: 'a forged signature (right format, wrong HMAC)',
      send: (relay) => post(relay.listener.url, sampleEvent('evt_forged1'), { ...json, 'Stripe-Signature': `t=${nowSeconds()},v1=${crypto.randomBytes(32).toString('hex')}` }),
      status: 400,
      reason: 'invalid_signature',
      eventId: 'evt_forged1',
    },
    {
      scenario: 'a body signed with another endpoint’s secret',
      send: (relay) => post(relay.listener.url, sampleEvent('evt_othersecret1'), { ...json, 'Stripe-Signature': signatureHeader(sampleEvent('evt_othersecret1'), otherSecret, nowSeconds()) }),
      status: 400,
      reason: 'invalid_signature',
      eventId: 'evt_othersecret1',
    },
    {
      scenario: 'a replayed delivery signed 10 minutes ago',
      send: (relay) => post(relay.listener.url, sampleEvent('evt_replay1'), { ...json, 'Stripe-Signature': signatureHeader(sampleEvent('evt_replay1'), secret, nowSeconds() - 600) }),
      status: 400,
      reason: 'timestamp_outside_tolerance',
      eventId: 'evt_replay1',
    },
    {
      scenario: 'a delivery signed 10 minutes in the future',
      send: (relay) => post(relay.listener.url, sampleEvent('evt_future1'), { ...json, 'Stripe-Signature': signatureHeader(sampleEvent('evt_future1'), secret, nowSeconds() + 600) }),
      status: 400,
      reason: 'timestamp_outside_tolerance',
      eventId: 'evt_future1',
    },
    {
      scenario: 'a modified body under the original signature',
      send: (relay) =>
        post(relay.listener.url, sampleEvent('evt_modified1', 'customer.deleted'), { ...json, 'Stripe-Signature': signatureHeader(sampleEvent('evt_modified1'), secret, nowSeconds()) }),
      status: 400,
      reason: 'invalid_signature',
      eventId: 'evt_modified1',
    },
    {
      scenario: 'a correctly signed body that is not JSON',
      send: (relay) => post(relay.listener.url, 'id=evt_notjson1&type=customer.created', { ...json, 'Stripe-Signature': signatureHeader('id=evt_notjson1&type=customer.created', secret, nowSeconds()) }),
      status: 400,
      reason: 'invalid_json',
    },
    {
      scenario: 'a correctly signed JSON body that is not an event',
      send: (relay) => post(relay.listener.url, '{"id":"cus_notevent1","object":"customer"}', { ...json, 'Stripe-Signature': signatureHeader('{"id":"cus_notevent1","object":"customer"}', secret, nowSeconds()) }),
      status: 400,
      reason: 'not_an_event',
    },
    {
      scenario: 'a correctly signed event sent as text/plain',
      send: (relay) => post(relay.listener.url, sampleEvent('evt_text1'), { 'Content-Type': 'text/plain', 'Stripe-Signature': signatureHeader(sampleEvent('evt_text1'), secret, nowSeconds()) }),
      status: 400,
      reason: 'unsupported_content_type',
    },
    {
      scenario: 'an event without a Stripe-Signature header',
      send: (relay) => post(relay.listener.url, sampleEvent('evt_unsigned1'), json),
      status: 400,
      reason: 'missing_signature',
      eventId: 'evt_unsigned1',
    },
    {
      scenario: 'a GET on the webhook path',
      send: async (relay) => {
        const response = await fetch(relay.listener.url);
        return { status: response.status, body: await response.json() };
      },
      status: 405,
      reason: 'method_not_allowed',
    },
    {
      scenario: 'a correctly signed event posted to another path',
      send: (relay) =>
        post(new URL('/stripe/other', relay.listener.url).href, sampleEvent('evt_wrongpath1'), { ...json, 'Stripe-Signature': signatureHeader(sampleEvent('evt_wrongpath1'), secret, nowSeconds()) }),
      status: 404,
      reason: 'not_found',
    },
  ];

  it.each(chaos)('$scenario → $status $reason, logged, nothing recorded or applied', async ({ send, status, reason, eventId }) => {
    const relay = await startRelay();
    const answer = await send(relay);
    await relay.listener.idle();

    expect(answer).toEqual({ status, body: { error: reason, message: expect.any(String) } });
    expect(relay.listener.stats()).toMatchObject({ received: 1, accepted: 0, duplicates: 0, rejected: { [reason]: 1 } });
    expect(relay.logger.entries.filter((entry) => entry.level === 'warn')).toEqual([
      { level: 'warn', message: expect.stringContaining('Stripe webhook refused'), fields: expect.objectContaining({ reason, status, ...(eventId ? { eventId } : {}) }) },
    ]);
    expect(listLedgerEntries(relay.db, accountId)).toEqual([]);
    expect(relay.applied).toEqual([]);
  });

  it('keeps serving valid events after every kind of refusal', async () => {
    const relay = await startRelay();
    for (const { send } of chaos) await send(relay);

    expect(await deliver(relay, sampleEvent('evt_aftermath1'))).toEqual({ status: 200, body: { received: true } });
    await relay.listener.idle();

    expect(relay.applied).toEqual(['evt_aftermath1']);
    expect(listLedgerEntries(relay.db, accountId)).toMatchObject([{ eventId: 'evt_aftermath1', status: 'processed', source: 'webhook', attempts: 1 }]);
    expect(relay.listener.stats()).toMatchObject({ received: chaos.length + 1, accepted: 1, processed: 1 });
  });

  it('answers 503 while no signing secret is configured, and reads the secret again on the next request', async () => {
    let configured: string | undefined = undefined;
    const relay = await startRelay({ secret: () => configured });

    expect(await deliver(relay, sampleEvent('evt_nosecret1'))).toEqual({ status: 503, body: { error: 'no_signing_secret', message: expect.stringContaining('no signing secret') } });
    expect(relay.logger.entries).toContainEqual({ level: 'error', message: expect.stringContaining('no signing secret'), fields: expect.objectContaining({ reason: 'no_signing_secret' }) });
    expect(listLedgerEntries(relay.db, accountId)).toEqual([]);

    configured = secret;
    expect(await deliver(relay, sampleEvent('evt_nosecret1'))).toEqual({ status: 200, body: { received: true } });
    await relay.listener.idle();
    expect(relay.applied).toEqual(['evt_nosecret1']);
  });
});

/** Raw HTTP over a socket, for the requests fetch will not make: a huge body trickled in, headers that never end. */
function openSocket(port: number): Promise<net.Socket & { received(): string; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    // The relay cuts these connections off while they are still writing: EPIPE / ECONNRESET are the expected end.
    socket.on('error', () => undefined);
    const ended = new Promise<void>((resolveClose) => socket.once('close', () => resolveClose()));
    socket.once('connect', () => resolve(Object.assign(socket, { received: () => text, ended })));
    socket.once('error', reject);
  });
}

function requestHead(relay: Relay, headers: string[]): string {
  return [`POST ${webhookPath} HTTP/1.1`, `Host: 127.0.0.1:${relay.listener.port}`, 'Content-Type: application/json', `Stripe-Signature: t=${nowSeconds()},v1=${'0'.repeat(64)}`, ...headers, '', ''].join('\r\n');
}

describe('a body larger than any Stripe event', () => {
  it('declared as 2 MiB is refused with 413 before a byte of it is read', async () => {
    const relay = await startRelay();
    const socket = await openSocket(relay.listener.port);
    socket.write(requestHead(relay, [`Content-Length: ${2 * mebibyte}`]));
    socket.write(Buffer.alloc(64 * 1024, 0x20));
    await socket.ended;

    expect(socket.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(socket.received()).toContain('"error":"body_too_large"');
    expect(relay.listener.stats().rejected).toEqual({ body_too_large: 1 });
    expect(relay.logger.entries).toContainEqual({ level: 'warn', message: expect.stringContaining('refused'), fields: expect.objectContaining({ reason: 'body_too_large', status: 413 }) });
    expect(listLedgerEntries(relay.db, accountId)).toEqual([]);
  });

  it('streamed without a length is cut off once it passes the 1 MiB cap, long before 2 MiB arrive', async () => {
    const relay = await startRelay();
    const socket = await openSocket(relay.listener.port);
    socket.write(requestHead(relay, ['Transfer-Encoding: chunked']));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    let answered = false;
    void socket.ended.then(() => (answered = true));
    while (!answered && sent < 2 * mebibyte) {
      socket.write(`${chunk.length.toString(16)}\r\n`);
      socket.write(chunk);
      socket.write('\r\n');
      sent += chunk.length;
      await sleep(10);
    }
    await socket.ended;

    expect(socket.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(sent).toBeLessThan(2 * mebibyte);
    expect(relay.listener.stats().rejected).toEqual({ body_too_large: 1 });
    expect(relay.applied).toEqual([]);
  });
});

describe('slowloris', () => {
  // Node checks request timeouts on an interval of its own (30 s unless the relay shortens it): 5 s is plenty.
  it('a client trickling its headers is cut off by the headers timeout while valid deliveries go through', { timeout: 5000 }, async () => {
    const relay = await startRelay({ headersTimeoutMs: 500 });
    const slow = await openSocket(relay.listener.port);
    const head = requestHead(relay, ['Content-Length: 10']);
    let position = 0;
    const trickle = setInterval(() => {
      if (position < head.length - 4) slow.write(head.charAt(position++));
    }, 100);
    try {
      expect(await deliver(relay, sampleEvent('evt_duringslowloris1'))).toEqual({ status: 200, body: { received: true } });
      await slow.ended;
    } finally {
      clearInterval(trickle);
    }

    expect(slow.destroyed).toBe(true);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(position).toBeLessThan(head.length - 4);
    await relay.listener.idle();
    expect(relay.applied).toEqual(['evt_duringslowloris1']);
  });
});

describe('where the relay listens', () => {
  it('binds to 127.0.0.1 only', async () => {
    const relay = await startRelay();
    expect(relay.listener.url).toBe(`http://127.0.0.1:${relay.listener.port}${webhookPath}`);
    expect(relay.listener.port).toBeGreaterThan(0);
  });

  it('refuses to listen on every interface', async () => {
    await expect(startRelay({ host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1 only, not on 0\.0\.0\.0/);
  });
});

describe('an applier that fails', () => {
  it('leaves the event failed with the error, and a later delivery of the same event is claimed again and applied', async () => {
    let attempt = 0;
    const relay = await startRelay({
      onEvent: (event) => {
        attempt++;
        if (attempt === 1) throw new Error('customer cus_webhook1 could not be written: database is locked');
        relay.applied.push(event.id);
      },
    });
    const payload = sampleEvent('evt_retry1');

    expect(await deliver(relay, payload)).toEqual({ status: 200, body: { received: true } });
    await relay.listener.idle();
    expect(ledgerRow(relay, 'evt_retry1')).toMatchObject({ status: 'failed', error: 'customer cus_webhook1 could not be written: database is locked', attempts: 1 });
    expect(relay.logger.entries).toContainEqual({ level: 'error', message: 'Stripe webhook event failed to apply', fields: expect.objectContaining({ eventId: 'evt_retry1' }) });

    expect(await deliver(relay, payload)).toEqual({ status: 200, body: { received: true } });
    await relay.listener.idle();
    expect(ledgerRow(relay, 'evt_retry1')).toMatchObject({ status: 'processed', error: null, attempts: 2 });
    expect(relay.applied).toEqual(['evt_retry1']);
    expect(relay.listener.stats()).toMatchObject({ accepted: 2, duplicates: 0, processed: 1, failed: 1 });

    // Applied once: a third delivery is a duplicate.
    expect(await deliver(relay, payload)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect(ledgerRow(relay, 'evt_retry1')).toMatchObject({ status: 'processed', attempts: 3 });
  });

  it('stores and logs an error message that quotes a secret only in redacted form', async () => {
    const relay = await startRelay({
      onEvent: () => {
        throw new Error(`rejected by a proxy configured with ${secret}`);
      },
    });
    await deliver(relay, sampleEvent('evt_leaky1'));
    await relay.listener.idle();
    expect(ledgerRow(relay, 'evt_leaky1')?.error).toBe(`rejected by a proxy configured with [webhook secret …${secret.slice(-4)}]`);
  });
});

describe('stripeListenCommand', () => {
  it('is the exact command that forwards an account’s events to the relay', () => {
    expect(stripeListenCommand(4242, '/stripe/webhook')).toBe('stripe listen --forward-to localhost:4242/stripe/webhook');
    expect(stripeListenCommand(51234, '/hooks')).toBe('stripe listen --forward-to localhost:51234/hooks');
  });
});
