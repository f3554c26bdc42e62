import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateAccount } from '../../../src/sim/account/generated-account';
import { truthResources } from '../../../src/sim/account/ground-truth';
import { writeTruthFile } from '../../../src/sim/account/truth-file';
import { fixedNow, idOf, isDeleted, sdkFor, truthAt } from '../../support/simulator';
import { makeTempDir } from '../../support/temp-dir';

/**
 * `npm run sim` as a person (or a script) uses it: a child process that prints `STRIPE_API_BASE=… STRIPE_API_KEY=…` on
 * its first line, then serves the account until it is told to stop.
 */

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const nowIso = new Date(fixedNow * 1000).toISOString();

interface RunningCli {
  child: ChildProcess;
  firstLine: string;
  stderr(): string;
}

const children: ChildProcess[] = [];
const temps: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
  for (const remove of temps.splice(0)) remove();
});

/** Runs `npx tsx src/cli/sim.ts …` in its own process group, so stopping it stops npx, tsx and the server together. */
async function startCli(args: string[]): Promise<RunningCli> {
  const child = spawn('npx', ['tsx', 'src/cli/sim.ts', ...args], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const firstLine = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolve(stdout.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`npm run sim exited with ${code} before printing a line:\n${stderr}`)));
  });
  return { child, firstLine, stderr: () => stderr };
}

/** SIGTERM to the child's process group (only processes this test started), then waits for the child to exit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  await exited;
}

/** Whether the server at `base` is gone: polls until a connection is refused (the process group may take a moment). */
async function refusesConnections(base: URL): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      await fetch(new URL('/v1/account', base));
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function parseFirstLine(line: string): { base: URL; apiKey: string } {
  const match = /^STRIPE_API_BASE=(\S+) STRIPE_API_KEY=(\S+)$/.exec(line);
  if (!match?.[1] || !match[2]) throw new Error(`unexpected first line: ${line}`);
  return { base: new URL(match[1]), apiKey: match[2] };
}

describe('npm run sim', () => {
  it('prints the base URL and key on its first line; the SDK reads the account there; SIGTERM stops it', async () => {
    const cli = await startCli(['--customers', '50', '--seed', '3', '--port', '0', '--now', nowIso]);
    const { base, apiKey } = parseFirstLine(cli.firstLine);
    const expected = truthAt(generateAccount({ seed: 3, customers: 50, now: fixedNow }), fixedNow);

    const stripe = sdkFor({ port: Number(base.port), apiKey });
    const customers = await stripe.customers.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
    const account = await stripe.accounts.retrieveCurrent();

    expect(base.hostname).toBe('127.0.0.1');
    expect(apiKey).toMatch(/^sk_test_/);
    expect(customers.map((customer) => customer.id).sort()).toEqual(expected.customers.filter((customer) => !isDeleted(customer)).map(idOf).sort());
    expect(account.id).toMatch(/^acct_/);
    await stop(cli.child);
    expect(await refusesConnections(base)).toBe(true);
  });

  it('--truth-out writes a JSON file with every resource’s objects and MRR per customer per day, the same bytes as in-process', async () => {
    const temp = makeTempDir('recur-sim-cli-');
    temps.push(temp.remove);
    const truthPath = path.join(temp.dir, 'truth.json');
    const cli = await startCli(['--customers', '50', '--seed', '3', '--port', '0', '--now', nowIso, '--truth-out', truthPath]);
    // The file is written after the first line; the CLI says so on stderr when it is complete.
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (!cli.stderr().includes('Ground truth written to')) return;
        clearInterval(check);
        resolve();
      }, 20);
      cli.child.once('exit', () => reject(new Error(`exited before writing the truth file:\n${cli.stderr()}`)));
    });

    const written = fs.readFileSync(truthPath);
    const truth = JSON.parse(written.toString('utf8')) as {
      unix: number;
      objects: Record<string, { id: string }[]>;
      mrr: { days: number; customers: Record<string, { currency: string; mrr: number[] }> };
    };
    const inProcessPath = path.join(temp.dir, 'in-process.json');
    writeTruthFile(generateAccount({ seed: 3, customers: 50, now: fixedNow }), inProcessPath, fixedNow);

    expect(truth.unix).toBe(fixedNow);
    expect(Object.keys(truth.objects)).toEqual([...truthResources]);
    expect(truth.objects.customers?.length).toBeGreaterThan(0);
    const mrrRows = Object.values(truth.mrr.customers);
    expect(mrrRows.length).toBeGreaterThan(0);
    expect(mrrRows.every((row) => row.mrr.length === truth.mrr.days)).toBe(true);
    expect(mrrRows.some((row) => row.mrr.some((value) => value > 0))).toBe(true);
    expect(written.equals(fs.readFileSync(inProcessPath))).toBe(true);
  });
});
