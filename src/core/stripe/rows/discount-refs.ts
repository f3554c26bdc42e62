import type { DiscountRef } from '../../db/tables/discount-ref';
import { idOf, legacyReference, type Reference } from './references';

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
  // A bare id: Stripe says which coupon only when the request expands the discount (see discount-expansion.ts).
  if (typeof discount === 'string') return { id: discount, coupon: null, start: null, end: null };
  const coupon = idOf(discount.source?.coupon) ?? legacyReference(discount, 'coupon') ?? null;
  return { id: discount.id, coupon, start: discount.start, end: discount.end ?? null };
}

export function discountRefs(discounts: readonly DiscountLike[] | null | undefined): DiscountRef[] {
  return (discounts ?? []).map(discountRef);
}
