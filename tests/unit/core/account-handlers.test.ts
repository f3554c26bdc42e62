import fs from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { createEncryptedFileSecretStore } from '../../../src/core/secrets/encrypted-file-secret-store';
import { secretNames } from '../../../src/core/secrets/secret-names';
import { type AccountSummary, defaultSettings } from '../../../src/shared/contract';
import { type ApiResult } from '../../../src/shared/errors';
import { sampleStripeKey } from '../../support/sample-inputs';
import { createTestCipher, basicTextStorage, keychainStorage } from '../../support/test-cipher';
import { makeTempDir } from '../../support/temp-dir';
import { createTestCore, type TestCore } from '../../support/test-core';

function valueOf<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

describe('accounts', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  const coreWithStorage = (storage: typeof keychainStorage): { testCore: TestCore; secretsFile: string } => {
    const secretsDir = makeTempDir();
    const secretsFile = path.join(secretsDir.dir, 'secrets.json');
    const testCore = createTestCore({ secrets: createEncryptedFileSecretStore(secretsFile, createTestCipher(storage)) });
    cleanups.push(() => testCore.dispose(), () => secretsDir.remove());
    return { testCore, secretsFile };
  };

  it('connecting a restricted test key shows mode, kind and last four, names it after its Stripe account, and stores the key encrypted', async () => {
    const { testCore, secretsFile } = coreWithStorage(keychainStorage);
    const account = valueOf<AccountSummary>(await testCore.core.dispatch('accounts:connect', { apiKey: sampleStripeKey }));
    // Connect checked the key with Stripe (here the test core's simulator), which also told the account's id and name.
    const endpoint = await testCore.core.context.demoStripe!.endpoint();
    const stripeAccount = await new Stripe(endpoint.apiKey, { host: new URL(endpoint.apiBase).hostname, port: Number(new URL(endpoint.apiBase).port), protocol: 'http' }).accounts.retrieveCurrent();
    expect(account).toMatchObject({
      displayName: stripeAccount.settings?.dashboard?.display_name,
      source: 'stripe',
      stripeAccountId: stripeAccount.id,
      key: { mode: 'test', kind: 'restricted', last4: '4242', persistence: 'stored' },
    });
    expect(account.id).toMatch(/^acc_[0-9a-f]{32}$/);
    expect(fs.readFileSync(secretsFile, 'utf8')).not.toContain(sampleStripeKey);
  });

  it('a new key for a Stripe account already connected in that mode replaces its key, keeping the account and its data', async () => {
    const { testCore } = coreWithStorage(keychainStorage);
    const first = valueOf<AccountSummary>(await testCore.core.dispatch('accounts:connect', { apiKey: sampleStripeKey }));
    // The simulator's own secret key reads the same Stripe account: a rolled key, say.
    const endpoint = await testCore.core.context.demoStripe!.endpoint();
    const replaced = valueOf<AccountSummary>(await testCore.core.dispatch('accounts:connect', { apiKey: endpoint.apiKey, displayName: 'Acme (new key)' }));
    expect(replaced).toMatchObject({ id: first.id, stripeAccountId: first.stripeAccountId, displayName: 'Acme (new key)', key: { mode: 'test', kind: 'secret', last4: endpoint.apiKey.slice(-4) } });
    expect(valueOf<AccountSummary[]>(await testCore.core.dispatch('accounts:list', undefined)).filter((account) => account.source === 'stripe')).toHaveLength(1);
    expect(await testCore.core.context.secrets.get(secretNames.stripeKey(first.id))).toBe(endpoint.apiKey);
  });

  it('without a keyring, keeps the key for the session unless the user agrees to store it', async () => {
    const { testCore, secretsFile } = coreWithStorage(basicTextStorage);
    const sessionOnly = valueOf<AccountSummary>(await testCore.core.dispatch('accounts:connect', { apiKey: sampleStripeKey }));
    expect(sessionOnly.key?.persistence).toBe('session');
    expect(fs.existsSync(secretsFile)).toBe(false);

    const stored = valueOf<AccountSummary>(
      await testCore.core.dispatch('accounts:connect', { apiKey: sampleStripeKey, displayName: 'Remembered', rememberKey: true }),
    );
    expect(stored.key?.persistence).toBe('stored');
    expect(fs.existsSync(secretsFile)).toBe(true);
  });

  it('lists accounts oldest first, renames one and refuses an unknown id', async () => {
    const { testCore } = coreWithStorage(keychainStorage);
    const demo = valueOf<AccountSummary>(await testCore.core.dispatch('accounts:connect-demo', undefined));
    const again = valueOf<AccountSummary>(await testCore.core.dispatch('accounts:connect-demo', undefined));
    expect(again.id).toBe(demo.id);
    const stripe = valueOf<AccountSummary>(await testCore.core.dispatch('accounts:connect', { apiKey: sampleStripeKey }));
    const renamed = valueOf<AccountSummary>(await testCore.core.dispatch('accounts:rename', { accountId: stripe.id, displayName: '  Acme  ' }));
    expect(renamed.displayName).toBe('Acme');
    const list = valueOf<AccountSummary[]>(await testCore.core.dispatch('accounts:list', undefined));
    expect(list.map((account) => account.displayName)).toEqual(['Demo account', 'Acme']);
    expect(list[0]).toMatchObject({ source: 'demo', key: null });

    // A key pasted as the name would be stored and shown in the clear: refused, without echoing it.
    for (const name of [sampleStripeKey, `My ${sampleStripeKey}`, 'whsec_abcdefghijklmnop']) {
      const refused = await testCore.core.dispatch('accounts:rename', { accountId: stripe.id, displayName: name });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('looks like a Stripe key or webhook secret') } });
      expect(JSON.stringify(refused)).not.toContain(name);
    }
    expect(await testCore.core.dispatch('accounts:connect', { apiKey: sampleStripeKey, displayName: sampleStripeKey })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const missing = await testCore.core.dispatch('accounts:rename', { accountId: 'acc_doesnotexist', displayName: 'x' });
    expect(missing).toEqual({ ok: false, error: { code: 'not_found', message: 'That account is no longer connected. Reload the list of accounts.' } });
  });

  it('disconnecting removes the account and forgets its key', async () => {
    const { testCore } = coreWithStorage(keychainStorage);
    const account = valueOf<AccountSummary>(await testCore.core.dispatch('accounts:connect', { apiKey: sampleStripeKey }));
    valueOf(await testCore.core.dispatch('accounts:disconnect', { accountId: account.id }));
    expect(valueOf<AccountSummary[]>(await testCore.core.dispatch('accounts:list', undefined))).toEqual([]);
    expect(await testCore.core.context.secrets.get(`stripe-key:${account.id}`)).toBeUndefined();
  });

  it('tells the renderer that data changed, naming the scope', async () => {
    const events: unknown[] = [];
    const testCore = createTestCore({ notifier: { emit: (event, payload) => events.push([event, payload]) } });
    cleanups.push(() => testCore.dispose());
    await testCore.core.dispatch('accounts:connect-demo', undefined);
    await testCore.core.dispatch('settings:update', { lastPage: 'sync' });
    expect(events).toEqual([
      ['data:changed', { scopes: ['accounts'] }],
      ['data:changed', { scopes: ['settings'] }],
    ]);
  });
});

describe('settings', () => {
  it('fills defaults, saves changes, and falls back per key when a stored value is unreadable', async () => {
    const testCore = createTestCore();
    try {
      expect(valueOf(await testCore.core.dispatch('settings:get', undefined))).toEqual({ ...defaultSettings, appearance: 'system', lastPage: 'overview' });
      expect(valueOf(await testCore.core.dispatch('settings:update', { appearance: 'dark' }))).toEqual({ ...defaultSettings, appearance: 'dark', lastPage: 'overview' });
      testCore.core.context.db.prepare("UPDATE settings SET value = '\"hologram\"' WHERE key = 'appearance'").run();
      testCore.core.context.db.prepare("INSERT INTO settings (key, value) VALUES ('lastPage', '\"sync\"')").run();
      expect(valueOf(await testCore.core.dispatch('settings:get', undefined))).toEqual({ ...defaultSettings, appearance: 'system', lastPage: 'sync' });
    } finally {
      testCore.dispose();
    }
  });
});
