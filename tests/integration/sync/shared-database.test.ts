import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { readSyncLease } from '../../../src/core/db/repositories/sync-leases';
import { listSyncLogs } from '../../../src/core/db/repositories/sync-logs';
import { systemClock } from '../../../src/core/ports';
import { SyncBusyError, thisProcess } from '../../../src/core/stripe/sync/account-lease';
import { createSyncRunner, type SyncRunner } from '../../../src/core/stripe/sync/sync-runner';
import { rateLimitProfiles } from '../../../src/sim/server/rate-limiter';
import { type Simulator, startSimulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { expectMirrorEqualsTruth } from '../../support/mirror';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';

const now = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_shareddbtest01';
const cli = path.resolve(__dirname, '../../../src/cli/sync-stripe.ts');

interface CliRun {
  child: ChildProcess;
  exit: Promise<{ code: number | null; stdout: string }>;
}

/** `npm run sync:stripe -- --account … --json` in its own process, as cron runs it beside the app. */
function startCli(simulator: Simulator, databasePath: string, ...extra: string[]): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--db', databasePath, '--api-base', simulator.url, '--account', accountId, '--json', ...extra], {
    env: { ...process.env, STRIPE_API_KEY: simulator.apiKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return { child, exit: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout }))) };
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('the app and the cron command sharing one database', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  let databasePath: string;
  let db: ReturnType<typeof openDatabase>;
  let app: SyncRunner;

  beforeAll(async () => {
    // Test-mode limits and some latency: a full sync lasts a few seconds, long enough for the other process to try.
    simulator = await startSimulator({ seed: 11, customers: 500, now, server: { rateLimits: rateLimitProfiles.test, latency: { baseMs: 20, perObjectMs: 0.2 } } });
    temp = makeTempDir();
    databasePath = path.join(temp.dir, 'recur.db');
    db = openDatabase(databasePath);
    insertTestAccount(db, accountId);
    app = createSyncRunner({
      db,
      logger: createMemoryLogger(),
      clock: systemClock,
      identity: thisProcess('the Recur app'),
      connect: async () => ({ apiKey: simulator.apiKey, apiBase: simulator.url, mode: 'test', keyHint: '(…abcd)' }),
    });
  });
  afterAll(async () => {
    db.close();
    temp.remove();
    await simulator.stop();
  });

  it('a cron run while the app syncs is skipped with exit code 6 and says who is syncing; the app’s run is untouched', async () => {
    const appSync = app.run({ accountId, trigger: 'manual', kind: 'full' });
    await until(() => simulator.server.counters.requests > 20);

    const cron = await startCli(simulator, databasePath).exit;
    expect(cron.code).toBe(6);
    const answer = JSON.parse(cron.stdout.trim()) as { status: string; holder: string; pid: number; error: string };
    expect(answer).toMatchObject({ status: 'busy', holder: 'the Recur app', pid: process.pid });
    expect(answer.error).toBe(`This account is already being synced by the Recur app (process ${process.pid}). This sync was skipped; the data will update when that one finishes.`);

    const result = await appSync;
    expect(result.status).toBe('succeeded');
    // The cron process started its own runner, which marks leftover `running` rows interrupted: not the app's live one.
    expect(listSyncLogs(db, accountId).map((log) => [log.trigger, log.status])).toEqual([['manual', 'succeeded']]);
    expect(readSyncLease(db, accountId)).toBeUndefined();
    expectMirrorEqualsTruth(db, accountId, simulator.account, now);
  });

  it('Sync Now while a cron run syncs is refused with the same message the other way round, then works once it ends', async () => {
    const cron = startCli(simulator, databasePath, '--full');
    await until(() => readSyncLease(db, accountId) !== undefined);

    expect(app.runningElsewhere(accountId)).toMatchObject({ holder: 'the sync:stripe command', pid: cron.child.pid });
    const refused = await app.run({ accountId, trigger: 'manual', kind: 'auto' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SyncBusyError);
    expect((refused as Error).message).toBe(`This account is already being synced by the sync:stripe command (process ${cron.child.pid}). This sync was skipped; the data will update when that one finishes.`);

    expect((await cron.exit).code).toBe(0);
    expect(app.runningElsewhere(accountId)).toBeUndefined();
    const after = await app.run({ accountId, trigger: 'manual', kind: 'auto' });
    expect(after.status).toBe('succeeded');
    expect(listSyncLogs(db, accountId).map((log) => [log.trigger, log.kind, log.status])).toEqual([
      ['manual', 'incremental', 'succeeded'],
      ['cli', 'full', 'succeeded'],
      ['manual', 'full', 'succeeded'],
    ]);
  });

  it('a cron run SIGKILLed mid-sync leaves its lease behind, and the app takes it over at once', async () => {
    const cron = startCli(simulator, databasePath, '--full');
    await until(() => readSyncLease(db, accountId) !== undefined);
    // Killed once its backfill has written pages, so the next sync has a full sync to resume.
    const unfinishedAndStarted = db.prepare<[string, string], number>("SELECT count(*) FROM backfill_slices WHERE account_id = ? AND status != 'done' AND EXISTS (SELECT 1 FROM backfill_slices WHERE account_id = ? AND fetched > 0)");
    await until(() => (unfinishedAndStarted.pluck().get(accountId, accountId) ?? 0) > 0);
    cron.child.kill('SIGKILL');
    await cron.exit;
    expect(readSyncLease(db, accountId)).toMatchObject({ holder: 'the sync:stripe command' });

    const resumed = await app.run({ accountId, trigger: 'manual', kind: 'auto' });
    expect(resumed).toMatchObject({ status: 'succeeded', error: null });
    const [latest, killed] = listSyncLogs(db, accountId);
    expect(latest).toMatchObject({ trigger: 'manual', kind: 'full', status: 'succeeded' });
    expect(killed).toMatchObject({ trigger: 'cli', kind: 'full', status: 'interrupted' });
    expect(readSyncLease(db, accountId)).toBeUndefined();
    expectMirrorEqualsTruth(db, accountId, simulator.account, now);
  });
});
