import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { writeSettings } from '../../../src/core/db/repositories/settings';
import { systemClock } from '../../../src/core/ports';
import { dayOf } from '../../../src/core/metrics/history/days';
import { loadMrrHistory } from '../../../src/core/metrics/history/load-mrr-history';
import { stripeDefaultMrrSettings } from '../../../src/core/metrics/mrr-types';
import { accountOverviewAt } from '../../../src/core/metrics/account-overview';
import { type MrrSettings } from '../../../src/core/metrics/mrr-types';
import { readReportingSettings } from '../../../src/core/metrics/reporting-settings';
import { reportCatalogue, reportColumns } from '../../../src/core/reports/reports';
import { createSyncRunner } from '../../../src/core/stripe/sync/sync-runner';
import { type Simulator, startSimulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';

const run = promisify(execFile);
const now = Date.UTC(2026, 10, 27) / 1000;
const accountId = 'acc_clireports0001';
const root = path.resolve(__dirname, '../../..');

/** A command as `npm run <script> -- …` runs it; resolves with its exit code and output, whatever the code. */
async function cli(script: 'metrics' | 'report', ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli', `${script}.ts`), ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run metrics and npm run report on a synced database', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  let databasePath: string;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 13, customers: 120, now });
    temp = makeTempDir();
    databasePath = path.join(temp.dir, 'recur.db');
    const db = openDatabase(databasePath);
    insertTestAccount(db, accountId);
    const runner = createSyncRunner({ db, logger: createMemoryLogger(), clock: systemClock, connect: async () => ({ apiKey: simulator.apiKey, apiBase: simulator.url, mode: 'test', keyHint: '(…abcd)' }) });
    expect((await runner.run({ accountId, trigger: 'cli', kind: 'full' })).status).toBe('succeeded');
    db.close();
  }, 60_000);
  afterAll(async () => {
    temp.remove();
    await simulator.stop();
  });

  /** What the app's `metrics:overview` answers for that day under those settings. */
  const overviewOn = (db: ReturnType<typeof openDatabase>, settings: MrrSettings, day: number) =>
    accountOverviewAt(db, accountId, loadMrrHistory(db, accountId, settings, day), day, readReportingSettings(db));

  it('metrics --json prints the overview in minor units, the same figures the engine computes', async () => {
    const { code, stdout } = await cli('metrics', '--db', databasePath, '--at', '2026-11-26', '--json');
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { at: string; accountId: string; byCurrency: Record<string, { mrr: number; arr: number; payingCustomers: number; arpa: number | null }> };
    const db = openDatabase(databasePath);
    const expected = overviewOn(db, stripeDefaultMrrSettings, dayOf(Date.UTC(2026, 10, 26) / 1000));
    db.close();
    expect(printed).toEqual({ ...expected, accountId });
    expect(printed).toHaveProperty('converted.mrr');
    expect(Object.keys(printed.byCurrency).length).toBeGreaterThan(0);
    for (const figures of Object.values(printed.byCurrency)) {
      expect(Number.isInteger(figures.mrr)).toBe(true);
      expect(figures.arr).toBe(figures.mrr * 12);
    }
  });

  it('metrics follows the MRR settings chosen in the app, as the app’s own figures do', async () => {
    const at = dayOf(Date.UTC(2026, 10, 26) / 1000);
    const db = openDatabase(databasePath);
    writeSettings(db, { cancellation: 'period_end' });
    const expected = overviewOn(db, { subtractFiniteDiscounts: false, cancellation: 'period_end' }, at);
    const defaults = overviewOn(db, stripeDefaultMrrSettings, at);
    db.close();
    try {
      const { code, stdout } = await cli('metrics', '--db', databasePath, '--at', '2026-11-26', '--json');
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ ...expected, accountId });
      // Subscriptions asked to cancel at period end still count under this setting: the figures differ.
      expect(expected).not.toEqual(defaults);
    } finally {
      const reset = openDatabase(databasePath);
      writeSettings(reset, { cancellation: 'requested' });
      reset.close();
    }
  });

  it('metrics refuses a bad date and an unknown account with exit code 2', async () => {
    expect(await cli('metrics', '--db', databasePath, '--at', 'yesterday')).toMatchObject({ code: 2 });
    const unknown = await cli('metrics', '--db', databasePath, '--account', 'acc_nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`No account acc_nobody in ${databasePath}. Accounts: ${accountId}.`);
  });

  it('report writes every report as a CSV an independent parser reads with the documented columns', async () => {
    for (const { id } of reportCatalogue) {
      const out = path.join(temp.dir, `${id}.csv`);
      const { code, stdout } = await cli('report', id, '--db', databasePath, '--from', '2025-01-01', '--to', '2026-11-26', '--out', out);
      expect(code, id).toBe(0);
      const rows = parse(fs.readFileSync(out), { columns: true }) as Record<string, string>[];
      expect(stdout).toBe(`${rows.length} rows written to ${out}\n`);
      expect(rows.length, id).toBeGreaterThan(0);
      expect(Object.keys(rows[0] ?? {}), id).toEqual(reportColumns(id));
    }
  });

  it('report refuses an unknown report and a reversed range with exit code 2, writing nothing', async () => {
    expect(await cli('report', 'everything', '--db', databasePath)).toMatchObject({ code: 2 });
    const out = path.join(temp.dir, 'never.csv');
    expect(await cli('report', 'summary', '--db', databasePath, '--from', '2026-02-01', '--to', '2026-01-01', '--out', out)).toMatchObject({ code: 2 });
    expect(fs.existsSync(out)).toBe(false);
  });
});
