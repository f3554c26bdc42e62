import { mrrEpsilon } from '../../metrics/history/subscription-timeline';
import { toMinorUnits } from '../../metrics/money';
import { customerMrrAt, revenueRetention } from '../../metrics/period-figures';
import { type InsightRule } from '../insight-rule';
import { insightRows, type RowSource } from '../insight-rows';
import { formatMoney, formatPercent } from '../insight-text';

/** How far back GRR and NRR are compared: a quarter, long enough for one month's noise not to decide. */
const comparedDays = 90;

/**
 * Expansion hiding churn: gross revenue retention fell over the last quarter while net retention did not — the
 * customers who stay are paying more, which keeps NRR up and hides that more of last year's revenue is leaving.
 * The rows are last year's customers who now pay less than they did then, each with the MRR lost: they add up to the
 * gap between GRR and 100%.
 */
export const expansionHidingChurn: InsightRule = {
  id: 'expansion-hiding-churn',
  readsPresentState: false,
  evaluate({ history, day, thresholds, names }) {
    const fallPoints = thresholds.grrFallPoints;
    const now = revenueRetention(history, day);
    const before = revenueRetention(history, day - comparedDays);
    return history.currencies().flatMap((currency) => {
      const current = now.get(currency);
      const earlier = before.get(currency);
      if (!current || !earlier || current.grr === null || current.nrr === null || earlier.grr === null || earlier.nrr === null) return [];
      const fall = (earlier.grr - current.grr) * 100;
      if (fall < fallPoints || current.nrr < earlier.nrr) return [];

      const lost: RowSource[] = [];
      let expanded = 0;
      for (const customer of history.customers()) {
        if (customer.currency !== currency) continue;
        const mrrThen = customerMrrAt(customer, day - 365);
        if (mrrThen <= mrrEpsilon) continue;
        const mrrNow = customerMrrAt(customer, day);
        if (mrrNow < mrrThen - mrrEpsilon) lost.push({ customerId: customer.customerId, amount: mrrThen - mrrNow });
        else if (mrrNow > mrrThen) expanded += mrrNow - mrrThen;
      }
      const rows = insightRows('customers', 'MRR lost since a year ago', lost, names);
      return [
        {
          id: `expansion-hiding-churn:${currency}`,
          rule: 'expansion-hiding-churn',
          severity: 'warning',
          currency,
          title: 'Expansion is hiding churn',
          sentence: `Gross revenue retention fell from ${formatPercent(earlier.grr)} to ${formatPercent(current.grr)} in ${comparedDays} days while net retention held at ${formatPercent(current.nrr)} (from ${formatPercent(earlier.nrr)}): last year's customers lost ${formatMoney(rows.total, currency)} of MRR, made up by ${formatMoney(toMinorUnits(expanded), currency)} of expansion from the rest.`,
          figures: [
            { key: 'grr', label: 'GRR now', value: current.grr, unit: 'ratio' },
            { key: 'previousGrr', label: `GRR ${comparedDays} days ago`, value: earlier.grr, unit: 'ratio' },
            { key: 'nrr', label: 'NRR now', value: current.nrr, unit: 'ratio' },
            { key: 'previousNrr', label: `NRR ${comparedDays} days ago`, value: earlier.nrr, unit: 'ratio' },
            { key: 'lostMrr', label: 'MRR lost from customers paying a year ago', value: rows.total, unit: 'money' },
            { key: 'expansionMrr', label: 'MRR gained from customers paying a year ago', value: toMinorUnits(expanded), unit: 'money' },
          ],
          thresholds: [{ setting: 'grrFallPoints', value: fallPoints, description: `GRR falls by less than ${fallPoints} points in ${comparedDays} days while NRR holds` }],
          rows,
          drilldown: null,
        },
      ];
    });
  },
};
