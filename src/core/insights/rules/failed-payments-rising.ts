import { dayOf, endOfDay, startOfDay } from '../../metrics/history/days';
import { byCurrency } from '../by-currency';
import { type InsightRule } from '../insight-rule';
import { insightRows } from '../insight-rows';
import { counted, formatMoney } from '../insight-text';

/** The length of the two windows compared: long enough to hold a whole retry schedule (Stripe's retries span weeks). */
const windowDays = 30;

interface FailedCharge {
  id: string;
  customer: string | null;
  currency: string;
  amount: number;
  created: number;
}

/**
 * Failed payments rising: the amount of failed charges in the 30 days to `day` against the 30 days before. Each
 * failed attempt is a charge (Stripe's retries included), as in the cash figures. A minimum count keeps one unlucky
 * card from reading as a trend.
 */
export const failedPaymentsRising: InsightRule = {
  id: 'failed-payments-rising',
  readsPresentState: false,
  evaluate({ db, accountId, day, thresholds, names }) {
    const { failedPaymentsRisePercent: risePercent, failedPaymentsMinimum: minimum } = thresholds;
    const currentFrom = day - windowDays + 1;
    const previousFrom = currentFrom - windowDays;
    const failed = db
      .prepare<[string, number, number], FailedCharge>("SELECT id, customer, currency, amount, created FROM charges WHERE account_id = ? AND status = 'failed' AND created >= ? AND created <= ? ORDER BY created, id")
      .all(accountId, startOfDay(previousFrom), endOfDay(day));
    return [...byCurrency(failed)].flatMap(([currency, charges]) => {
      const current = charges.filter((charge) => dayOf(charge.created) >= currentFrom);
      const previousAmount = charges.reduce((sum, charge) => (dayOf(charge.created) < currentFrom ? sum + charge.amount : sum), 0);
      const previousCount = charges.length - current.length;
      const currentAmount = current.reduce((sum, charge) => sum + charge.amount, 0);
      if (current.length < minimum || currentAmount <= previousAmount || currentAmount * 100 < previousAmount * (100 + risePercent)) return [];

      const rise = previousAmount > 0 ? (currentAmount - previousAmount) / previousAmount : null;
      const before =
        rise === null
          ? `against none in the ${windowDays} days before`
          : `up ${Math.round(rise * 100)}% from ${formatMoney(previousAmount, currency)} (${counted(previousCount, 'payment')}) in the ${windowDays} days before`;
      return [
        {
          id: `failed-payments-rising:${currency}`,
          rule: 'failed-payments-rising',
          severity: 'warning',
          currency,
          title: 'Failed payments are rising',
          sentence: `${counted(current.length, 'payment')} failed in the last ${windowDays} days (${formatMoney(currentAmount, currency)}), ${before}.`,
          figures: [
            { key: 'failedAmount', label: `Failed in the last ${windowDays} days`, value: currentAmount, unit: 'money' },
            { key: 'failedPayments', label: `Payments failed in the last ${windowDays} days`, value: current.length, unit: 'count' },
            { key: 'previousFailedAmount', label: `Failed in the ${windowDays} days before`, value: previousAmount, unit: 'money' },
            { key: 'previousFailedPayments', label: `Payments failed in the ${windowDays} days before`, value: previousCount, unit: 'count' },
            { key: 'rise', label: 'Rise in the amount failed', value: rise, unit: 'ratio' },
          ],
          thresholds: [
            { setting: 'failedPaymentsRisePercent', value: risePercent, description: `failed payments grow by less than ${risePercent}% from one ${windowDays}-day window to the next` },
            { setting: 'failedPaymentsMinimum', value: minimum, description: `fewer than ${counted(minimum, 'failed payment')} in ${windowDays} days are not a trend` },
          ],
          rows: insightRows('charges', 'Amount of the failed payment', current.map((charge) => ({ customerId: charge.customer, objectId: charge.id, amount: charge.amount, day: dayOf(charge.created) })), names),
          drilldown: null,
        },
      ];
    });
  },
};
