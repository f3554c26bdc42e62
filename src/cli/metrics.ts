import { parseArgs } from 'node:util';
import { dayOf, dayOfIso } from '../core/metrics/history/days';
import { loadMrrHistory } from '../core/metrics/history/load-mrr-history';
import { minorUnitDigits } from '../core/metrics/money';
import { readMrrSettings } from '../core/metrics/mrr-settings';
import { type CurrencyOverview, overviewAt } from '../core/metrics/overview';
import { chooseCliAccount } from './cli-account';
import { openCliCore } from './open-cli-core';

/**
 * `npm run metrics -- [--db PATH] [--account acc_…] [--at YYYY-MM-DD] [--json]`: the overview figures of the synced
 * data, for scripts and cron, under the MRR settings chosen in the app (Stripe's by default). With --json money is in
 * minor units: `{ "at", "accountId", "byCurrency": { "usd": { "mrr",
 * "arr", "payingCustomers", "arpa", … } } }`.
 */
const usage = 'Usage: npm run metrics -- [--db PATH] [--account acc_…] [--at YYYY-MM-DD] [--json]';

function main(): number {
  const { values } = parseArgs({ options: { db: { type: 'string' }, account: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  let day: number;
  try {
    day = values.at ? dayOfIso(values.at) : dayOf(Date.now() / 1000);
  } catch {
    process.stderr.write(`--at: not a date: ${values.at}\n${usage}\n`);
    return 2;
  }
  const core = openCliCore({ databasePath: values.db });
  try {
    const { db } = core.context;
    const account = chooseCliAccount(db, values.account, core.context.app.databasePath);
    if (!account) return 2;
    const overview = overviewAt(loadMrrHistory(db, account.id, readMrrSettings(db), day), day);
    if (values.json) process.stdout.write(`${JSON.stringify({ ...overview, accountId: account.id })}\n`);
    else process.stdout.write(renderText(account.displayName, overview.at, overview.byCurrency));
    return 0;
  } finally {
    core.close();
  }
}

function renderText(name: string, at: string, byCurrency: Record<string, CurrencyOverview>): string {
  const lines = [`${name} — ${at}`];
  const currencies = Object.keys(byCurrency);
  if (currencies.length === 0) lines.push('No subscriptions yet.');
  for (const currency of currencies) {
    const figures = byCurrency[currency] as CurrencyOverview;
    const money = (amount: number | null) => (amount === null ? '—' : `${(amount / 10 ** minorUnitDigits(currency)).toLocaleString('en-US', { minimumFractionDigits: minorUnitDigits(currency) })} ${currency.toUpperCase()}`);
    const percent = (ratio: number | null) => (ratio === null ? '—' : `${(ratio * 100).toFixed(1)}%`);
    lines.push(
      '',
      `${currency.toUpperCase()}`,
      `  MRR ${money(figures.mrr)} · ARR ${money(figures.arr)} · ${figures.payingCustomers} paying customers · ARPA ${money(figures.arpa)}`,
      `  This month (${figures.month.from} → ${figures.month.to}): new ${money(figures.newMrr)}, expansion ${money(figures.expansionMrr)}, reactivation ${money(figures.reactivationMrr)}, contraction ${money(figures.contractionMrr)}, churn ${money(figures.churnedMrr)}, net ${money(figures.netNewMrr)}`,
      `  Customer churn ${percent(figures.customerChurnRate)} · net MRR churn ${percent(figures.netMrrChurnRate)} · NRR ${percent(figures.nrr)} · GRR ${percent(figures.grr)} · LTV ${money(figures.ltv)} · quick ratio ${figures.quickRatio === null ? '—' : figures.quickRatio.toFixed(2)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
