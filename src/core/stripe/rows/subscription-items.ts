import type Stripe from 'stripe';
import type { SubscriptionItemRow } from '../../db/tables/subscription-items';
import { discountRefs } from './discount-refs';
import { objectRowBase } from './object-row';

/**
 * One subscription item, from the complete list of its subscription's items. `subscriptionId` is passed in because
 * the caller pages `/v1/subscription_items?subscription=…` and knows it (it equals `item.subscription`). A metered
 * item has no `quantity` key at all: null, not 0. `item.price` is always a full Price object.
 */
export function subscriptionItemRow(
  accountId: string,
  item: Stripe.SubscriptionItem,
  subscriptionId: string,
  sourceTs: number,
): SubscriptionItemRow {
  return {
    ...objectRowBase(accountId, item, sourceTs),
    subscriptionId,
    priceId: item.price.id,
    quantity: item.quantity ?? null,
    // Absent (despite the types) in snapshots rendered in API versions before 2025-03-31.basil.
    currentPeriodStart: item.current_period_start ?? null,
    currentPeriodEnd: item.current_period_end ?? null,
    discounts: discountRefs(item.discounts),
  };
}
