import path from 'node:path';
import { openDatabase } from '../../../src/core/db/connection';
import { type Clock } from '../../../src/core/ports';
import { createSyncRunner, type SyncRunner } from '../../../src/core/stripe/sync/sync-runner';
import { truthResources } from '../../../src/sim/account/ground-truth';
import { type Simulator, startSimulator, type StartSimulatorOptions } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';

/**
 * One simulator, one database in a temp folder and a sync runner whose clock follows the simulator's (as a real app's
 * follows Stripe's): the setting of tests/integration/sync/faults.test.ts, shared by the reliability suites.
 */
export interface Rig {
  simulator: Simulator;
  databasePath: string;
  db: ReturnType<typeof openDatabase>;
  logger: ReturnType<typeof createMemoryLogger>;
  runner: SyncRunner;
  accountId: string;
  /** The simulator's current instant (unix seconds). */
  now(): number;
  dispose(): Promise<void>;
}

export interface RigOptions {
  accountId: string;
  /** Where the sync connects, when not straight to the simulator (a proxy in front of it), and with which key. */
  apiBase?: () => string;
  apiKey?: () => string;
}

export async function startRig(simulatorOptions: StartSimulatorOptions, options: RigOptions): Promise<Rig> {
  const simulator = await startSimulator(simulatorOptions);
  const temp = makeTempDir('recur-reliability-');
  const databasePath = path.join(temp.dir, 'recur.db');
  const db = openDatabase(databasePath);
  insertTestAccount(db, options.accountId);
  const logger = createMemoryLogger();
  const clock: Clock = { now: () => new Date(simulator.account.clock.now() * 1000) };
  const runner = createSyncRunner({
    db,
    logger,
    clock,
    connect: async () => ({ apiKey: options.apiKey?.() ?? simulator.apiKey, apiBase: options.apiBase?.() ?? simulator.url, mode: 'test', keyHint: '(…abcd)' }),
  });
  return {
    simulator,
    databasePath,
    db,
    logger,
    runner,
    accountId: options.accountId,
    now: () => simulator.account.clock.now(),
    async dispose() {
      if (db.open) db.close();
      await simulator.stop();
      temp.remove();
    },
  };
}

/** Rows per mirrored table (tombstones included): what a failed sync must leave as it found it. */
export function rowCounts(db: ReturnType<typeof openDatabase>, accountId: string): Record<string, number> {
  return Object.fromEntries(truthResources.map((table) => [table, db.prepare<[string], number>(`SELECT count(*) FROM ${table} WHERE account_id = ?`).pluck().get(accountId) ?? 0]));
}

/** The ids of one table, sorted. */
export function idsOf(db: ReturnType<typeof openDatabase>, table: string, accountId: string): string[] {
  return db.prepare<[string], string>(`SELECT id FROM ${table} WHERE account_id = ? ORDER BY id`).pluck().all(accountId);
}
