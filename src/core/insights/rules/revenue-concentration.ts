import { isoDay } from '../../metrics/history/days';
import { mrrEpsilon } from '../../metrics/history/subscription-timeline';
import { toMinorUnits } from '../../metrics/money';
import { customerMrrAt } from '../../metrics/period-figures';
import { type InsightRule } from '../insight-rule';
import { insightRows } from '../insight-rows';
import { counted, formatMoney, formatPercent } from '../insight-text';

/**
 * Revenue concentrated in a few customers: the largest N customers' share of MRR. It needs more than N paying
 * customers to mean anything (the top ten of ten customers are always 100%).
 */
export const revenueConcentration: InsightRule = {
  id: 'revenue-concentration',
  readsPresentState: false,
  evaluate({ history, day, thresholds, names }) {
    const { concentrationTopCustomers: top, concentrationPercent: percent } = thresholds;
    return history.currencies().flatMap((currency) => {
      const paying: { customerId: string; mrr: number }[] = [];
      for (const customer of history.customers()) {
        if (customer.currency !== currency) continue;
        const mrr = customerMrrAt(customer, day);
        if (mrr > mrrEpsilon) paying.push({ customerId: customer.customerId, mrr });
      }
      if (paying.length <= top) return [];
      const largest = paying.sort((a, b) => b.mrr - a.mrr || (a.customerId < b.customerId ? -1 : 1)).slice(0, top);
      const topMrr = largest.reduce((sum, customer) => sum + customer.mrr, 0);
      const mrr = history.mrrAt(currency, day);
      const share = topMrr / mrr;
      if (share * 100 < percent) return [];
      const rows = insightRows('customers', 'MRR', largest.map((customer) => ({ customerId: customer.customerId, amount: customer.mrr })), names);
      return [
        {
          id: `revenue-concentration:${currency}`,
          rule: 'revenue-concentration',
          severity: 'warning',
          currency,
          title: 'Revenue depends on a few customers',
          sentence: `The ${counted(top, 'largest customer')} ${top === 1 ? 'brings' : 'bring'} ${formatPercent(share)} of MRR (${formatMoney(rows.total, currency)} of ${formatMoney(toMinorUnits(mrr), currency)}, from ${counted(paying.length, 'paying customer')}).`,
          figures: [
            { key: 'topMrr', label: `MRR of the ${counted(top, 'largest customer')}`, value: rows.total, unit: 'money' },
            { key: 'mrr', label: 'MRR', value: toMinorUnits(mrr), unit: 'money' },
            { key: 'share', label: 'Their share of MRR', value: share, unit: 'ratio' },
            { key: 'payingCustomers', label: 'Paying customers', value: paying.length, unit: 'count' },
          ],
          thresholds: [
            { setting: 'concentrationTopCustomers', value: top, description: `the ${counted(top, 'largest customer')} are added up` },
            { setting: 'concentrationPercent', value: percent, description: `they bring less than ${percent}% of MRR` },
          ],
          rows,
          drilldown: { figure: 'mrr', currency, from: isoDay(day), to: isoDay(day) },
        },
      ];
    });
  },
};
