import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEncryptedFileSecretStore } from '../../../src/core/secrets/encrypted-file-secret-store';
import { createEnvironmentSecretStore } from '../../../src/core/secrets/environment-secret-store';
import { sampleStripeKey } from '../../support/sample-inputs';
import { makeTempDir } from '../../support/temp-dir';
import { createTestCipher, keychainStorage } from '../../support/test-cipher';

describe('the encrypted file secret store', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  const key = crypto.randomBytes(32);
  beforeEach(() => {
    temp = makeTempDir();
    file = path.join(temp.dir, 'secrets.json');
  });
  afterEach(() => temp.remove());

  it('stores a key encrypted, never in plain text, and reads it back after a restart', async () => {
    const store = createEncryptedFileSecretStore(file, createTestCipher(keychainStorage, key));
    expect(await store.set('stripe-key:acc_1', sampleStripeKey, { persist: true })).toEqual({ persisted: true });
    expect(fs.readFileSync(file, 'utf8')).not.toContain(sampleStripeKey);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const afterRestart = createEncryptedFileSecretStore(file, createTestCipher(keychainStorage, key));
    expect(await afterRestart.get('stripe-key:acc_1')).toBe(sampleStripeKey);
    expect(await afterRestart.isPersisted('stripe-key:acc_1')).toBe(true);
  });

  it('keeps a key the user chose not to store in memory only, and forgets it on restart', async () => {
    const store = createEncryptedFileSecretStore(file, createTestCipher(keychainStorage, key));
    expect(await store.set('stripe-key:acc_1', sampleStripeKey, { persist: false })).toEqual({ persisted: false });
    expect(await store.get('stripe-key:acc_1')).toBe(sampleStripeKey);
    expect(await store.isPersisted('stripe-key:acc_1')).toBe(false);
    expect(fs.existsSync(file)).toBe(false);
    const afterRestart = createEncryptedFileSecretStore(file, createTestCipher(keychainStorage, key));
    expect(await afterRestart.get('stripe-key:acc_1')).toBeUndefined();
  });

  it('reads a key that no longer decrypts (keychain reset) as missing instead of failing', async () => {
    await createEncryptedFileSecretStore(file, createTestCipher(keychainStorage, key)).set('stripe-key:acc_1', sampleStripeKey, { persist: true });
    const otherMachine = createEncryptedFileSecretStore(file, createTestCipher(keychainStorage, crypto.randomBytes(32)));
    expect(await otherMachine.get('stripe-key:acc_1')).toBeUndefined();
  });

  it('treats a corrupt secrets file as empty and can write over it', async () => {
    fs.writeFileSync(file, '{"version":1,"secrets":{"x":');
    const store = createEncryptedFileSecretStore(file, createTestCipher(keychainStorage, key));
    expect(await store.get('stripe-key:acc_1')).toBeUndefined();
    await store.set('stripe-key:acc_1', sampleStripeKey, { persist: true });
    expect(await store.get('stripe-key:acc_1')).toBe(sampleStripeKey);
  });

  it('deletes a key from memory and from disk', async () => {
    const store = createEncryptedFileSecretStore(file, createTestCipher(keychainStorage, key));
    await store.set('stripe-key:acc_1', sampleStripeKey, { persist: true });
    await store.set('stripe-key:acc_2', 'rk_test_51OtherKeyAbCdEfGhIjKlMnOp0000', { persist: true });
    await store.delete('stripe-key:acc_1');
    expect(await store.get('stripe-key:acc_1')).toBeUndefined();
    expect(await store.get('stripe-key:acc_2')).toBe('rk_test_51OtherKeyAbCdEfGhIjKlMnOp0000');
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).secrets)).toEqual(['stripe-key:acc_2']);
  });
});

describe('the environment secret store (the CLI’s)', () => {
  it('reads the Stripe key and webhook secret from STRIPE_API_KEY and STRIPE_WEBHOOK_SECRET', async () => {
    const store = createEnvironmentSecretStore({ STRIPE_API_KEY: ` ${sampleStripeKey} `, STRIPE_WEBHOOK_SECRET: 'whsec_abc123' });
    expect(await store.get('stripe-key:acc_any')).toBe(sampleStripeKey);
    expect(await store.get('webhook-secret:acc_any')).toBe('whsec_abc123');
    expect(await store.get('something-else')).toBeUndefined();
    expect(await store.isPersisted('stripe-key:acc_any')).toBe(false);
    expect((await store.describe()).backend).toBe('environment');
  });

  it('treats empty variables as absent', async () => {
    const store = createEnvironmentSecretStore({ STRIPE_API_KEY: '   ' });
    expect(await store.get('stripe-key:acc_any')).toBeUndefined();
  });
});
