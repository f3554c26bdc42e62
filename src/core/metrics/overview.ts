import { dayOf, isoDay } from './history/days';
import { type MrrHistory } from './history/mrr-history';
import { toMinorUnits } from './money';
import { periodFigures, revenueRetention } from './period-figures';

/**
 * The overview of one currency on one day: the figures a founder opens Recur for, for the calendar month to date,
 * with money rounded to whole minor units (half-even) — the one place figures are rounded for display and export.
 */
export interface CurrencyOverview {
  mrr: number;
  arr: number;
  payingCustomers: number;
  arpa: number | null;
  month: { from: string; to: string };
  newMrr: number;
  reactivationMrr: number;
  expansionMrr: number;
  contractionMrr: number;
  churnedMrr: number;
  netNewMrr: number;
  newCustomers: number;
  churnedCustomers: number;
  customerChurnRate: number | null;
  grossMrrChurnRate: number | null;
  netMrrChurnRate: number | null;
  quickRatio: number | null;
  nrr: number | null;
  grr: number | null;
  /** ARPA ÷ the average monthly customer churn rate of the last six complete months; null when that churn is 0. */
  ltv: number | null;
}

export interface Overview {
  at: string;
  byCurrency: Record<string, CurrencyOverview>;
}

/** The calendar month containing `day`: its first day, and its last (or `day`, for the month to date). */
export function monthOf(day: number): { firstDay: number; lastDay: number } {
  const date = new Date(day * 86_400_000);
  const first = dayOf(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000);
  const last = dayOf(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 1000) - 1;
  return { firstDay: first, lastDay: last };
}

export function overviewAt(history: MrrHistory, day: number): Overview {
  const byCurrency: Record<string, CurrencyOverview> = {};
  const month = monthOf(day);
  const retentionByCurrency = revenueRetention(history, day);
  for (const currency of history.currencies()) {
    const figures = periodFigures(history, currency, month.firstDay, day);
    const retention = retentionByCurrency.get(currency) ?? { nrr: null, grr: null };
    const money = (amount: number) => toMinorUnits(amount);
    byCurrency[currency] = {
      mrr: money(figures.mrr),
      arr: money(figures.arr),
      payingCustomers: figures.payingCustomers,
      arpa: figures.arpa === null ? null : money(figures.arpa),
      month: { from: isoDay(month.firstDay), to: isoDay(day) },
      newMrr: money(figures.movements.new.mrr),
      reactivationMrr: money(figures.movements.reactivation.mrr),
      expansionMrr: money(figures.movements.expansion.mrr),
      contractionMrr: money(figures.movements.contraction.mrr),
      churnedMrr: money(figures.movements.churn.mrr),
      netNewMrr: money(figures.netNewMrr),
      newCustomers: figures.movements.new.customers,
      churnedCustomers: figures.movements.churn.customers,
      customerChurnRate: figures.customerChurnRate,
      grossMrrChurnRate: figures.grossMrrChurnRate,
      netMrrChurnRate: figures.netMrrChurnRate,
      quickRatio: figures.quickRatio,
      nrr: retention.nrr,
      grr: retention.grr,
      ltv: lifetimeValue(history, currency, day, figures.arpa),
    };
  }
  return { at: isoDay(day), byCurrency };
}

/** ARPA ÷ the average customer churn rate of the six complete calendar months before `day`'s month. */
function lifetimeValue(history: MrrHistory, currency: string, day: number, arpa: number | null): number | null {
  if (arpa === null) return null;
  let month = monthOf(monthOf(day).firstDay - 1);
  let sum = 0;
  let counted = 0;
  for (let index = 0; index < 6 && month.lastDay >= history.firstDay; index++) {
    const rate = periodFigures(history, currency, month.firstDay, month.lastDay).customerChurnRate;
    if (rate !== null) {
      sum += rate;
      counted++;
    }
    month = monthOf(month.firstDay - 1);
  }
  const average = counted > 0 ? sum / counted : 0;
  return average > 0 ? toMinorUnits(arpa / average) : null;
}
