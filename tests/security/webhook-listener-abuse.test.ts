import crypto from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../src/core/db/connection';
import { listLedgerEntries } from '../../src/core/db/repositories/event-ledger';
import { systemClock } from '../../src/core/ports';
import { relayPath } from '../../src/core/stripe/webhook/relay-manager';
import { startWebhookListener, type WebhookListener } from '../../src/core/stripe/webhook/webhook-listener';
import { isViewError } from '../../src/sim/account/account-view';
import { type Simulator } from '../../src/sim/start-simulator';
import { signatureHeader } from '../../src/sim/webhooks/signature';
import { createMemoryLogger } from '../support/memory-logger';
import { startTestSimulator } from '../support/simulator';
import { makeTempDir } from '../support/temp-dir';
import { insertTestAccount } from '../support/test-account';
import { createTestCore, type TestCore } from '../support/test-core';
import { freePort } from './support/free-port';

/**
 * The webhook relay of the real core (relay:update → relay manager → listener → the one event applier → SQLite), under
 * the attacks a process on the same machine could try. Every refusal must be logged, leave no ledger row and change no
 * data, and the relay must still take a genuine event afterwards.
 *
 * tests/integration/core/webhook-listener.test.ts covers each refusal reason of a bare listener one by one (forged,
 * wrong secret, 10-minute replay and future, modified body, content type, missing header, 2 MiB bodies, trickled
 * headers, 0.0.0.0); this suite drives the relay as the app runs it, adds the boundary and header tricks, a trickled
 * body, idle and many slow connections, every non-loopback address, and checks the database byte for byte.
 */

const secret = `whsec_${crypto.randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, 'x')}`;
const wrongSecret = `whsec_${crypto.randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, 'y')}`;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** A digest of every table's rows: "no data change" means this does not move. */
function databaseDigest(db: Database.Database): string {
  const hash = crypto.createHash('sha256');
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
  for (const table of tables) {
    hash.update(table);
    // Table names come from sqlite_schema, quoted as identifiers: nothing from outside reaches this SQL.
    for (const row of db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}" ORDER BY rowid`).iterate()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

interface Answer {
  status: number;
  error?: string;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let error: string | undefined;
  try {
    error = (JSON.parse(text) as { error?: string }).error;
  } catch {
    error = undefined;
  }
  return { status: response.status, error };
}

const json = { 'Content-Type': 'application/json; charset=utf-8' };

function signed(body: string, key = secret, timestamp = nowSeconds()): Record<string, string> {
  return { ...json, 'Stripe-Signature': signatureHeader(body, key, timestamp) };
}

function hmac(body: string, key: string, timestamp: number): string {
  return crypto.createHmac('sha256', key).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** Raw HTTP over a socket, for what fetch will not do: trickle bytes, send nothing, or never finish. */
function openSocket(port: number, host = '127.0.0.1'): Promise<net.Socket & { received(): string; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const ended = new Promise<void>((resolveClose) => socket.once('close', () => resolveClose()));
    socket.once('connect', () => resolve(Object.assign(socket, { received: () => text, ended })));
    socket.once('error', reject);
  });
}

describe('the relay of the real core, attacked', () => {
  let simulator: Simulator;
  let testCore: TestCore;
  let accountId = '';
  let url = '';
  let port = 0;
  let pristine = '';
  /** A real customer of the simulated account, renamed by the genuine event at the end. */
  let customer: Record<string, unknown> & { id: string };

  beforeAll(async () => {
    simulator = await startTestSimulator({ seed: 31, customers: 12 });
    testCore = createTestCore({ demoStripe: { endpoint: async () => ({ apiBase: simulator.url, apiKey: simulator.apiKey }), stop: async () => undefined } });
    const connected = await testCore.core.dispatch('accounts:connect', { apiKey: simulator.apiKey, displayName: 'Relay target' });
    if (!connected.ok) throw new Error(connected.error.message);
    accountId = (connected.value as { id: string }).id;
    port = await freePort();
    const relay = await testCore.core.dispatch('relay:update', { accountId, secret, port, enabled: true });
    expect(relay).toMatchObject({ ok: true, value: { listening: true, hasSecret: true, port } });
    url = `http://127.0.0.1:${port}${relayPath}`;
    const customers = simulator.account.view.list('customers', {});
    if (isViewError(customers)) throw new Error(customers.error.message);
    customer = simulator.account.view.retrieve('customers', customers.idAt(0)) as Record<string, unknown> & { id: string };
    pristine = databaseDigest(testCore.core.context.db);
  });

  afterAll(async () => {
    await testCore.core.sync.relay.stop();
    testCore.dispose();
    await simulator.stop();
  });

  function customerEvent(eventId: string, name: string, created = nowSeconds()): string {
    return JSON.stringify({
      id: eventId,
      object: 'event',
      api_version: '2026-10-28.endive',
      created,
      type: 'customer.updated',
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { ...customer, name } },
    });
  }

  interface Attack {
    name: string;
    send(): Promise<Answer>;
    status: number;
    reason: string;
  }

  const attacks: Attack[] = [
    {
      name: 'a signature forged with random bytes',
      send: () => post(url, customerEvent('evt_forged01', 'Forged'), { ...json, 'Stripe-Signature': `t=${nowSeconds()},v1=${crypto.randomBytes(32).toString('hex')}` }),
      status: 400,
      reason: 'invalid_signature',
    },
    {
      name: 'a body signed with the wrong secret',
      send: () => post(url, customerEvent('evt_wrongsecret01', 'Wrong secret'), signed(customerEvent('evt_wrongsecret01', 'Wrong secret'), wrongSecret)),
      status: 400,
      reason: 'invalid_signature',
    },
    {
      name: 'a genuine signature replayed 301 s later (one second past the tolerance)',
      send: () => {
        const body = customerEvent('evt_stale01', 'Stale');
        return post(url, body, signed(body, secret, nowSeconds() - 301));
      },
      status: 400,
      reason: 'timestamp_outside_tolerance',
    },
    {
      name: 'a genuine signature from a day ago',
      send: () => {
        const body = customerEvent('evt_stale02', 'Day old');
        return post(url, body, signed(body, secret, nowSeconds() - 86_400));
      },
      status: 400,
      reason: 'timestamp_outside_tolerance',
    },
    {
      name: 'a stale signed pair smuggled behind a fresh t= (the HMAC covers the stale one)',
      send: () => {
        const body = customerEvent('evt_twot01', 'Two timestamps');
        const stale = nowSeconds() - 3_600;
        return post(url, body, { ...json, 'Stripe-Signature': `t=${stale},v1=${hmac(body, secret, stale)},t=${nowSeconds()}` });
      },
      status: 400,
      reason: 'invalid_signature',
    },
    {
      name: 'a valid HMAC under the v0 scheme only',
      send: () => {
        const body = customerEvent('evt_v0only01', 'v0');
        const t = nowSeconds();
        return post(url, body, { ...json, 'Stripe-Signature': `t=${t},v0=${hmac(body, secret, t)}` });
      },
      status: 400,
      reason: 'invalid_signature',
    },
    {
      name: 'a v1 HMAC without a timestamp',
      send: () => {
        const body = customerEvent('evt_not01', 'No t');
        return post(url, body, { ...json, 'Stripe-Signature': `v1=${hmac(body, secret, nowSeconds())}` });
      },
      status: 400,
      reason: 'invalid_signature',
    },
    {
      name: 'the signing secret itself sent as the signature',
      send: () => post(url, customerEvent('evt_secretassig01', 'x'), { ...json, 'Stripe-Signature': `t=${nowSeconds()},v1=${secret}` }),
      status: 400,
      reason: 'invalid_signature',
    },
    {
      name: 'a correctly signed 2 MiB body',
      send: () => {
        const body = customerEvent('evt_huge01', 'A'.repeat(2 * 1024 * 1024));
        return post(url, body, signed(body));
      },
      status: 413,
      reason: 'body_too_large',
    },
  ];

  it.each(attacks)('$name → $status $reason, logged, nothing recorded or changed', async ({ send, status, reason }) => {
    const warningsBefore = testCore.logger.entries.length;
    expect(await send()).toEqual({ status, error: reason });
    expect(testCore.logger.entries.slice(warningsBefore)).toContainEqual(expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ reason, status }) }));
    expect(listLedgerEntries(testCore.core.context.db, accountId)).toEqual([]);
    expect(databaseDigest(testCore.core.context.db)).toBe(pristine);
  });

  it('answers a header too large to be Stripe’s with 431, logs it, and stays up', async () => {
    const before = testCore.logger.entries.length;
    const body = customerEvent('evt_bigheader01', 'Big header');
    const answer = await post(url, body, { ...signed(body), 'X-Padding': 'p'.repeat(32 * 1024) });
    expect(answer.status).toBe(431);
    expect(testCore.logger.entries.slice(before)).toContainEqual(expect.objectContaining({ level: 'warn', fields: { code: 'HPE_HEADER_OVERFLOW', status: 431 } }));
    expect(databaseDigest(testCore.core.context.db)).toBe(pristine);
  });

  it('listens on 127.0.0.1 only: the machine’s other addresses refuse the connection', async () => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((address) => address !== undefined && !address.internal && !address.address.startsWith('fe80'))
      .map((address) => address?.address ?? '');
    for (const address of [...others, '::1']) {
      await expect(openSocket(port, address), address).rejects.toMatchObject({ code: expect.stringMatching(/ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH|EHOSTUNREACH/) });
    }
  });

  it('applies a genuine event after all of that, once, and a replay of it within the tolerance changes nothing', async () => {
    const body = customerEvent('evt_genuine01', 'Genuine after the storm');
    const headers = signed(body);
    expect(await post(url, body, headers)).toEqual({ status: 200 });
    const db = testCore.core.context.db;
    for (let waited = 0; listLedgerEntries(db, accountId)[0]?.status !== 'processed' && waited < 5_000; waited += 20) await sleep(20);
    expect(listLedgerEntries(db, accountId)).toMatchObject([{ eventId: 'evt_genuine01', status: 'processed', source: 'webhook', attempts: 1 }]);
    expect(db.prepare<[string, string], string>('SELECT name FROM customers WHERE account_id = ? AND id = ?').pluck().get(accountId, customer.id)).toBe('Genuine after the storm');

    // The identical bytes and header again, as an attacker who captured them would send them: answered, not applied.
    const afterFirst = databaseDigest(db);
    expect(await post(url, body, headers)).toEqual({ status: 200 });
    expect(listLedgerEntries(db, accountId)).toMatchObject([{ eventId: 'evt_genuine01', status: 'processed', attempts: 2 }]);
    expect(db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(1);
    expect(db.prepare<[string], string>('SELECT name FROM customers WHERE id = ?').pluck().get(customer.id)).toBe('Genuine after the storm');
    expect(afterFirst).not.toBe(pristine);
  });
});

describe('slow and idle clients against a listener with short timeouts', () => {
  const accountId = 'acc_slowclients01';
  const logger = createMemoryLogger();
  const applied: string[] = [];
  let temp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let listener: WebhookListener;

  beforeAll(async () => {
    temp = makeTempDir('recur-security-');
    db = openDatabase(path.join(temp.dir, 'recur.db'));
    insertTestAccount(db, accountId);
    listener = await startWebhookListener({
      port: 0,
      path: relayPath,
      secret: () => secret,
      accountId,
      db,
      logger,
      clock: systemClock,
      headersTimeoutMs: 400,
      requestTimeoutMs: 800,
      onEvent: (event) => void applied.push(event.id),
    });
  });

  afterAll(async () => {
    await listener.close();
    db.close();
    temp.remove();
  });

  const event = (id: string): string => JSON.stringify({ id, object: 'event', created: nowSeconds(), type: 'customer.created', livemode: false, data: { object: { id: 'cus_slow1', object: 'customer' } } });

  it('cuts off a client that sends its headers at once and then trickles the body, and stays up', { timeout: 10_000 }, async () => {
    const body = event('evt_tricklebody01');
    const slow = await openSocket(listener.port);
    slow.write([`POST ${relayPath} HTTP/1.1`, `Host: 127.0.0.1:${listener.port}`, ...Object.entries(signed(body)).map(([name, value]) => `${name}: ${value}`), `Content-Length: ${body.length}`, '', ''].join('\r\n'));
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < body.length - 1 && !slow.destroyed) slow.write(body.charAt(sent++));
    }, 50);
    try {
      await slow.ended;
    } finally {
      clearInterval(trickle);
    }
    // Cut off within the request timeout, long before the body (about 8 s at this pace) could have been completed.
    expect(sent).toBeLessThan(body.length - 1);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 (408|400) /);
    expect(applied).not.toContain('evt_tricklebody01');
    expect(listLedgerEntries(db, accountId).map((entry) => entry.eventId)).not.toContain('evt_tricklebody01');
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ status: 408 }) }));

    const good = event('evt_aftertrickle01');
    expect(await post(listener.url, good, signed(good))).toEqual({ status: 200 });
    await listener.idle();
    expect(applied).toContain('evt_aftertrickle01');
  });

  it('closes connections that never send a byte, and forty slow clients at once do not keep a genuine event out', { timeout: 10_000 }, async () => {
    const idle = await Promise.all(Array.from({ length: 10 }, () => openSocket(listener.port)));
    const slow = await Promise.all(Array.from({ length: 30 }, () => openSocket(listener.port)));
    const head = `POST ${relayPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n`;
    let position = 0;
    const trickle = setInterval(() => {
      position++;
      for (const socket of slow) if (!socket.destroyed && position < head.length) socket.write(head.charAt(position));
    }, 40);
    try {
      const good = event('evt_duringstorm01');
      expect(await post(listener.url, good, signed(good))).toEqual({ status: 200 });
      await Promise.all([...idle, ...slow].map((socket) => socket.ended));
    } finally {
      clearInterval(trickle);
    }
    expect([...idle, ...slow].every((socket) => socket.destroyed)).toBe(true);
    expect(position).toBeLessThan(head.length);
    await listener.idle();
    expect(applied).toContain('evt_duringstorm01');
    expect(listLedgerEntries(db, accountId).map((entry) => entry.eventId).sort()).toEqual(['evt_aftertrickle01', 'evt_duringstorm01']);
  });
});

describe('binding anywhere but loopback', () => {
  const others = Object.values(os.networkInterfaces())
    .flat()
    .filter((address) => address !== undefined && !address.internal)
    .map((address) => address?.address ?? '');

  it.each(['0.0.0.0', '::', '::1', 'localhost', '::ffff:127.0.0.1', '127.0.0.2', '', ...others])('refuses host %j before opening a socket', async (host) => {
    const temp = makeTempDir('recur-security-');
    const db = openDatabase(path.join(temp.dir, 'recur.db'));
    try {
      await expect(
        startWebhookListener({ port: 0, path: relayPath, host, secret: () => secret, accountId: 'acc_bindtest001', db, logger: createMemoryLogger(), clock: systemClock, onEvent: () => undefined }),
      ).rejects.toThrow(/127\.0\.0\.1 only/);
    } finally {
      db.close();
      temp.remove();
    }
  });
});
