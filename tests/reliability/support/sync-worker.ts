import Database from 'better-sqlite3';
import { openDatabase } from '../../../src/core/db/connection';
import { findAccount, insertAccount } from '../../../src/core/db/repositories/accounts';
import { type Logger } from '../../../src/core/ports';
import { thisProcess } from '../../../src/core/stripe/sync/account-lease';
import { createSyncRunner } from '../../../src/core/stripe/sync/sync-runner';

/**
 * One sync in a process of its own, to be SIGKILLed by a reliability test. Unlike `npm run sync:stripe` (which
 * kill-resume.test.ts kills), its clock is the simulator's instant handed in RECUR_WORKER_NOW, so a run is the same
 * on any day, and it can kill itself from inside the N-th write transaction (RECUR_WORKER_KILL_IN_TRANSACTION): after
 * the transaction's statements ran and before its COMMIT, the one instant an outside kill almost never hits.
 *
 * Env: RECUR_WORKER_DB, RECUR_WORKER_API_BASE, STRIPE_API_KEY, RECUR_WORKER_ACCOUNT, RECUR_WORKER_KIND
 * (full | incremental | auto), RECUR_WORKER_NOW (unix seconds). Prints the SyncResult, with the real time the run
 * started and finished at, as one JSON line.
 */

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
};

const killAt = Number(process.env.RECUR_WORKER_KILL_IN_TRANSACTION ?? 0);
if (killAt > 0) {
  // Every write transaction of the sync engine goes through Database#transaction: count them as they finish their
  // statements, and die before the N-th commits.
  const original = Database.prototype.transaction;
  let finished = 0;
  Database.prototype.transaction = function transaction<F extends (...args: never[]) => unknown>(this: Database.Database, fn: F) {
    return original.call(this, function (this: unknown, ...args: Parameters<F>) {
      const result = fn.apply(this, args);
      finished++;
      if (finished === killAt) {
        process.kill(process.pid, 'SIGKILL');
        for (;;) {
          // SIGKILL is delivered before this loop can yield: nothing after this line runs, COMMIT least of all.
        }
      }
      return result;
    } as F);
  } as typeof original;
}

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (message, fields) => process.stderr.write(`${message} ${JSON.stringify(fields ?? {})}\n`) };
const now = Number(env('RECUR_WORKER_NOW'));
const accountId = env('RECUR_WORKER_ACCOUNT');
const db = openDatabase(env('RECUR_WORKER_DB'));
if (!findAccount(db, accountId)) {
  insertAccount(db, { id: accountId, displayName: 'Sim', source: 'stripe', stripeAccountId: null, keyMode: 'test', keyKind: 'secret', keyLast4: 'abcd', createdAt: new Date(now * 1000).toISOString() });
}
const runner = createSyncRunner({
  db,
  logger: quiet,
  clock: { now: () => new Date(now * 1000) },
  identity: thisProcess('a reliability worker'),
  connect: async () => ({ apiKey: env('STRIPE_API_KEY'), apiBase: env('RECUR_WORKER_API_BASE'), mode: 'test', keyHint: '(…abcd)' }),
});
const kind = env('RECUR_WORKER_KIND');
if (kind !== 'full' && kind !== 'incremental' && kind !== 'auto') throw new Error(`RECUR_WORKER_KIND: ${kind}`);
// Real time around the run, for a test to check two processes' syncs never overlapped.
const startedAtMs = Date.now();
runner.run({ accountId, trigger: 'cli', kind }).then(
  (result) => {
    process.stdout.write(`${JSON.stringify({ ...result, startedAtMs, finishedAtMs: Date.now() })}\n`);
    db.close();
    process.exit(result.status === 'succeeded' ? 0 : 1);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
