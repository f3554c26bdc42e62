import { parseArgs } from 'node:util';
import { dayOf, dayOfIso } from '../core/metrics/history/days';
import { loadMrrHistory } from '../core/metrics/history/load-mrr-history';
import { minorUnitDigits } from '../core/metrics/money';
import { readMrrSettings } from '../core/metrics/mrr-settings';
import { accountOverviewAt } from '../core/metrics/account-overview';
import { readReportingSettings } from '../core/metrics/reporting-settings';
import { type CurrencyOverviewDto, type OverviewDto } from '../shared/contract';
import { chooseCliAccount } from './cli-account';
import { openCliCore } from './open-cli-core';

/**
 * `npm run metrics -- [--db PATH] [--account acc_…] [--at YYYY-MM-DD] [--json]`: the overview figures of the synced
 * data, for scripts and cron, under the MRR settings chosen in the app (Stripe's by default). With --json money is in
 * minor units: `{ "at", "accountId", "byCurrency": { "usd": { "mrr", "arr", "payingCustomers", "arpa", … } },
 * "converted": { "currency", "rates", "mrr", … } }` — the same answer as the app's `metrics:overview`.
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
    const history = loadMrrHistory(db, account.id, readMrrSettings(db), day);
    const overview = accountOverviewAt(db, account.id, history, day, readReportingSettings(db));
    if (values.json) process.stdout.write(`${JSON.stringify({ at: overview.at, accountId: account.id, byCurrency: overview.byCurrency, converted: overview.converted })}\n`);
    else process.stdout.write(renderText(account.displayName, overview));
    return 0;
  } finally {
    core.close();
  }
}

function renderText(name: string, { at, byCurrency, converted }: OverviewDto): string {
  const lines = [`${name} — ${at}`];
  const currencies = Object.keys(byCurrency);
  if (currencies.length === 0) lines.push('No subscriptions yet.');
  for (const currency of currencies) {
    const figures = byCurrency[currency] as CurrencyOverviewDto;
    const money = (amount: number | null) => moneyText(amount, currency);
    const percent = (ratio: number | null) => (ratio === null ? '—' : `${(ratio * 100).toFixed(1)}%`);
    lines.push(
      '',
      `${currency.toUpperCase()}`,
      `  MRR ${money(figures.mrr)} · ARR ${money(figures.arr)} · ${figures.payingCustomers} paying customers · ARPA ${money(figures.arpa)}`,
      `  This month (${figures.month.from} → ${figures.month.to}): new ${money(figures.newMrr)}, expansion ${money(figures.expansionMrr)}, reactivation ${money(figures.reactivationMrr)}, contraction ${money(figures.contractionMrr)}, churn ${money(figures.churnedMrr)}, net ${money(figures.netNewMrr)}`,
      `  Customer churn ${percent(figures.customerChurnRate)} · net MRR churn ${percent(figures.netMrrChurnRate)} · NRR ${percent(figures.nrr)} · GRR ${percent(figures.grr)} · LTV ${money(figures.ltv)} · quick ratio ${figures.quickRatio === null ? '—' : figures.quickRatio.toFixed(2)}`,
      `  MRR at risk (past due) ${money(figures.mrrAtRisk)} · trials ended this month ${figures.trialsEnded}, converted ${figures.trialsConverted} (${percent(figures.trialConversion)})`,
    );
  }
  if (currencies.length > 1) {
    const rates = Object.entries(converted.rates).map(([currency, { rate }]) => `1 ${currency.toUpperCase()} = ${rate ?? '?'} ${converted.currency.toUpperCase()}`);
    lines.push('', `All currencies in ${converted.currency.toUpperCase()}${converted.isComplete ? '' : ' (currencies without a rate left out)'}: MRR ${moneyText(converted.mrr, converted.currency)} · ARR ${moneyText(converted.arr, converted.currency)}`, `  at ${rates.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function moneyText(amount: number | null, currency: string): string {
  if (amount === null) return '—';
  const digits = minorUnitDigits(currency);
  return `${(amount / 10 ** digits).toLocaleString('en-US', { minimumFractionDigits: digits })} ${currency.toUpperCase()}`;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
