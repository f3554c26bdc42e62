import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { listSyncLogs } from '../../../src/core/db/repositories/sync-logs';
import { createRandom } from '../../../src/sim/model/random';
import { rateLimitProfiles } from '../../../src/sim/server/rate-limiter';
import { type Simulator, startSimulator } from '../../../src/sim/start-simulator';
import { expectMirrorEqualsTruth } from '../../support/mirror';
import { makeTempDir } from '../../support/temp-dir';

const now = Date.UTC(2026, 10, 27) / 1000;
const cli = path.resolve(__dirname, '../../../src/cli/sync-stripe.ts');

/** `npm run sync:stripe` in its own process, as cron would run it. */
function startSyncProcess(simulator: Simulator, databasePath: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', cli, '--db', databasePath, '--api-base', simulator.url, '--json'], {
    env: { ...process.env, STRIPE_API_KEY: simulator.apiKey, RECUR_DATA_DIR: path.dirname(databasePath) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

/** List requests the simulator has served (what a resumed sync must not repeat). */
function listRequests(simulator: Simulator): number {
  return Object.entries(simulator.server.counters.byEndpoint)
    .filter(([endpoint]) => !endpoint.endsWith('/:id') && !endpoint.includes('/v1/account') && !endpoint.includes('/v1/events'))
    .reduce((sum, [, count]) => sum + count, 0);
}

describe('a sync killed again and again', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    // Test-mode rate limits and a little latency make the sync last long enough to be killed mid-page.
    simulator = await startSimulator({ seed: 9, customers: 1200, now, server: { rateLimits: rateLimitProfiles.test, latency: { baseMs: 15, perObjectMs: 0.2 } } });
    temp = makeTempDir();
  });
  afterAll(async () => {
    temp.remove();
    await simulator.stop();
  });

  it('SIGKILLed ten times at seeded points, resumes each time and ends equal to the account, refetching only pages in flight', async () => {
    // The cost of one uninterrupted sync, for comparison.
    simulator.server.resetCounters();
    const clean = startSyncProcess(simulator, path.join(temp.dir, 'clean', 'recur.db'));
    expect(await exited(clean)).toBe(0);
    const cleanListRequests = listRequests(simulator);
    const cleanRequests = simulator.server.counters.requests;

    simulator.server.resetCounters();
    const databasePath = path.join(temp.dir, 'killed', 'recur.db');
    const random = createRandom(2026);
    const kills = 10;
    for (let kill = 0; kill < kills; kill++) {
      const before = simulator.server.counters.requests;
      const child = startSyncProcess(simulator, databasePath);
      const exit = exited(child);
      // Kill once the process has done 6–12% of a whole sync's requests: somewhere inside the backfill, mid-page.
      const target = before + random.int(Math.ceil(cleanRequests * 0.06), Math.ceil(cleanRequests * 0.12));
      const finishedFirst = await Promise.race([
        exit.then(() => true),
        (async () => {
          while (simulator.server.counters.requests < target) await new Promise((resolve) => setTimeout(resolve, 5));
          return false;
        })(),
      ]);
      if (!finishedFirst) child.kill('SIGKILL');
      await exit;
    }
    const last = startSyncProcess(simulator, databasePath);
    expect(await exited(last)).toBe(0);

    const db = openDatabase(databasePath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // The CLI created the account on its first run, named after the key.
      const accountId = db.prepare<[], string>('SELECT id FROM accounts').pluck().get() ?? '';
      expectMirrorEqualsTruth(db, accountId, simulator.account, now);
      const logs = listSyncLogs(db, accountId);
      expect(logs.filter((log) => log.status === 'interrupted').length).toBeGreaterThanOrEqual(kills - 1);
      expect(logs[0]?.status).toBe('succeeded');
    } finally {
      db.close();
    }
    // Each kill can lose only the pages in flight (about one per worker, 8) — never a slice's written pages. Restarting
    // slices from scratch would refetch 6–12% of the account per kill, well above this bound.
    expect(listRequests(simulator)).toBeLessThanOrEqual(cleanListRequests + kills * 10);
  }, 120_000);
});
