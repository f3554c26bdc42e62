import type Stripe from 'stripe';
import type { CustomerStory, SubscriptionItemState, SubscriptionStory, SubscriptionVersion } from '../model/types';
import { catalogPrice } from './catalog-lookup';
import { activeDiscountIds } from './discount-ids';
import { renderPlan } from './plan';
import { renderPrice } from './price';
import type { RenderContext } from './render-context';
import type { Wire } from './wire';

export function subscriptionItemId(ctx: RenderContext, customer: CustomerStory, subscription: SubscriptionStory, slot: number): string {
  return ctx.ids.customerScoped('si', customer.index, subscription.ordinal, slot);
}

/**
 * One item of a subscription version, seen at `at` (the embedded price's `active` and the item's discounts follow
 * the clock). In this API version the billing period lives on the item, not the subscription. Metered items carry no
 * `quantity` at all (the key is absent, as in Stripe's JSON), which the SDK types as an optional field.
 */
export function renderSubscriptionItem(
  ctx: RenderContext,
  customer: CustomerStory,
  subscription: SubscriptionStory,
  version: SubscriptionVersion,
  item: SubscriptionItemState,
  at: number,
): Wire<Stripe.SubscriptionItem> {
  const price = catalogPrice(ctx.catalog, item.priceId);
  const rendered: Wire<Stripe.SubscriptionItem> = {
    id: subscriptionItemId(ctx, customer, subscription, item.slot),
    object: 'subscription_item',
    billing_thresholds: null,
    created: item.created,
    current_period_end: version.currentPeriodEnd,
    current_period_start: version.currentPeriodStart,
    current_trial: null,
    discounts: activeDiscountIds(ctx, customer, subscription, version.discounts, item.slot, at),
    metadata: {},
    plan: renderPlan(ctx, price, at),
    price: renderPrice(ctx, price, at),
    subscription: subscription.id,
    tax_rates: [],
  };
  if (item.quantity !== null) rendered.quantity = item.quantity;
  return rendered;
}
