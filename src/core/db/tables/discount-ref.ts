/**
 * A discount as the metrics need it, stored as a JSON array in the `discounts` column of customers, subscriptions,
 * subscription items, invoices and invoice lines. Stripe moved the coupon from `discount.coupon` to
 * `discount.source.coupon` in newer API versions; the mapper flattens either shape to this one.
 */
export interface DiscountRef {
  /** `di_…`; null for the legacy single `discount` that older objects carry without an id. */
  id: string | null;
  /**
   * The coupon id, to look up percent_off / amount_off / duration in `coupons` (or in the expanded coupon the object's
   * `raw` carries). Null when the discount arrived as a bare `di_…` id, which does not say its coupon.
   */
  coupon: string | null;
  /** Unix seconds the discount started and, for once/repeating coupons, ends. */
  start: number | null;
  end: number | null;
}
