import crypto from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/core';
import { openDatabase } from '../../src/core/db/connection';
import { createEncryptedFileSecretStore } from '../../src/core/secrets/encrypted-file-secret-store';
import { type AccountSummary, defaultSettings } from '../../src/shared/contract';
import { createMemoryLogger } from '../support/memory-logger';
import { sampleStripeKey } from '../support/sample-inputs';
import { startTestSimulator } from '../support/simulator';
import { makeTempDir } from '../support/temp-dir';
import { createTestCipher, keychainStorage } from '../support/test-cipher';

describe('the core across restarts', () => {
  it('keeps accounts, their encrypted keys and settings when Recur quits and starts again', async () => {
    const temp = makeTempDir();
    const osKey = crypto.randomBytes(32);
    // Connecting checks the key with Stripe: here a simulator that accepts the sample key.
    const simulator = await startTestSimulator({ seed: 5, customers: 5, apiKey: sampleStripeKey });
    const start = () =>
      createCore({
        dataDir: temp.dir,
        secrets: createEncryptedFileSecretStore(path.join(temp.dir, 'secrets.json'), createTestCipher(keychainStorage, osKey)),
        logger: createMemoryLogger(),
        stripeApiBase: async () => simulator.url,
      });
    try {
      const first = start();
      const connected = await first.dispatch('accounts:connect', { apiKey: sampleStripeKey, displayName: 'Acme' });
      await first.dispatch('settings:update', { appearance: 'dark', lastPage: 'reports' });
      first.close();

      const second = start();
      const accounts = await second.dispatch('accounts:list', undefined);
      const settings = await second.dispatch('settings:get', undefined);
      const id = connected.ok ? (connected.value as AccountSummary).id : '';
      expect(await second.context.secrets.get(`stripe-key:${id}`)).toBe(sampleStripeKey);
      second.close();

      expect(accounts).toMatchObject({ ok: true, value: [{ id, displayName: 'Acme', key: { last4: '4242', persistence: 'stored' } }] });
      expect(settings).toEqual({ ok: true, value: { ...defaultSettings, appearance: 'dark', lastPage: 'reports' } });
    } finally {
      await simulator.stop();
      temp.remove();
    }
  });
});

describe('two processes on one database (the app and the cron CLI)', () => {
  it('a write waits for the other connection’s transaction instead of failing with SQLITE_BUSY', async () => {
    const temp = makeTempDir();
    const file = path.join(temp.dir, 'recur.db');
    const db = openDatabase(file);
    try {
      // Another connection (as the CLI would hold) takes the write lock, keeps it for 400 ms, commits, then raises a
      // flag in shared memory. The main thread's write blocks synchronously, so the flag is read right after it.
      const committed = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(
        `
        const { parentPort, workerData } = require('node:worker_threads');
        const Database = require('better-sqlite3');
        const other = new Database(workerData.file);
        other.exec('BEGIN IMMEDIATE');
        other.prepare("INSERT INTO settings (key, value) VALUES ('from-cli', '1')").run();
        parentPort.postMessage('locked');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
        other.exec('COMMIT');
        Atomics.store(workerData.committed, 0, 1);
        other.close();
        `,
        { eval: true, workerData: { file, committed } },
      );
      await new Promise<void>((resolve) => worker.once('message', () => resolve()));

      db.prepare("INSERT INTO settings (key, value) VALUES ('from-app', '2')").run();
      expect(Atomics.load(committed, 0)).toBe(1);

      await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      expect(db.prepare('SELECT key FROM settings ORDER BY key').pluck().all()).toEqual(['from-app', 'from-cli']);
    } finally {
      db.close();
      temp.remove();
    }
  });
});
