import type Stripe from 'stripe';
import type { AppliedDiscount, CustomerStory, SubscriptionStory } from '../model/types';
import { catalogCoupon } from './catalog-lookup';
import { discountId } from './discount-ids';
import type { RenderContext } from './render-context';
import { subscriptionItemId } from './subscription-item';
import type { Wire } from './wire';

/**
 * Discounts. Stripe has no endpoint to retrieve or list them: objects carry `discounts` as `di_` ids, and a client
 * reads the Discount itself only through `expand[]` (`discounts`, `data.discounts`, `data.items.data.discounts`,
 * `data.lines.data.discounts`). Every discount here is a coupon applied to a subscription (or one of its items).
 *
 * In this API version the coupon sits at `source.coupon` and is itself expandable: an id unless the request also
 * expands `…discounts.source.coupon` (see `renderDiscountCoupon`). `end` follows Stripe's definition — set for a
 * `repeating` coupon only, null for `once` and `forever` — even though the story knows when a `once` discount or a
 * removed `forever` one stopped applying: in Stripe those simply disappear from the subscription.
 */

/** The discount while it applies. */
export function renderDiscount(ctx: RenderContext, customer: CustomerStory, subscription: SubscriptionStory, discount: AppliedDiscount): Wire<Stripe.Discount> {
  const coupon = catalogCoupon(ctx.catalog, discount.couponId);
  return {
    id: discountId(ctx, customer, subscription, discount),
    object: 'discount',
    checkout_session: null,
    customer: customer.id,
    customer_account: null,
    end: coupon.duration === 'repeating' ? discount.end : null,
    invoice: null,
    invoice_item: null,
    promotion_code: null,
    source: { coupon: coupon.id, type: 'coupon' },
    start: discount.start,
    subscription: subscription.id,
    subscription_item: discount.itemSlot === null ? null : subscriptionItemId(ctx, customer, subscription, discount.itemSlot),
  };
}

/**
 * A discount that has stopped applying (its repeating coupon ran out, its `once` coupon was used, or it was taken
 * off): Stripe deletes it, so an invoice made while it applied still names its id, and expanding it gives this stub
 * — the discount without `end`, `deleted: true` (`Invoice.discounts` is `string | Discount | DeletedDiscount`).
 */
export function renderDeletedDiscount(ctx: RenderContext, customer: CustomerStory, subscription: SubscriptionStory, discount: AppliedDiscount): Wire<Stripe.DeletedDiscount> {
  const { end: _end, ...rest } = renderDiscount(ctx, customer, subscription, discount);
  return { ...rest, deleted: true };
}

/** The discount as `expand[]` shows it at `at`: undefined before it starts, deleted from its end on. */
export function discountAt(
  ctx: RenderContext,
  customer: CustomerStory,
  subscription: SubscriptionStory,
  discount: AppliedDiscount,
  at: number,
): Wire<Stripe.Discount> | Wire<Stripe.DeletedDiscount> | undefined {
  if (at < discount.start) return undefined;
  if (discount.end !== null && at >= discount.end) return renderDeletedDiscount(ctx, customer, subscription, discount);
  return renderDiscount(ctx, customer, subscription, discount);
}
