import type { DiscountRef } from '../../db/tables/discount-ref';
import { idOf, legacyReference, type Reference } from './references';

/**
 * The coupon of a discount that arrived as a bare `di_…` id. Stripe sends `discounts` as ids unless the request asks
 * for `expand[]=discounts` (`expand[]=data.discounts` on lists; `data.lines.data.discounts` for the embedded lines of
 * invoices), and there is no endpoint to list or retrieve discounts, so the coupon — which the metrics need for
 * percent_off / amount_off / duration — is known only from an expanded Discount. `DiscountRef.coupon` is a non-null
 * string, so an unknown coupon is stored as this empty string: the discount's existence and id are kept, and a reader
 * can tell "a discount whose coupon we never saw" from "no discount".
 */
export const unresolvedCoupon = '';

/** A discount as any mirrored object carries it: an id, an expanded Discount, or (on invoices) a DeletedDiscount. */
export type DiscountLike =
  | string
  | {
      readonly id: string;
      /** Newer API versions; older ones put the coupon at `discount.coupon`, which is read as well. */
      readonly source?: { readonly coupon: Reference | null } | null;
      readonly start: number;
      /** A DeletedDiscount (a discount removed since the invoice was made) has no `end`. */
      readonly end?: number | null;
    };

export function discountRef(discount: DiscountLike): DiscountRef {
  if (typeof discount === 'string') return { id: discount, coupon: unresolvedCoupon, start: null, end: null };
  const coupon = idOf(discount.source?.coupon) ?? legacyReference(discount, 'coupon') ?? unresolvedCoupon;
  return { id: discount.id, coupon, start: discount.start, end: discount.end ?? null };
}

export function discountRefs(discounts: readonly DiscountLike[] | null | undefined): DiscountRef[] {
  return (discounts ?? []).map(discountRef);
}
