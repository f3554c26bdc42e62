import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { openDatabase } from '../../../src/core/db/connection';
import { type Simulator } from '../../../src/sim/start-simulator';

const root = path.resolve(__dirname, '../../..');

export interface Child {
  child: ChildProcess;
  /** Exit code (null when killed) and signal, with everything printed. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function start(script: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, exit: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))) };
}

export interface WorkerOptions {
  databasePath: string;
  accountId: string;
  kind: 'full' | 'incremental' | 'auto';
  /** Unix seconds: the worker's clock (the simulator's instant). */
  now: number;
  /** Die inside this write transaction (1-based), before its COMMIT. */
  killInTransaction?: number;
  apiKey?: string;
}

/** tests/reliability/support/sync-worker.ts in a process of its own. */
export function startSyncWorker(simulator: Pick<Simulator, 'url' | 'apiKey'>, options: WorkerOptions): Child {
  return start(path.join(root, 'tests/reliability/support/sync-worker.ts'), [], {
    STRIPE_API_KEY: options.apiKey ?? simulator.apiKey,
    RECUR_WORKER_DB: options.databasePath,
    RECUR_WORKER_API_BASE: simulator.url,
    RECUR_WORKER_ACCOUNT: options.accountId,
    RECUR_WORKER_KIND: options.kind,
    RECUR_WORKER_NOW: String(options.now),
    RECUR_WORKER_KILL_IN_TRANSACTION: String(options.killInTransaction ?? 0),
  });
}

/** `npm run metrics -- --db … --account … --at … --json`, the metrics recompute a cron job or a script runs. */
export function startMetricsCli(databasePath: string, accountId: string, at: string): Child {
  return start(path.join(root, 'src/cli/metrics.ts'), ['--db', databasePath, '--account', accountId, '--at', at, '--json'], {});
}

/** Kills `child` once `condition` holds (checked every few ms), unless it exits first. Answers whether it was killed. */
export async function killWhen(child: Child, condition: () => boolean): Promise<boolean> {
  let exited = false;
  void child.exit.then(() => (exited = true));
  while (!exited && !condition()) await new Promise((resolve) => setTimeout(resolve, 3));
  if (exited) return false;
  child.child.kill('SIGKILL');
  await child.exit;
  return true;
}

/**
 * What every crash must leave: a file Recur opens (schema checks, migrations, WAL recovery) and that SQLite finds
 * whole. Answers `PRAGMA integrity_check` (`ok` when whole) and the schema version.
 */
export function reopenAndCheck(databasePath: string): { integrity: unknown; foreignKeys: unknown[] } {
  const db = openDatabase(databasePath);
  try {
    return { integrity: db.pragma('integrity_check', { simple: true }), foreignKeys: db.pragma('foreign_key_check') as unknown[] };
  } finally {
    db.close();
  }
}

/** `npm run sync:stripe -- --db … --api-base … --json`, as cron runs it (the key in STRIPE_API_KEY). */
export function startSyncCli(simulator: Pick<Simulator, 'url' | 'apiKey'>, databasePath: string, ...extra: string[]): Child {
  return start(path.join(root, 'src/cli/sync-stripe.ts'), ['--db', databasePath, '--api-base', simulator.url, '--json', ...extra], { STRIPE_API_KEY: simulator.apiKey });
}
