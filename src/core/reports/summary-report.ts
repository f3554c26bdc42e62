import { isoDay } from '../metrics/history/days';
import { monthOf } from '../metrics/overview';
import { periodFigures } from '../metrics/period-figures';
import { historyForRange, mrrAmount } from './metrics-report-range';
import { defineReport } from './report-definition';

/** One row per calendar month (cut to the range) and currency: the month's metrics, movements adding up to its change. */
export const summaryReport = defineReport({
  id: 'summary',
  name: 'Monthly metrics summary',
  columns: [
    'month',
    'from',
    'to',
    'currency',
    'mrr',
    'arr',
    'paying_customers',
    'arpa',
    'new_mrr',
    'expansion_mrr',
    'reactivation_mrr',
    'contraction_mrr',
    'churned_mrr',
    'net_new_mrr',
    'new_customers',
    'churned_customers',
    'customer_churn_rate',
    'gross_mrr_churn_rate',
    'net_mrr_churn_rate',
    'quick_ratio',
  ],
  *rows(db, range) {
    const { history, firstDay, lastDay } = historyForRange(db, range);
    for (let month = monthOf(firstDay); month.firstDay <= lastDay; month = monthOf(month.lastDay + 1)) {
      const from = Math.max(firstDay, month.firstDay);
      const to = Math.min(lastDay, month.lastDay);
      for (const currency of history.currencies()) {
        const figures = periodFigures(history, currency, from, to);
        const money = (amount: number | null) => (amount === null ? null : mrrAmount(amount, currency));
        yield {
          month: isoDay(month.firstDay).slice(0, 7),
          from: isoDay(from),
          to: isoDay(to),
          currency,
          mrr: money(figures.mrr),
          arr: money(figures.arr),
          paying_customers: figures.payingCustomers,
          arpa: money(figures.arpa),
          new_mrr: money(figures.movements.new.mrr),
          expansion_mrr: money(figures.movements.expansion.mrr),
          reactivation_mrr: money(figures.movements.reactivation.mrr),
          contraction_mrr: money(figures.movements.contraction.mrr),
          churned_mrr: money(figures.movements.churn.mrr),
          net_new_mrr: money(figures.netNewMrr),
          new_customers: figures.movements.new.customers,
          churned_customers: figures.movements.churn.customers,
          customer_churn_rate: figures.customerChurnRate,
          gross_mrr_churn_rate: figures.grossMrrChurnRate,
          net_mrr_churn_rate: figures.netMrrChurnRate,
          quick_ratio: figures.quickRatio,
        };
      }
    }
  },
});
