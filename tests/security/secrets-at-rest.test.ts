import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import { createConsoleLogger } from '../../src/core/log/console-logger';
import { createEncryptedFileSecretStore } from '../../src/core/secrets/encrypted-file-secret-store';
import { relayPath } from '../../src/core/stripe/webhook/relay-manager';
import { type Simulator } from '../../src/sim/start-simulator';
import { signatureHeader } from '../../src/sim/webhooks/signature';
import { startTestSimulator } from '../support/simulator';
import { makeTempDir } from '../support/temp-dir';
import { freePort } from './support/free-port';
import { basicTextStorage, createTestCipher } from '../support/test-cipher';

/**
 * Secrets never written: a core on a real data folder (database with its WAL, the encrypted secrets file, a log file)
 * syncs a simulated account with a secret key, then with a restricted key that loses a permission, then with a key
 * that gets revoked (each replacing the key before it), connects a key that Stripe refuses, and runs the webhook relay with a signing secret through a
 * genuine delivery, a forged one and an applier failure. Then every byte of every file in the folder, every sync_logs
 * row and every answer is searched for the actual key and secret strings, and for anything shaped like one.
 *
 * The log file is written by the core's console logger (the cron CLI's); the app's electron-log logger needs an
 * Electron binary, and shares the same redaction (redactValue), which tests/unit/core/redact.test.ts covers.
 */

const random = (length: number): string => crypto.randomBytes(length).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, length);
const secretKey = `sk_test_51${random(40)}`;
const restrictedKey = `rk_test_51${random(40)}`;
const revokedKey = `sk_test_51${random(40)}`;
const refusedKey = `sk_test_51${random(40)}`;
const webhookSecret = `whsec_${random(32)}`;
/** Each secret whole, and its random part alone (a secret with its prefix cut off is still a secret). */
const secrets = [secretKey, restrictedKey, revokedKey, refusedKey, webhookSecret];
const fragments = [...secrets, ...secrets.map((secret) => secret.slice(secret.indexOf('_', 3) + 1, -4))];
/** Anything shaped like a key or secret; the redaction label ("[Stripe key …abcd]") carries no such prefix. */
const secretShape = /(sk|rk)_(live|test)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9+/=]{8,}/;

function filesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** What an attacker with the folder would find: the raw bytes, read as Latin-1 (so no byte is lost) and as UTF-16. */
function findSecrets(file: string): string[] {
  const bytes = fs.readFileSync(file);
  const texts = [bytes.toString('latin1'), bytes.toString('utf16le')];
  const found = fragments.filter((fragment) => texts.some((text) => text.includes(fragment))).map((fragment) => `${path.basename(file)} holds …${fragment.slice(-6)}`);
  for (const text of texts) {
    const shaped = secretShape.exec(text);
    if (shaped) found.push(`${path.basename(file)} holds something shaped like a secret: ${shaped[0].slice(0, 12)}…`);
  }
  return found;
}

/**
 * A proxy in front of the simulator that, like a careless corporate proxy or a debugging middlebox, quotes the whole
 * bearer token in the message of every refusal (401, 403): the worst an upstream could hand back to Recur.
 */
async function startEchoingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const headers = { ...request.headers, host: new URL(target).host };
    const upstream = http.request(new URL(request.url ?? '/', target), { method: request.method, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        let body = Buffer.concat(chunks).toString('utf8');
        if (answer.statusCode === 401 || answer.statusCode === 403) {
          const parsed = JSON.parse(body) as { error: { message: string } };
          parsed.error.message += ` (sent: ${request.headers.authorization ?? ''})`;
          body = JSON.stringify(parsed);
        }
        const { 'content-length': _length, ...rest } = answer.headers;
        response.writeHead(answer.statusCode ?? 502, { ...rest, 'content-length': String(Buffer.byteLength(body)) });
        response.end(body);
      });
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

describe('secrets are never written to disk or to sync_logs', () => {
  let simulator: Simulator;
  let proxy: Awaited<ReturnType<typeof startEchoingProxy>>;
  let temp: ReturnType<typeof makeTempDir>;
  let core: Core;
  const answers: unknown[] = [];
  const logFile = (): string => path.join(temp.dir, 'logs', 'main.log');

  async function call(channel: string, input?: unknown): Promise<unknown> {
    const result = await core.dispatch(channel, input);
    answers.push(result);
    return result;
  }

  async function connect(apiKey: string, displayName: string): Promise<string> {
    const result = (await call('accounts:connect', { apiKey, displayName, rememberKey: true })) as { ok: boolean; value?: { id: string } };
    if (!result.ok || !result.value) throw new Error(`could not connect ${displayName}`);
    return result.value.id;
  }

  beforeAll(async () => {
    const restrictions = { [restrictedKey]: { deny: ['charges' as const] } };
    simulator = await startTestSimulator({
      seed: 53,
      customers: 25,
      apiKey: secretKey,
      server: { extraApiKeys: [restrictedKey, revokedKey], restrictedKeys: restrictions },
    });
    proxy = await startEchoingProxy(simulator.url);
    temp = makeTempDir('recur-secrets-');
    fs.mkdirSync(path.join(temp.dir, 'logs'));
    core = createCore({
      dataDir: temp.dir,
      // Real AES-GCM standing in for the keychain, in the consent-to-store mode so keys do reach the file.
      secrets: createEncryptedFileSecretStore(path.join(temp.dir, 'secrets.json'), createTestCipher(basicTextStorage)),
      logger: createConsoleLogger({ minimumLevel: 'debug', format: 'json', write: (line) => fs.appendFileSync(logFile(), `${line}\n`) }),
      stripeApiBase: async () => proxy.url,
    });

    // The three keys read the same Stripe account: each one connected replaces the key before it (a rolled key).
    const full = await connect(secretKey, 'Secret key');
    await call('sync:run', { accountId: full, full: true });
    // Connect checks keys with Stripe (through the proxy that quotes them back in every 401 and 403): a key Stripe
    // refuses, and a restricted key missing a permission, are turned away there, and nothing of them is stored.
    const refused = (await call('accounts:connect', { apiKey: refusedKey, displayName: 'Never valid', rememberKey: true })) as { ok: boolean };
    const denied = (await call('accounts:connect', { apiKey: restrictedKey, displayName: 'Restricted key', rememberKey: true })) as { ok: boolean };
    if (refused.ok || denied.ok) throw new Error('connect accepted a key Stripe refuses');
    // The restricted key, allowed everything at connect, loses the charges permission later: its sync is partial.
    simulator.server.setOptions({ restrictedKeys: {} });
    const restricted = await connect(restrictedKey, 'Restricted key');
    simulator.server.setOptions({ restrictedKeys: restrictions });
    await call('sync:run', { accountId: restricted, full: true });
    // The next key works, then is revoked: its sync fails with the 401 message.
    const revoked = await connect(revokedKey, 'Revoked later');
    if (new Set([full, restricted, revoked]).size !== 1) throw new Error('a key for the same Stripe account added an account');
    await call('sync:run', { accountId: revoked, full: true });
    simulator.server.setOptions({ apiKeys: [secretKey, restrictedKey] });
    await call('sync:run', { accountId: revoked, full: false });
    // The format check refuses a pasted key with junk around it, without echoing it.
    await call('accounts:connect', { apiKey: `${secretKey}!`, displayName: 'Typo' });

    // The relay with its signing secret: a genuine delivery, a forged one, and one whose applier fails.
    const relay = (await call('relay:update', { accountId: full, secret: webhookSecret, port: await freePort(), enabled: true })) as { ok: boolean; value?: { port: number; listening: boolean } };
    if (!relay.ok || !relay.value?.listening) throw new Error('the relay did not start');
    const url = `http://127.0.0.1:${relay.value.port}${relayPath}`;
    const now = Math.floor(Date.now() / 1000);
    const event = (id: string, object: object): string => JSON.stringify({ id, object: 'event', created: now, type: 'customer.updated', livemode: false, data: { object } });
    const genuine = event('evt_secretsgenuine1', { id: 'cus_relay1', object: 'customer', created: now, name: 'Relayed', email: null, currency: 'usd', metadata: {} });
    const broken = event('evt_secretsbroken1', { id: 'in_missing1', object: 'invoice', created: now });
    const post = (body: string, key: string) =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signatureHeader(body, key, now) }, body }).then((response) => response.text());
    answers.push(await post(genuine, webhookSecret), await post(genuine, `whsec_${random(32)}`), await post(broken, webhookSecret));
    await sleep(300);

    await call('sync:logs', { accountId: full });
    await call('sync:status', { accountId: full });
    await call('relay:get', { accountId: full });
    await call('sync:webhook-events', { accountId: full });
    await call('accounts:list');
    await call('accounts:key-storage');
  }, 60_000);

  afterAll(async () => {
    core.close();
    await proxy.close();
    await simulator.stop();
    temp.remove();
  });

  it('exercised what it meant to: a sync succeeded, one was partial, failures were logged, events reached the ledger', () => {
    const db = core.context.db;
    const statuses = db.prepare<[], string>('SELECT status FROM sync_logs').pluck().all();
    expect(statuses).toEqual(expect.arrayContaining(['succeeded', 'partial', 'failed']));
    // The refused key and the key missing a permission were turned away at connect, with what Stripe said logged.
    expect(db.prepare<[], string>('SELECT display_name FROM accounts ORDER BY created_at').pluck().all()).toEqual(['Revoked later']);
    expect(JSON.stringify(answers)).toContain('Stripe rejected the API key');
    expect(JSON.stringify(answers)).toContain('may not read Charges and Refunds');
    expect(db.prepare<[], number>('SELECT count(*) FROM customers').pluck().get()).toBeGreaterThan(10);
    expect(db.prepare<[], string>('SELECT status FROM stripe_webhook_events ORDER BY event_id').pluck().all()).toEqual(['failed', 'processed']);
    const log = fs.readFileSync(logFile(), 'utf8');
    expect(log).toContain('Stripe webhook refused');
    // Stripe's refusals, quoted by the proxy with the whole bearer token, were logged at connect: redacted.
    expect(log).toContain('Stripe key refused at connect');
    expect(log).toContain('sent: Bearer [Stripe key …');
    // The redaction labels prove keys were there to be redacted, and were.
    expect(log).toMatch(/…[A-Za-z0-9]{4}/);
    expect(fs.existsSync(path.join(temp.dir, 'secrets.json'))).toBe(true);
  });

  it('no file in the data folder holds a key or the signing secret: database, WAL, secrets file, log', () => {
    core.context.db.pragma('wal_checkpoint(PASSIVE)');
    const files = filesUnder(temp.dir);
    expect(files.map((file) => path.basename(file))).toEqual(expect.arrayContaining(['recur.db', 'recur.db-wal', 'secrets.json', 'main.log']));
    expect(files.flatMap(findSecrets)).toEqual([]);
  });

  it('no sync_logs row, and no row of any other table, holds one', () => {
    const db = core.context.db;
    const syncLogs = JSON.stringify(db.prepare('SELECT * FROM sync_logs').all());
    expect(syncLogs).toContain('…');
    const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    for (const table of tables) {
      const rows = JSON.stringify(db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).all());
      for (const fragment of fragments) expect(rows.includes(fragment), `${table} holds …${fragment.slice(-6)}`).toBe(false);
      expect(secretShape.exec(rows)?.[0], table).toBeUndefined();
    }
  });

  it('no answer to the renderer holds one', () => {
    const text = JSON.stringify(answers);
    for (const fragment of fragments) expect(text.includes(fragment), `an answer holds …${fragment.slice(-6)}`).toBe(false);
    expect(secretShape.exec(text)?.[0]).toBeUndefined();
  });

  it('and after the core closes (WAL checkpointed into the database), the folder is still clean', () => {
    core.close();
    expect(filesUnder(temp.dir).flatMap(findSecrets)).toEqual([]);
  });
});
