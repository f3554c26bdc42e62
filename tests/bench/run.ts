import { execFileSync } from 'node:child_process';
import os from 'node:os';

/**
 * `npm run bench`: every benchmark, each measurement in a fresh process (so peak RSS is its own), printed as one table
 * with the target it is held to. Later benchmarks (sync, metrics, UI) join this list.
 */
interface Row {
  benchmark: string;
  figure: string;
  target: string;
  verdict: 'met' | 'missed';
}

function measure(script: string, ...args: string[]): Record<string, number> {
  const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const last = output.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as Record<string, number>;
}

const rows: Row[] = [];
const gib = 1024;

const medium = measure('tests/bench/simulator-generation.ts', '50000');
rows.push({
  benchmark: 'Simulator: generate a 50,000-customer account',
  figure: `${medium.generatedSeconds} s (${medium.invoices} invoices, ${medium.charges} charges); serving ${medium.renderedPerSecond} objects/s; peak RSS ${medium.peakRssMiB} MiB`,
  target: 'under 60 s',
  verdict: (medium.generatedSeconds ?? Infinity) < 60 ? 'met' : 'missed',
});

const large = measure('tests/bench/simulator-generation.ts', '500000');
rows.push({
  benchmark: 'Simulator: a 500,000-customer account in memory',
  figure: `held ${large.heldHeapMiB} MiB after GC, peak RSS ${large.peakRssMiB} MiB, generated in ${large.generatedSeconds} s (${large.invoices} invoices)`,
  target: '≈1 GiB held at most',
  verdict: (large.heldHeapMiB ?? Infinity) <= gib ? 'met' : 'missed',
});

process.stdout.write(`Recur benchmarks — ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n\n`);
for (const row of rows) {
  process.stdout.write(`${row.verdict === 'met' ? '✓' : '✗'} ${row.benchmark}\n    ${row.figure}\n    target: ${row.target}\n`);
}
if (rows.some((row) => row.verdict === 'missed')) process.exitCode = 1;
