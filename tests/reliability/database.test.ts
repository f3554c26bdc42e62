import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db/connection';
import { latestSchemaVersion } from '../../src/core/db/migrate';
import { listLedgerEntries } from '../../src/core/db/repositories/event-ledger';
import { readEventsCursor } from '../../src/core/db/repositories/events-cursor';
import { listSyncLogs } from '../../src/core/db/repositories/sync-logs';
import { setDatabaseAside } from '../../src/core/db/set-aside';
import { type Clock } from '../../src/core/ports';
import { createSyncRunner } from '../../src/core/stripe/sync/sync-runner';
import { type Simulator, startSimulator } from '../../src/sim/start-simulator';
import { createMemoryLogger } from '../support/memory-logger';
import { expectMirrorEqualsTruth } from '../support/mirror';
import { makeTempDir } from '../support/temp-dir';
import { insertTestAccount } from '../support/test-account';
import { reopenAndCheck, startSyncCli, startSyncWorker } from './support/processes';
import { idsOf, type Rig, rowCounts, startRig } from './support/rig';

/**
 * The database under stress: the disk filling up mid-sync (full and incremental), a file damaged where Recur's open
 * check cannot see, a corrupt file and one from a newer Recur handed to the cron command, and two processes syncing
 * one file at once.
 *
 * Already proven elsewhere, not repeated: tests/unit/db/migrations.test.ts — openDatabase refuses garbage, truncated
 * and scribbled files and newer schema versions (with or without a -wal) with their bytes unchanged, and a failing
 * migration rolls back; set-aside.test.ts — an unreadable file and its -wal are set aside whole; core-persistence —
 * a writer waits for the other connection's transaction; shared-database.test.ts — the app and a cron run on one
 * file exclude each other per account (busy, exit 6) and a killed holder's lease is taken over.
 */

const start = Date.UTC(2026, 10, 27) / 1000;
const day = 86_400;
const diskFull = 'Recur could not save what it fetched: the disk holding its data is full. Free some space; the next sync resumes where this one stopped, and nothing stored was lost.';
/** SQLite's own ceiling: the limit as good as lifted. */
const noPageLimit = 4_294_967_294;

const disposals: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const dispose of disposals.splice(0).reverse()) await dispose();
});

async function rig(...args: Parameters<typeof startRig>): Promise<Rig> {
  const started = await startRig(...args);
  disposals.push(() => started.dispose());
  return started;
}

const sha256 = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every id stored before is still stored: a failed sync took nothing away. */
function expectNothingLost(setup: Rig, before: Record<string, string[]>): void {
  for (const [table, ids] of Object.entries(before)) expect(idsOf(setup.db, table, setup.accountId), table).toEqual(expect.arrayContaining(ids));
}

function idsByTable(setup: Rig): Record<string, string[]> {
  return Object.fromEntries(Object.keys(rowCounts(setup.db, setup.accountId)).map((table) => [table, idsOf(setup.db, table, setup.accountId)]));
}

describe('the disk filling up while a sync writes (SQLITE_FULL, from PRAGMA max_page_count)', () => {
  it('a full sync fails with the disk-full message, loses nothing committed, and the next one, with space, resumes and completes', async () => {
    const setup = await rig({ seed: 91, customers: 150, now: start, server: { rateLimits: null } }, { accountId: 'acc_diskfull0001' });
    expect((await setup.runner.run({ accountId: setup.accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
    const before = idsByTable(setup);
    setup.simulator.account.clock.advance(10 * day);
    // Three pages left: the sync's first pages fit, then a write needs a page the file may not have.
    setup.db.pragma(`max_page_count = ${(setup.db.pragma('page_count', { simple: true }) as number) + 3}`);

    const full = await setup.runner.run({ accountId: setup.accountId, trigger: 'manual', kind: 'full' });

    expect(full).toMatchObject({ status: 'failed', error: diskFull });
    expect(listSyncLogs(setup.db, setup.accountId)[0]).toMatchObject({ kind: 'full', status: 'failed', error: diskFull });
    expect(setup.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expectNothingLost(setup, before);

    setup.db.pragma(`max_page_count = ${noPageLimit}`);
    const resumed = await setup.runner.run({ accountId: setup.accountId, trigger: 'manual', kind: 'auto' });
    expect(resumed).toMatchObject({ status: 'succeeded', error: null });
    expect(listSyncLogs(setup.db, setup.accountId)[0]).toMatchObject({ kind: 'full', status: 'succeeded' });
    expectMirrorEqualsTruth(setup.db, setup.accountId, setup.simulator.account, setup.now());
  }, 120_000);

  it('an incremental sync fails with the same message, its cursor no further than what was written, and a later poll with space applies every event', async () => {
    const setup = await rig({ seed: 92, customers: 150, now: start, server: { rateLimits: null } }, { accountId: 'acc_diskfull0002' });
    expect((await setup.runner.run({ accountId: setup.accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
    const before = idsByTable(setup);
    setup.simulator.account.clock.advance(3 * day);
    setup.db.pragma(`max_page_count = ${(setup.db.pragma('page_count', { simple: true }) as number) + 2}`);

    const polled = await setup.runner.run({ accountId: setup.accountId, trigger: 'schedule', kind: 'incremental' });

    expect(polled).toMatchObject({ status: 'failed', error: diskFull });
    expect(setup.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expectNothingLost(setup, before);
    const cursor = readEventsCursor(setup.db, setup.accountId)?.lastEventCreated ?? 0;
    const applied = listLedgerEntries(setup.db, setup.accountId, 100_000).filter((entry) => entry.status === 'processed' && (entry.eventCreated ?? 0) > start);
    expect(applied.every((entry) => (entry.eventCreated ?? 0) <= cursor)).toBe(true);
    expect(cursor).toBeLessThan(setup.now());

    setup.db.pragma(`max_page_count = ${noPageLimit}`);
    expect(await setup.runner.run({ accountId: setup.accountId, trigger: 'schedule', kind: 'incremental' })).toMatchObject({ status: 'succeeded', error: null });
    expect(listLedgerEntries(setup.db, setup.accountId, 100_000).filter((entry) => entry.status !== 'processed')).toEqual([]);
    expectMirrorEqualsTruth(setup.db, setup.accountId, setup.simulator.account, setup.now());
  }, 120_000);
});

describe('a damaged or foreign database file', () => {
  it('damage deep inside a table, past what the open check reads: the sync stops with the damaged-cache message; set aside, a fresh file syncs to the truth', async () => {
    const setup = await rig({ seed: 93, customers: 200, now: start, server: { rateLimits: null } }, { accountId: 'acc_damaged00001' });
    expect((await setup.runner.run({ accountId: setup.accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
    const leaves = setup.db.prepare<[], number>("SELECT pageno FROM dbstat WHERE name = 'customers' AND pagetype = 'leaf' ORDER BY pageno").pluck().all();
    expect(leaves.length).toBeGreaterThan(4);
    const pageSize = setup.db.pragma('page_size', { simple: true }) as number;
    setup.db.pragma('wal_checkpoint(TRUNCATE)');
    setup.db.close();
    // A leaf page in the middle of the customers table, overwritten: as a failing disk sector would leave it.
    const victim = leaves[Math.floor(leaves.length / 2)] ?? 0;
    const fd = fs.openSync(setup.databasePath, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (victim - 1) * pageSize);
    fs.closeSync(fd);

    // Recur's open check reads the schema and each table's first row: this damage gets past it.
    const db = openDatabase(setup.databasePath);
    disposals.push(() => void db.close());
    const clock: Clock = { now: () => new Date(setup.now() * 1000) };
    const runner = createSyncRunner({ db, logger: createMemoryLogger(), clock, connect: async () => ({ apiKey: setup.simulator.apiKey, apiBase: setup.simulator.url, mode: 'test', keyHint: '(…abcd)' }) });
    setup.simulator.account.clock.advance(2 * day);
    const damaged = await runner.run({ accountId: setup.accountId, trigger: 'manual', kind: 'full' });

    expect(damaged.status).toBe('failed');
    expect(damaged.error).toMatch(/^Recur's local cache is damaged \(.+\), so the sync stopped\. It can be rebuilt from Stripe by a full sync into a fresh file; nothing in Stripe is affected\.$/);
    expect(db.pragma('integrity_check', { simple: true })).not.toBe('ok');
    db.close();

    // The way out the message names: the file is set aside as it is, and a fresh one is filled from Stripe.
    const bytes = sha256(setup.databasePath);
    const asideAt = setDatabaseAside(setup.databasePath, new Date(setup.now() * 1000));
    expect(sha256(asideAt)).toBe(bytes);
    const fresh = openDatabase(setup.databasePath);
    disposals.push(() => void fresh.close());
    insertTestAccount(fresh, setup.accountId);
    const rebuild = createSyncRunner({ db: fresh, logger: createMemoryLogger(), clock, connect: async () => ({ apiKey: setup.simulator.apiKey, apiBase: setup.simulator.url, mode: 'test', keyHint: '(…abcd)' }) });
    expect((await rebuild.run({ accountId: setup.accountId, trigger: 'manual', kind: 'full' })).status).toBe('succeeded');
    expectMirrorEqualsTruth(fresh, setup.accountId, setup.simulator.account, setup.now());
  }, 120_000);

  it.each([
    ['random bytes', (file: string) => fs.writeFileSync(file, crypto.randomBytes(256 * 1024)), /is unreadable: it is not a SQLite database or it is corrupt\. It can be rebuilt from Stripe by a full sync/],
    [
      `a file from schema version ${latestSchemaVersion + 1}`,
      (file: string) => {
        const db = openDatabase(file);
        db.pragma(`user_version = ${latestSchemaVersion + 1}`);
        db.close();
      },
      /was written by a newer version of Recur \(schema version \d+; this version of Recur understands up to schema version \d+\)\. Update Recur to open it\. Recur did not modify the file\./,
    ],
  ])('the cron command given %s: exit 1 with the message to act on, and the file untouched', async (_, make, message) => {
    const simulator = await startSimulator({ seed: 94, customers: 20, now: start, server: { rateLimits: null } });
    disposals.push(() => simulator.stop());
    const temp = makeTempDir();
    disposals.push(() => temp.remove());
    const databasePath = path.join(temp.dir, 'recur.db');
    make(databasePath);
    const bytes = sha256(databasePath);

    const run = await startSyncCli(simulator, databasePath).exit;

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(sha256(databasePath)).toBe(bytes);
    expect(fs.readdirSync(temp.dir)).toEqual(['recur.db']);
    expect(simulator.server.counters.requests).toBe(0);
  }, 120_000);
});

describe('two processes syncing one database file at once', () => {
  async function simulatorFor(seed: number, latency?: { baseMs: number; perObjectMs: number }): Promise<Simulator> {
    const simulator = await startSimulator({ seed, customers: 150, now: start, server: { rateLimits: null, ...(latency ? { latency } : {}) } });
    disposals.push(() => simulator.stop());
    return simulator;
  }

  it('the same account from two processes started together on a new file: one syncs, the other is told who is syncing, never both; the file is whole and exact', async () => {
    const simulator = await simulatorFor(95, { baseMs: 15, perObjectMs: 0.2 });
    const temp = makeTempDir();
    disposals.push(() => temp.remove());
    const databasePath = path.join(temp.dir, 'recur.db');
    const accountId = 'acc_twoprocesses';

    const runs = await Promise.all([0, 1].map(() => startSyncWorker(simulator, { databasePath, accountId, kind: 'full', now: start }).exit));

    const busy = runs.filter((run) => /already being synced by a reliability worker \(process \d+\)/.test(run.stderr));
    const succeeded = runs.filter((run) => run.code === 0);
    // Either the lease kept the second out, or it came after the first had finished and synced again: never a failure.
    expect(succeeded.length + busy.length, runs.map((run) => run.stderr).join('\n')).toBe(2);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    // When both synced, one after the other: the second took the lease once the first had released it (its finish is
    // stamped a moment after the release, hence the 100 ms; two syncs at once would overlap by seconds).
    const spans = succeeded.map((run) => JSON.parse(run.stdout) as { startedAtMs: number; finishedAtMs: number }).sort((a, b) => a.startedAtMs - b.startedAtMs);
    if (spans.length === 2) expect(spans[1]?.startedAtMs).toBeGreaterThanOrEqual((spans[0]?.finishedAtMs ?? Infinity) - 100);
    expect(reopenAndCheck(databasePath)).toEqual({ integrity: 'ok', foreignKeys: [] });
    const db = openDatabase(databasePath);
    try {
      expectMirrorEqualsTruth(db, accountId, simulator.account, start);
      expect(listSyncLogs(db, accountId).map((log) => log.status)).toEqual(succeeded.map(() => 'succeeded'));
    } finally {
      db.close();
    }
  }, 180_000);

  it('two accounts from two processes at once: their writes queue behind each other, both succeed, each mirror exact', async () => {
    const simulator = await simulatorFor(96);
    const temp = makeTempDir();
    disposals.push(() => temp.remove());
    const databasePath = path.join(temp.dir, 'recur.db');

    const runs = await Promise.all(['acc_processone01', 'acc_processtwo01'].map((accountId) => startSyncWorker(simulator, { databasePath, accountId, kind: 'full', now: start }).exit));

    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(reopenAndCheck(databasePath)).toEqual({ integrity: 'ok', foreignKeys: [] });
    const db = openDatabase(databasePath);
    try {
      for (const accountId of ['acc_processone01', 'acc_processtwo01']) {
        expectMirrorEqualsTruth(db, accountId, simulator.account, start);
        expect(listSyncLogs(db, accountId).map((log) => log.status)).toEqual(['succeeded']);
      }
    } finally {
      db.close();
    }
  }, 180_000);
});
