import type Stripe from 'stripe';
import type { CatalogCoupon } from '../model/types';
import type { RenderContext } from './render-context';
import type { Wire } from './wire';

/**
 * A coupon as of `at`; from `deletedAt` on, the stub Stripe returns for a deleted object. `times_redeemed` stays 0:
 * counting redemptions would mean walking every customer, and nothing downstream reads it (discounts carry the truth).
 */
export function renderCoupon(ctx: RenderContext, coupon: CatalogCoupon, at: number): Wire<Stripe.Coupon> | Stripe.DeletedCoupon {
  if (coupon.deletedAt !== null && coupon.deletedAt <= at) return { id: coupon.id, object: 'coupon', deleted: true };
  return renderLiveCoupon(ctx, coupon);
}

/** The coupon itself, never the stub: what a `coupon.deleted` event carries. */
export function renderLiveCoupon(ctx: RenderContext, coupon: CatalogCoupon): Wire<Stripe.Coupon> {
  return {
    id: coupon.id,
    object: 'coupon',
    amount_off: coupon.amountOff,
    created: coupon.created,
    currency: coupon.currency,
    duration: coupon.duration,
    duration_in_months: coupon.durationInMonths,
    livemode: ctx.livemode,
    max_redemptions: null,
    metadata: {},
    name: coupon.name,
    percent_off: coupon.percentOff,
    redeem_by: null,
    times_redeemed: 0,
    valid: true,
  };
}

/**
 * The coupon a discount was created from, as `expand[]=…discounts.source.coupon` shows it at `at`. A deleted coupon
 * is not a stub here: discounts already applied keep their coupon, which Stripe still expands in full, no longer
 * `valid`.
 */
export function renderDiscountCoupon(ctx: RenderContext, coupon: CatalogCoupon, at: number): Wire<Stripe.Coupon> {
  return { ...renderLiveCoupon(ctx, coupon), valid: coupon.deletedAt === null || coupon.deletedAt > at };
}
