import { dayOf } from '../../metrics/history/days';
import { mrrEpsilon } from '../../metrics/history/subscription-timeline';
import { type AppliedDiscount, type SubscriptionState } from '../../metrics/mrr-types';
import { subscriptionMrr } from '../../metrics/mrr/subscription-mrr';
import { byCurrency } from '../by-currency';
import { currentSubscriptions } from '../current-subscriptions';
import { type InsightRule } from '../insight-rule';
import { insightRows, type RowSource } from '../insight-rows';
import { counted, formatMoney } from '../insight-text';

/**
 * Finite coupons (`once`, `repeating`) ending soon on paying subscriptions, each with the monthly discount that stops:
 * what the customer starts paying more (MRR rises by as much only with "subtract finite discounts" on; Stripe's default
 * leaves MRR as it is).
 *
 * When a discount ends: a `repeating` one at its `end`. Stripe leaves `end` null on a `once` discount and deletes the
 * discount after the one invoice it covers (https://docs.stripe.com/api/discounts/object#discount_object-end), so one
 * still attached covers the next invoice, at the end of the current period.
 */
export const couponsEnding: InsightRule = {
  id: 'coupons-ending',
  readsPresentState: true,
  evaluate({ db, accountId, history, now, thresholds, names }) {
    const days = thresholds.couponsEndingDays;
    const until = now + days * 86_400;
    const discounted = db
      .prepare<[string], string>(
        `SELECT s.id FROM subscriptions s WHERE s.account_id = ? AND s.status IN ('active', 'past_due')
         AND (s.discounts <> '[]' OR EXISTS (SELECT 1 FROM subscription_items item
              WHERE item.account_id = s.account_id AND item.subscription_id = s.id AND item.discounts <> '[]'))`,
      )
      .pluck()
      .all(accountId);
    const couponName = db.prepare<[string, string], string | null>('SELECT name FROM coupons WHERE account_id = ? AND id = ?').pluck();
    const settings = { ...history.settings, subtractFiniteDiscounts: true };

    const ending: (RowSource & { currency: string })[] = [];
    for (const subscription of currentSubscriptions(db, accountId, discounted)) {
      for (const discount of finiteDiscounts(subscription.state)) {
        const end = discount.end ?? (discount.coupon.duration === 'once' ? subscription.currentPeriodEnd : null);
        if (end === null || end <= now || end > until) continue;
        const monthly = subscriptionMrr(withoutDiscount(subscription.state, discount), now, settings) - subscriptionMrr(subscription.state, now, settings);
        if (monthly <= mrrEpsilon) continue;
        const name = couponName.get(accountId, discount.coupon.id) ?? discount.coupon.id;
        ending.push({ currency: subscription.currency, customerId: subscription.customerId, objectId: subscription.id, amount: monthly, day: dayOf(end), note: name });
      }
    }
    return [...byCurrency(ending)].map(([currency, discounts]) => {
      const rows = insightRows('subscriptions', 'Monthly discount ending', discounts, names);
      const customers = new Set(discounts.map((discount) => discount.customerId)).size;
      return {
        id: `coupons-ending:${currency}`,
        rule: 'coupons-ending',
        severity: 'info',
        currency,
        title: 'Coupons ending soon',
        sentence: `${counted(discounts.length, 'finite discount')} ${discounts.length === 1 ? 'ends' : 'end'} in the next ${counted(days, 'day')} for ${counted(customers, 'customer')}, who will then pay ${formatMoney(rows.total, currency)} a month more.`,
        figures: [
          { key: 'discounts', label: `Finite discounts ending in the next ${counted(days, 'day')}`, value: discounts.length, unit: 'count' },
          { key: 'customers', label: 'Customers whose discount ends', value: customers, unit: 'count' },
          { key: 'monthlyDiscountEnding', label: 'Monthly discount ending', value: rows.total, unit: 'money' },
        ],
        thresholds: [{ setting: 'couponsEndingDays', value: days, description: `discounts ending within ${counted(days, 'day')} are shown` }],
        rows,
        drilldown: null,
      };
    });
  },
};

function finiteDiscounts(state: SubscriptionState): AppliedDiscount[] {
  return [...state.discounts, ...state.items.flatMap((item) => item.discounts)].filter((discount) => discount.coupon.duration !== 'forever');
}

/** The subscription with one discount taken off, wherever it applies. */
function withoutDiscount(state: SubscriptionState, removed: AppliedDiscount): SubscriptionState {
  return {
    ...state,
    discounts: state.discounts.filter((discount) => discount !== removed),
    items: state.items.map((item) => ({ ...item, discounts: item.discounts.filter((discount) => discount !== removed) })),
  };
}
