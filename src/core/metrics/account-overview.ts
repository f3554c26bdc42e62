import type Database from 'better-sqlite3';
import { type ConvertedOverviewDto, type OverviewDto } from '../../shared/contract';
import { accountExchangeRates } from './account-exchange-rates';
import { convertedTotal, reportingRates } from './currency-conversion';
import { type MrrHistory } from './history/mrr-history';
import { toMinorUnits } from './money';
import { mrrAtRisk } from './mrr-at-risk';
import { monthOf, overviewAt } from './overview';
import { periodFigures } from './period-figures';
import { type ReportingSettings } from './reporting-settings';
import { trialConversions } from './trial-conversion';

/**
 * The overview as `metrics:overview` answers it: the history's figures (overview.ts), the figures that need single
 * subscriptions rather than customers' totals (MRR at risk, trial conversion), and the total converted into the
 * reporting currency.
 */
export function accountOverviewAt(db: Database.Database, accountId: string, history: MrrHistory, day: number, reporting: ReportingSettings): OverviewDto {
  const overview = overviewAt(history, day);
  const month = monthOf(day);
  const atRisk = mrrAtRisk(db, accountId, history.settings, day, { isLatestDay: day >= history.lastDay });
  const trials = trialConversions(db, accountId, history.settings, month.firstDay, day);
  const byCurrency: OverviewDto['byCurrency'] = {};
  for (const [currency, figures] of Object.entries(overview.byCurrency)) {
    const outcome = trials.get(currency) ?? { ended: 0, converted: 0 };
    byCurrency[currency] = {
      ...figures,
      mrrAtRisk: toMinorUnits(atRisk.get(currency) ?? 0),
      trialsEnded: outcome.ended,
      trialsConverted: outcome.converted,
      trialConversion: outcome.ended > 0 ? outcome.converted / outcome.ended : null,
    };
  }
  return { at: overview.at, byCurrency, converted: convertedOverview(db, accountId, history, day, reporting, atRisk) };
}

/** The headline money figures of every currency in one, at fixed rates; per-currency figures are untouched. */
function convertedOverview(db: Database.Database, accountId: string, history: MrrHistory, day: number, reporting: ReportingSettings, atRisk: ReadonlyMap<string, number>): ConvertedOverviewDto {
  const currencies = history.currencies();
  const currency = reporting.reportingCurrency ?? mostUsedCurrency(history) ?? 'usd';
  const rates = reportingRates(currencies, currency, reporting.exchangeRates, accountExchangeRates(db, accountId));
  const month = monthOf(day);
  const figures = new Map(currencies.map((code) => [code, periodFigures(history, code, month.firstDay, day)]));
  const total = (figure: (code: string) => number): number => convertedTotal(new Map(currencies.map((code) => [code, figure(code)])), currency, rates);
  const movement = (type: 'new' | 'reactivation' | 'expansion' | 'contraction' | 'churn') => total((code) => figures.get(code)?.movements[type].mrr ?? 0);
  return {
    currency,
    currencySource: reporting.reportingCurrency === null ? 'account' : 'user',
    rates: Object.fromEntries(rates),
    isComplete: [...rates.values()].every((rate) => rate.source !== 'missing'),
    mrr: total((code) => figures.get(code)?.mrr ?? 0),
    arr: total((code) => figures.get(code)?.arr ?? 0),
    newMrr: movement('new'),
    reactivationMrr: movement('reactivation'),
    expansionMrr: movement('expansion'),
    contractionMrr: movement('contraction'),
    churnedMrr: movement('churn'),
    netNewMrr: total((code) => figures.get(code)?.netNewMrr ?? 0),
    mrrAtRisk: total((code) => atRisk.get(code) ?? 0),
  };
}

/** The currency most of the account's customers pay (or paid, or trialled) in; ties go to the first alphabetically. */
function mostUsedCurrency(history: MrrHistory): string | undefined {
  const counts = new Map<string, number>();
  for (const customer of history.customers()) counts.set(customer.currency, (counts.get(customer.currency) ?? 0) + 1);
  let best: string | undefined;
  for (const currency of history.currencies()) if (best === undefined || (counts.get(currency) ?? 0) > (counts.get(best) ?? 0)) best = currency;
  return best;
}
