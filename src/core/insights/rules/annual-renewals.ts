import { dayOf } from '../../metrics/history/days';
import { mrrEpsilon } from '../../metrics/history/subscription-timeline';
import { type SubscriptionState } from '../../metrics/mrr-types';
import { monthsPerInvoice, subscriptionMrr } from '../../metrics/mrr/subscription-mrr';
import { byCurrency } from '../by-currency';
import { currentSubscriptions } from '../current-subscriptions';
import { type InsightRule } from '../insight-rule';
import { insightRows } from '../insight-rows';
import { counted, formatMoney } from '../insight-text';

/**
 * Annual renewals coming up: yearly subscriptions whose current period ends soon and that are not set to cancel, each
 * with its renewal — its MRR times the months one invoice covers (12 for a yearly price), before tax. A renewal is a
 * large invoice and a moment a customer reconsiders, worth knowing ahead.
 */
export const annualRenewals: InsightRule = {
  id: 'annual-renewals',
  readsPresentState: true,
  evaluate({ db, accountId, history, now, thresholds, names }) {
    const days = thresholds.renewalsDays;
    const renewing = db
      .prepare<[string, number, number], string>(
        `SELECT id FROM subscriptions WHERE account_id = ? AND status IN ('active', 'past_due')
         AND cancel_at_period_end = 0 AND cancel_at IS NULL AND canceled_at IS NULL
         AND current_period_end > ? AND current_period_end <= ?`,
      )
      .pluck()
      .all(accountId, now, now + days * 86_400);
    const renewals = currentSubscriptions(db, accountId, renewing).flatMap((subscription) => {
      const months = yearlyInvoiceMonths(subscription.state);
      if (months === null || subscription.currentPeriodEnd === null) return [];
      const renewal = subscriptionMrr(subscription.state, now, history.settings) * months;
      return renewal > mrrEpsilon ? [{ currency: subscription.currency, customerId: subscription.customerId, objectId: subscription.id, amount: renewal, day: dayOf(subscription.currentPeriodEnd) }] : [];
    });
    return [...byCurrency(renewals)].map(([currency, subscriptions]) => {
      const rows = insightRows('subscriptions', 'Renewal amount before tax', subscriptions, names);
      return {
        id: `annual-renewals:${currency}`,
        rule: 'annual-renewals',
        severity: 'info',
        currency,
        title: 'Annual renewals coming up',
        sentence: `${counted(subscriptions.length, 'annual subscription')} ${subscriptions.length === 1 ? 'renews' : 'renew'} in the next ${counted(days, 'day')}, for ${formatMoney(rows.total, currency)} before tax.`,
        figures: [
          { key: 'renewals', label: `Annual renewals in the next ${counted(days, 'day')}`, value: subscriptions.length, unit: 'count' },
          { key: 'renewalAmount', label: 'Renewal amount before tax', value: rows.total, unit: 'money' },
        ],
        thresholds: [{ setting: 'renewalsDays', value: days, description: `renewals within ${counted(days, 'day')} are shown` }],
        rows,
        drilldown: null,
      };
    });
  },
};

/** The months one invoice covers when the subscription bills yearly (Stripe bills all items on one interval); else null. */
function yearlyInvoiceMonths(state: SubscriptionState): number | null {
  const billed = state.items.find((item) => item.price.type === 'recurring' && item.price.usageType === 'licensed' && item.price.interval !== null);
  if (!billed || billed.price.interval !== 'year') return null;
  return monthsPerInvoice('year', billed.price.intervalCount);
}
