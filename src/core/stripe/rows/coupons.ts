import type Stripe from 'stripe';
import type { CouponRow } from '../../db/tables/coupons';
import { type DeletionOptions, knownOrNull, objectRowBase } from './object-row';

/**
 * A coupon, or the tombstone of a deleted one. Deleting a coupon does not end the discounts already made from it
 * (Stripe keeps applying them), so a tombstone built from a `coupon.deleted` event's snapshot keeps its terms.
 */
export function couponRow(
  accountId: string,
  coupon: Stripe.Coupon | Stripe.DeletedCoupon,
  sourceTs: number,
  options: DeletionOptions = {},
): CouponRow {
  const base = objectRowBase(accountId, coupon, sourceTs);
  if (coupon.deleted === true) {
    return { ...base, name: null, percentOff: null, amountOff: null, currency: null, duration: null, durationInMonths: null, valid: null, deleted: true };
  }
  return {
    ...base,
    name: coupon.name,
    percentOff: coupon.percent_off,
    amountOff: coupon.amount_off,
    currency: coupon.currency,
    duration: knownOrNull(coupon.duration, ['forever', 'once', 'repeating']),
    durationInMonths: coupon.duration_in_months,
    valid: coupon.valid,
    deleted: options.deleted ?? false,
  };
}
