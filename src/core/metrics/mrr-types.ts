/**
 * What MRR is computed from, whatever the source (a recorded subscription snapshot, a reconstruction from invoices):
 * plain data, no Stripe SDK types, so the calculator is a pure function of a state, an instant and the settings.
 * Amounts are minor units (see money.ts); decimal prices (`unit_amount_decimal`) are numbers here.
 */

export interface MrrSettings {
  /** Subtract `once` and `repeating` coupons too. Default off, as Stripe: only `forever` coupons are subtracted. */
  subtractFiniteDiscounts: boolean;
  /** `requested` (Stripe's default): MRR ends when cancellation is requested; `period_end`: when the subscription ends. */
  cancellation: 'requested' | 'period_end';
}

export const stripeDefaultMrrSettings: MrrSettings = { subtractFiniteDiscounts: false, cancellation: 'requested' };

export interface PriceTier {
  /** Units up to and including this bound; null for the last tier. */
  upTo: number | null;
  unitAmount: number;
  flatAmount: number;
}

export interface PriceTerms {
  id: string;
  currency: string;
  type: 'recurring' | 'one_time';
  /** Per unit, minor units (may be fractional: `unit_amount_decimal`). Null for tiered prices. */
  unitAmount: number | null;
  interval: 'day' | 'week' | 'month' | 'year' | null;
  intervalCount: number;
  usageType: 'licensed' | 'metered';
  billingScheme: 'per_unit' | 'tiered';
  tiersMode: 'graduated' | 'volume' | null;
  tiers: PriceTier[];
  transformQuantity: { divideBy: number; round: 'up' | 'down' } | null;
}

export interface CouponTerms {
  id: string;
  percentOff: number | null;
  /** Minor units of `currency`, taken off each invoice. */
  amountOff: number | null;
  currency: string | null;
  duration: 'forever' | 'once' | 'repeating';
  durationInMonths: number | null;
}

export interface AppliedDiscount {
  /** `di_…`; null for a legacy discount without an id. */
  id: string | null;
  coupon: CouponTerms;
  /** Unix seconds; null when unknown (then the discount is taken as in force). */
  start: number | null;
  end: number | null;
}

export interface MrrItem {
  price: PriceTerms;
  /** Null for metered items. */
  quantity: number | null;
  /** Item-level discounts. */
  discounts: AppliedDiscount[];
}

/** A subscription as it stood from some instant on: everything MRR depends on. */
export interface SubscriptionState {
  subscriptionId: string;
  customerId: string;
  currency: string;
  status: string;
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  canceledAt: number | null;
  endedAt: number | null;
  items: MrrItem[];
  /** Subscription-level discounts: they apply to every item. */
  discounts: AppliedDiscount[];
}
