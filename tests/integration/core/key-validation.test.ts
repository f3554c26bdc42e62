import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SecretStore } from '../../../src/core/ports';
import { createMemorySecretStore } from '../../../src/core/secrets/memory-secret-store';
import { keyProbes, validateStripeKey } from '../../../src/core/stripe/key-validation';
import { backfillResources } from '../../../src/core/stripe/sync/sync-resources';
import { type Simulator } from '../../../src/sim/start-simulator';
import { type AccountSummary } from '../../../src/shared/contract';
import { checkStripeKey, type StripeKeyFacts } from '../../../src/shared/stripe-key';
import { requiredPermissions } from '../../../src/shared/stripe-permissions';
import { freePort } from '../../security/support/free-port';
import { createMemoryLogger } from '../../support/memory-logger';
import { sdkFor, startTestSimulator } from '../../support/simulator';
import { createTestCore, type TestCore } from '../../support/test-core';

/**
 * `accounts:connect` checks a key with Stripe before storing anything: the real stripe SDK against the simulator over
 * HTTP, with the keys Stripe would answer 401 and 403 to, and with Stripe out of reach. Whatever the answer, the key
 * itself appears in no message and no log line.
 */

const secretKey = 'sk_test_51KeyCheckSecretAbCdEfGhIjKlMn1111';
const fullRestricted = 'rk_test_51KeyCheckAllReadsAbCdEfGhIj2222';
const noInvoices = 'rk_test_51KeyCheckNoInvoicesAbCdEfGhI3333';
const noCharges = 'rk_test_51KeyCheckNoChargesAbCdEfGhIj4444';
const unknownKey = 'sk_test_51KeyCheckNeverIssuedAbCdEfGh9876';
const allKeys = [secretKey, fullRestricted, noInvoices, noCharges, unknownKey];

const factsOf = (key: string): StripeKeyFacts => {
  const check = checkStripeKey(key);
  if (!check.ok) throw new Error(check.reason);
  return check.facts;
};

/** Names of the secrets each core was asked to keep. */
const secretsKept = new WeakMap<TestCore, string[]>();

/** A core whose Stripe is at `apiBase` (the simulator, a proxy in front of it, or nothing at all). */
function coreAt(apiBase: string): TestCore {
  const kept: string[] = [];
  const memory = createMemorySecretStore();
  const secrets: SecretStore = { ...memory, set: (name, value, options) => (kept.push(name), memory.set(name, value, options)) };
  const testCore = createTestCore({ secrets, demoStripe: { endpoint: async () => ({ apiBase, apiKey: secretKey }), stop: async () => undefined } });
  secretsKept.set(testCore, kept);
  return testCore;
}

function expectNoKeyIn(testCore: TestCore, answer: unknown): void {
  const text = JSON.stringify(answer) + testCore.logger.text();
  for (const key of allKeys) {
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(8, -4));
  }
}

/** Nothing of a refused key is kept: no account row, no secret of any name. */
async function expectNothingStored(testCore: TestCore): Promise<void> {
  expect(testCore.core.context.db.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
  expect(secretsKept.get(testCore)).toEqual([]);
  expect(testCore.logger.text()).not.toContain('Account connected');
}

let simulator: Simulator;
let account: { id: string; name: string };
const cores: TestCore[] = [];
const core = (apiBase: string = simulator.url): TestCore => {
  const testCore = coreAt(apiBase);
  cores.push(testCore);
  return testCore;
};

beforeAll(async () => {
  simulator = await startTestSimulator({
    seed: 91,
    customers: 15,
    apiKey: secretKey,
    server: { extraApiKeys: [fullRestricted, noInvoices, noCharges], restrictedKeys: { [noInvoices]: { deny: ['invoices', 'invoice_lines'] }, [noCharges]: { deny: ['charges'] } } },
  });
  const current = await sdkFor(simulator).accounts.retrieveCurrent();
  account = { id: current.id, name: current.settings?.dashboard?.display_name ?? '' };
  expect(account.name).not.toBe('');
});

beforeEach(() => {
  simulator.server.setOptions({ forceRateLimited: null, forceFault: null });
});

afterAll(async () => {
  for (const testCore of cores.splice(0)) testCore.dispose();
  await simulator.stop();
});

describe('what the check reads', () => {
  it('probes every resource the sync reads, named as Stripe’s key editor and the connect screen name them', () => {
    expect(Object.keys(keyProbes).sort()).toEqual([...backfillResources, 'events'].sort());
    expect(Object.values(keyProbes).map((probe) => probe.permission).sort()).toEqual([...requiredPermissions].sort());
  });

  it('lists each of them once, in parallel with one read of the account, and nothing else', async () => {
    simulator.server.resetCounters();
    await validateStripeKey({ apiKey: secretKey, apiBase: simulator.url }, factsOf(secretKey));
    const { byEndpoint, requests } = simulator.server.counters;
    expect(requests).toBe(requiredPermissions.length + 1);
    expect(byEndpoint['GET /v1/account']).toBe(1);
    for (const resource of [...backfillResources, 'events']) expect(byEndpoint[`GET /v1/${resource}`], resource).toBe(1);
  });
});

describe('accounts:connect checks the key with Stripe first', () => {
  it('accepts a secret key with full access: test mode, the account’s id, and its name as the default name', async () => {
    const testCore = core();
    const answer = await testCore.core.dispatch('accounts:connect', { apiKey: secretKey });
    expect(answer).toMatchObject({
      ok: true,
      value: { displayName: account.name, source: 'stripe', stripeAccountId: account.id, key: { mode: 'test', kind: 'secret', last4: '1111' } },
    });
    const id = (answer as { value: AccountSummary }).value.id;
    expect(await testCore.core.context.secrets.get(`stripe-key:${id}`)).toBe(secretKey);
    expect(secretsKept.get(testCore)).toEqual([`stripe-key:${id}`]);
    expectNoKeyIn(testCore, answer);
  });

  it('accepts a restricted key that may read everything, and keeps a name the user gave', async () => {
    const testCore = core();
    const answer = await testCore.core.dispatch('accounts:connect', { apiKey: fullRestricted, displayName: 'Acme' });
    expect(answer).toMatchObject({ ok: true, value: { displayName: 'Acme', stripeAccountId: account.id, key: { mode: 'test', kind: 'restricted', last4: '2222' } } });
  });

  it('refuses a key Stripe does not know (401), says what to do, and stores nothing', async () => {
    const testCore = core();
    const answer = await testCore.core.dispatch('accounts:connect', { apiKey: unknownKey, displayName: 'Typo' });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'invalid_key',
        message:
          'Stripe rejected the API key (…9876): it may be mistyped, or it was revoked or rolled. Copy the key again from the Stripe Dashboard (Developers → API keys), or create a new restricted key there, and paste it here. Nothing was saved.',
      },
    });
    await expectNothingStored(testCore);
    expectNoKeyIn(testCore, answer);
  });

  it('refuses a restricted key that may not read invoices (403), naming Invoices as the key editor does', async () => {
    const testCore = core();
    const answer = await testCore.core.dispatch('accounts:connect', { apiKey: noInvoices });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'invalid_key',
        message:
          'The key (…3333) may not read Invoices, and Recur needs it to compute your metrics. In the Stripe Dashboard, open Developers → API keys, edit this restricted key and set Invoices to Read, then connect the key again. Nothing was saved.',
      },
    });
    await expectNothingStored(testCore);
    expectNoKeyIn(testCore, answer);
  });

  it('names every permission missing: Stripe files refunds under the charges permission', async () => {
    const testCore = core();
    const answer = await testCore.core.dispatch('accounts:connect', { apiKey: noCharges });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_key', message: expect.stringContaining('may not read Charges and Refunds, and Recur needs them') as string } });
    await expectNothingStored(testCore);
  });

  it('refuses when Stripe cannot be reached ("could not reach", try again): no account row, no secret', async () => {
    const testCore = core(`http://127.0.0.1:${await freePort()}`);
    const answer = await testCore.core.dispatch('accounts:connect', { apiKey: secretKey });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'unavailable',
        message: 'Recur could not reach Stripe to check the key (…1111), or Stripe did not answer in time. Check your internet connection and try again; nothing was saved.',
      },
    });
    await expectNothingStored(testCore);
    expect(testCore.logger.text()).toContain('Stripe key refused at connect');
    expectNoKeyIn(testCore, answer);
  });

  it('refuses when Stripe keeps failing (5xx), and when it does not answer within the timeout', async () => {
    simulator.server.setOptions({ forceFault: { count: 100, kind: 'server-error' } });
    await expect(validateStripeKey({ apiKey: secretKey, apiBase: simulator.url }, factsOf(secretKey))).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('could not reach Stripe') as string });
    simulator.server.setOptions({ forceFault: null });

    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const apiBase = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      await expect(validateStripeKey({ apiKey: secretKey, apiBase }, factsOf(secretKey), { timeoutMs: 300 })).rejects.toMatchObject({ code: 'unavailable' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('waits out a 429 and tries again, rather than refusing a good key', async () => {
    simulator.server.setOptions({ forceRateLimited: { count: 4, reason: 'global-rate' } });
    const waits: number[] = [];
    const validated = await validateStripeKey({ apiKey: secretKey, apiBase: simulator.url }, factsOf(secretKey), { sleep: async (ms) => void waits.push(ms) });
    expect(validated).toEqual({ mode: 'test', account: { id: account.id, name: account.name } });
    expect(waits.length).toBeGreaterThanOrEqual(4);
  });
});

describe('a restricted key that may not read the account', () => {
  /** Stripe answers 403 to GET /v1/account for a restricted key without the account permission; the rest passes through. */
  let proxy: http.Server;
  let proxyUrl = '';
  beforeAll(async () => {
    proxy = http.createServer((request, response) => {
      if (request.url?.startsWith('/v1/account') && !request.url.startsWith('/v1/accounts')) {
        response.writeHead(403, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ error: { type: 'invalid_request_error', message: "Having the 'rak_accounts_kyc_basic_read' permission would allow this request to continue." } }));
        return;
      }
      const upstream = http.request(new URL(request.url ?? '/', simulator.url), { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  it('is still accepted: the account id waits for the first sync, and the name falls back to mode and last four', async () => {
    const testCore = core(proxyUrl);
    const answer = await testCore.core.dispatch('accounts:connect', { apiKey: fullRestricted });
    expect(answer).toMatchObject({ ok: true, value: { displayName: 'Stripe test account …2222', stripeAccountId: null, key: { kind: 'restricted', mode: 'test' } } });
    expect(testCore.logger.text()).toContain('its account is not readable with it');
    const logger = createMemoryLogger();
    expect(await validateStripeKey({ apiKey: fullRestricted, apiBase: proxyUrl }, factsOf(fullRestricted), { logger })).toEqual({ mode: 'test', account: null });
  });
});
