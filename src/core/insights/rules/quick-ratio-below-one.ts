import { toMinorUnits } from '../../metrics/money';
import { monthOf } from '../../metrics/overview';
import { periodFigures } from '../../metrics/period-figures';
import { type InsightRule } from '../insight-rule';
import { insightRows } from '../insight-rows';
import { formatMoney, formatRatio } from '../insight-text';

/**
 * Quick ratio below 1 (by default): this month, MRR lost to churn and contraction outweighs what new customers,
 * expansion and reactivation brought. The month is the calendar month to date, as in the overview; with no loss the
 * ratio is "—" and nothing is said. The rows are the losses, the side that needs looking into.
 */
export const quickRatioBelowOne: InsightRule = {
  id: 'quick-ratio-below-one',
  readsPresentState: false,
  evaluate({ history, day, thresholds, names }) {
    const minimum = thresholds.quickRatioMinimum;
    const month = monthOf(day);
    return history.currencies().flatMap((currency) => {
      const figures = periodFigures(history, currency, month.firstDay, day);
      if (figures.quickRatio === null || figures.quickRatio >= minimum) return [];
      const { new: added, expansion, reactivation } = figures.movements;
      const gained = added.mrr + expansion.mrr + reactivation.mrr;
      const rows = insightRows(
        'movements',
        'MRR lost',
        history.movements(currency, month.firstDay, day).flatMap((movement) =>
          movement.type === 'churn' || movement.type === 'contraction' ? [{ customerId: movement.customerId, amount: -movement.amount, day: movement.day, note: movement.type }] : [],
        ),
        names,
      );
      return [
        {
          id: `quick-ratio-below-one:${currency}`,
          rule: 'quick-ratio-below-one',
          severity: 'warning',
          currency,
          title: 'Losing MRR faster than gaining it',
          sentence: `This month MRR gained ${formatMoney(toMinorUnits(gained), currency)} (new, expansion, reactivation) and lost ${formatMoney(rows.total, currency)} (churn, contraction): a quick ratio of ${formatRatio(figures.quickRatio)}, below ${formatRatio(minimum)}.`,
          figures: [
            { key: 'quickRatio', label: 'Quick ratio this month', value: figures.quickRatio, unit: 'ratio' },
            { key: 'gainedMrr', label: 'New, expansion and reactivation MRR', value: toMinorUnits(gained), unit: 'money' },
            { key: 'lostMrr', label: 'Churned and contraction MRR', value: rows.total, unit: 'money' },
          ],
          thresholds: [{ setting: 'quickRatioMinimum', value: minimum, description: `the quick ratio this month is at least ${formatRatio(minimum)}` }],
          rows,
          drilldown: null,
        },
      ];
    });
  },
};
