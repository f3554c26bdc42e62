import path from 'node:path';
import { parseArgs } from 'node:util';
import { dayOfIso, startOfDay } from '../core/metrics/history/days';
import { isReportId, reportCatalogue, writeReport } from '../core/reports/reports';
import { chooseCliAccount } from './cli-account';
import { openCliCore } from './open-cli-core';

/**
 * `npm run report -- <id> [--db PATH] [--account acc_…] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]`: writes one
 * CSV report. `--from` and `--to` are days, both included (default: the account's whole life up to today); the file
 * defaults to `<id>-<from>-<to>.csv` in the current folder.
 */
const usage = `Usage: npm run report -- <${reportCatalogue.map((report) => report.id).join('|')}> [--db PATH] [--account acc_…] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { db: { type: 'string' }, account: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const reportId = positionals[0] ?? '';
  if (!isReportId(reportId) || positionals.length !== 1) {
    process.stderr.write(`${reportId ? `Unknown report "${reportId}".` : 'Which report?'}\n${usage}\n`);
    return 2;
  }
  let from = 0;
  let to = Math.floor(Date.now() / 1000) + 1;
  try {
    if (values.from) from = startOfDay(dayOfIso(values.from));
    if (values.to) to = startOfDay(dayOfIso(values.to) + 1);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  if (from >= to) {
    process.stderr.write(`--from must be on or before --to.\n${usage}\n`);
    return 2;
  }
  const core = openCliCore({ databasePath: values.db });
  try {
    const { db } = core.context;
    const account = chooseCliAccount(db, values.account, core.context.app.databasePath);
    if (!account) return 2;
    const outPath = path.resolve(values.out ?? `${reportId}-${values.from ?? 'start'}-${values.to ?? 'today'}.csv`);
    const written = await writeReport(db, { accountId: account.id, reportId, from, to, outPath });
    process.stdout.write(`${written.rows} rows written to ${written.path}\n`);
    return 0;
  } finally {
    core.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
