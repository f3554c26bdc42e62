import { isoDay } from '../../metrics/history/days';
import { mrrEpsilon } from '../../metrics/history/subscription-timeline';
import { toMinorUnits } from '../../metrics/money';
import { monthOf } from '../../metrics/overview';
import { periodFigures } from '../../metrics/period-figures';
import { type InsightRule } from '../insight-rule';
import { insightRows } from '../insight-rows';
import { counted, formatMoney, formatPercent, formatRatio } from '../insight-text';

/**
 * Churn this month well above the trailing average. Churn is compared as a rate — churned MRR over the MRR at the start
 * of the month — so a growing account's larger churn in money is not mistaken for a spike. The month is the calendar
 * month to date, like the overview's; the average is of the complete months before it, and the rule stays silent until
 * the history covers all of them (a young account has no average to be above). At twice the threshold's multiple it
 * is critical.
 */
export const churnSpike: InsightRule = {
  id: 'churn-spike',
  readsPresentState: false,
  evaluate({ history, day, thresholds, names }) {
    const { churnSpikeMultiple: multiple, churnTrailingMonths: months } = thresholds;
    const month = monthOf(day);
    return history.currencies().flatMap((currency) => {
      const current = periodFigures(history, currency, month.firstDay, day);
      const churned = current.movements.churn.mrr;
      if (current.mrrAtStart <= mrrEpsilon || churned <= mrrEpsilon) return [];
      const rate = churned / current.mrrAtStart;

      const trailing: number[] = [];
      for (let previous = monthOf(month.firstDay - 1); trailing.length < months; previous = monthOf(previous.firstDay - 1)) {
        if (previous.firstDay < history.firstDay) return [];
        const figures = periodFigures(history, currency, previous.firstDay, previous.lastDay);
        if (figures.mrrAtStart <= mrrEpsilon) return [];
        trailing.push(figures.movements.churn.mrr / figures.mrrAtStart);
      }
      const average = trailing.reduce((sum, value) => sum + value, 0) / trailing.length;
      if (rate < multiple * average) return [];

      const times = average > 0 ? rate / average : null;
      const rows = insightRows(
        'movements',
        'MRR churned',
        history.movements(currency, month.firstDay, day).flatMap((movement) => (movement.type === 'churn' ? [{ customerId: movement.customerId, amount: -movement.amount, day: movement.day, note: 'churn' }] : [])),
        names,
      );
      const customers = current.movements.churn.customers;
      const against = times === null ? `none in the ${counted(months, 'month')} before` : `${formatRatio(times)}× the average of ${formatPercent(average)} over the ${counted(months, 'month')} before`;
      return [
        {
          id: `churn-spike:${currency}`,
          rule: 'churn-spike',
          severity: times !== null && times >= 2 * multiple ? 'critical' : 'warning',
          currency,
          title: 'Churn is up this month',
          sentence: `Churn this month is ${formatPercent(rate)} of MRR (${formatMoney(toMinorUnits(churned), currency)} from ${counted(customers, 'customer')}), ${against}.`,
          figures: [
            { key: 'churnedMrr', label: 'MRR churned this month', value: toMinorUnits(churned), unit: 'money' },
            { key: 'churnedCustomers', label: 'Customers churned this month', value: customers, unit: 'count' },
            { key: 'churnRate', label: 'Churned MRR ÷ MRR at the start of the month', value: rate, unit: 'ratio' },
            { key: 'trailingAverageRate', label: `Average monthly churn rate of the ${counted(months, 'month')} before`, value: average, unit: 'ratio' },
            { key: 'multiple', label: 'This month ÷ the average', value: times, unit: 'ratio' },
          ],
          thresholds: [
            { setting: 'churnSpikeMultiple', value: multiple, description: `churn this month stays below ${formatRatio(multiple)}× the trailing average` },
            { setting: 'churnTrailingMonths', value: months, description: `the average is over the ${counted(months, 'complete month')} before this one` },
          ],
          rows,
          drilldown: { figure: 'churn', currency, from: isoDay(month.firstDay), to: isoDay(day) },
        },
      ];
    });
  },
};
