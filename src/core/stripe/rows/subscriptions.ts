import type Stripe from 'stripe';
import type { SubscriptionRow, SubscriptionStatus } from '../../db/tables/subscriptions';
import { discountRefs } from './discount-refs';
import { objectRowBase } from './object-row';
import { idOf, legacyNumber } from './references';

/**
 * Stripe's status enum is open (it added `paused` in 2023) and the column has no CHECK for that reason, but the row
 * type lists today's statuses only. A status Stripe adds is stored as sent — the metrics count only `active` and
 * `past_due` — rather than dropped or failing the batch; this cast is that widening, the one the row type cannot say.
 */
function statusOf(status: Stripe.Subscription.Status): SubscriptionStatus {
  return status as SubscriptionStatus;
}

/**
 * The subscription's current period. Older API versions send it on the subscription; from 2025-03-31.basil on it is on
 * each item. Items can differ (flexible billing mode mixes intervals), so the period is the span all the embedded items
 * share: the latest start and the earliest end, i.e. until the next renewal of any item. Only the embedded items (at
 * most 10) are seen here; the item rows keep each item's own period.
 */
function currentPeriodOf(subscription: Stripe.Subscription): { start: number | null; end: number | null } {
  const legacyStart = legacyNumber(subscription, 'current_period_start');
  const legacyEnd = legacyNumber(subscription, 'current_period_end');
  if (legacyStart !== null || legacyEnd !== null) return { start: legacyStart, end: legacyEnd };
  const items = subscription.items.data.filter((item) => typeof item.current_period_start === 'number' && typeof item.current_period_end === 'number');
  if (items.length === 0) return { start: null, end: null };
  return {
    start: Math.max(...items.map((item) => item.current_period_start)),
    end: Math.min(...items.map((item) => item.current_period_end)),
  };
}

/**
 * A subscription. `raw` keeps the object as received, its embedded `items` (first 10, `has_more`) included; the item
 * rows come from the complete list (`/v1/subscription_items?subscription=…`), never from this possibly truncated one.
 * Stripe never deletes a subscription: `customer.subscription.deleted` carries it with `status: 'canceled'`.
 */
export function subscriptionRow(accountId: string, subscription: Stripe.Subscription, sourceTs: number): SubscriptionRow {
  const period = currentPeriodOf(subscription);
  return {
    ...objectRowBase(accountId, subscription, sourceTs),
    customer: idOf(subscription.customer),
    status: statusOf(subscription.status),
    currency: subscription.currency,
    startDate: subscription.start_date,
    trialStart: subscription.trial_start,
    trialEnd: subscription.trial_end,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    cancelAt: subscription.cancel_at,
    canceledAt: subscription.canceled_at,
    endedAt: subscription.ended_at,
    currentPeriodStart: period.start,
    currentPeriodEnd: period.end,
    discounts: discountRefs(subscription.discounts),
  };
}
