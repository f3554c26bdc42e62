/**
 * The simulator's compact model of a Stripe account. A story is what happened to one customer over the account's
 * whole timeline (past and, for live mode, future); Stripe-shaped JSON is rendered from it on demand (src/sim/render),
 * so a 500,000-customer account never holds millions of full objects in memory.
 *
 * Every object carries the times at which it changed (`versions`), so its state at any instant is the last version at
 * or before that instant, and every version after the first is an event.
 *
 * Times are unix seconds. Money is integer minor units in the customer's currency.
 */

export type Currency = 'usd' | 'eur' | 'gbp' | 'jpy';

export const currencies: readonly Currency[] = ['usd', 'eur', 'gbp', 'jpy'];

/** Currencies without a minor unit: amounts are whole units. */
export const zeroDecimalCurrencies: ReadonlySet<string> = new Set(['jpy', 'krw', 'vnd', 'clp', 'xof', 'xaf', 'bif', 'djf', 'gnf', 'kmf', 'mga', 'pyg', 'rwf', 'ugx', 'vuv', 'xpf']);

export type Interval = 'day' | 'week' | 'month' | 'year';

export interface CatalogProduct {
  id: string;
  name: string;
  created: number;
  /** Set when the product was archived (active=false from then on). */
  archivedAt: number | null;
}

export interface PriceTier {
  /** Inclusive upper bound of the tier; null for the last, unbounded tier. */
  upTo: number | null;
  unitAmount: number;
  flatAmount: number;
}

export interface CatalogPrice {
  id: string;
  productId: string;
  nickname: string;
  currency: Currency;
  created: number;
  archivedAt: number | null;
  type: 'recurring' | 'one_time';
  interval: Interval;
  intervalCount: number;
  usageType: 'licensed' | 'metered';
  billingScheme: 'per_unit' | 'tiered';
  /** Per-unit prices only. */
  unitAmount: number | null;
  tiersMode: 'graduated' | 'volume' | null;
  tiers: PriceTier[] | null;
  transformQuantity: { divideBy: number; round: 'up' | 'down' } | null;
}

export interface CatalogCoupon {
  id: string;
  name: string;
  created: number;
  duration: 'forever' | 'once' | 'repeating';
  durationInMonths: number | null;
  percentOff: number | null;
  /** With `currency`: a fixed amount off each invoice. */
  amountOff: number | null;
  currency: Currency | null;
  /** Set when the coupon was deleted (coupon.deleted). */
  deletedAt: number | null;
}

/** Account-wide objects: created once at the start of the account, shared by every customer. */
export interface Catalog {
  accountId: string;
  accountName: string;
  products: CatalogProduct[];
  prices: CatalogPrice[];
  coupons: CatalogCoupon[];
}

/** A coupon applied to a subscription (or one of its items), from `start` until `end` (null: forever). */
export interface AppliedDiscount {
  /** Stable per story, rendered as `di_…`. */
  ordinal: number;
  couponId: string;
  start: number;
  end: number | null;
  /** Null: applies to the whole subscription; a slot: applies to that item only. */
  itemSlot: number | null;
}

/** One line of a subscription in one version. `slot` is stable across versions and names the item (`si_…`). */
export interface SubscriptionItemState {
  slot: number;
  priceId: string;
  /** Metered items have no quantity. */
  quantity: number | null;
  /** When this item was added to the subscription. */
  created: number;
}

export type SubscriptionStatus = 'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';

/** The subscription as it stood from `at` until the next version. */
export interface SubscriptionVersion {
  at: number;
  status: SubscriptionStatus;
  items: SubscriptionItemState[];
  discounts: AppliedDiscount[];
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  canceledAt: number | null;
  endedAt: number | null;
  currentPeriodStart: number;
  currentPeriodEnd: number;
  /** Ordinal of the customer's newest invoice for this subscription at `at`, if any. */
  latestInvoiceOrdinal: number | null;
  /** The event this version produced: `created` for the first, `deleted` when it ends, else `updated`. */
  change: 'created' | 'updated' | 'deleted';
  /** For updates: the fields that changed, with their values before (Stripe's previous_attributes). */
  previous: Record<string, unknown> | null;
}

export interface SubscriptionStory {
  /** Position among the customer's subscriptions; with the customer index it makes the id. */
  ordinal: number;
  id: string;
  created: number;
  startDate: number;
  billingCycleAnchor: number;
  trialStart: number | null;
  trialEnd: number | null;
  currency: Currency;
  versions: SubscriptionVersion[];
}

export interface InvoiceLine {
  /** Position within the invoice (`il_…`). */
  ordinal: number;
  subscriptionOrdinal: number;
  itemSlot: number;
  priceId: string;
  quantity: number | null;
  /** Signed: prorations for downgrades are negative. */
  amount: number;
  periodStart: number;
  periodEnd: number;
  proration: boolean;
  description: string;
}

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';

export interface InvoiceVersion {
  at: number;
  status: InvoiceStatus;
  amountPaid: number;
  attemptCount: number;
  paidAt: number | null;
  /** The Stripe event types this change emits, in order (e.g. invoice.payment_failed + invoice.updated). */
  events: string[];
  previous: Record<string, unknown> | null;
}

export interface InvoiceStory {
  ordinal: number;
  id: string;
  created: number;
  subscriptionOrdinal: number | null;
  billingReason: 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'manual';
  currency: Currency;
  periodStart: number;
  periodEnd: number;
  lines: InvoiceLine[];
  /** Sum of line amounts. */
  subtotal: number;
  /** Total discount applied (positive). */
  discountAmount: number;
  /**
   * subtotal − discount. Discounts never take it below 0, but a downgrade's prorations make it negative: a credit,
   * which Stripe puts on the customer's balance (amount due 0). Taxes are not simulated.
   */
  total: number;
  discountOrdinals: number[];
  versions: InvoiceVersion[];
}

export interface ChargeVersion {
  at: number;
  amountRefunded: number;
  previous: Record<string, unknown> | null;
}

export interface ChargeStory {
  ordinal: number;
  id: string;
  created: number;
  invoiceOrdinal: number | null;
  amount: number;
  currency: Currency;
  status: 'succeeded' | 'failed';
  failureCode: string | null;
  failureMessage: string | null;
  versions: ChargeVersion[];
}

export interface RefundStory {
  ordinal: number;
  id: string;
  created: number;
  chargeOrdinal: number;
  amount: number;
  currency: Currency;
  reason: 'requested_by_customer' | 'duplicate' | 'fraudulent' | null;
}

export interface CustomerVersion {
  at: number;
  email: string;
  name: string;
  change: 'created' | 'updated';
  previous: Record<string, unknown> | null;
}

/** Which object an event's data.object is, and which of its versions. */
export type StoryObjectRef =
  | { kind: 'customer'; version: number }
  | { kind: 'subscription'; ordinal: number; version: number }
  | { kind: 'invoice'; ordinal: number; version: number }
  | { kind: 'charge'; ordinal: number; version: number }
  | { kind: 'refund'; ordinal: number };

export interface StoryEvent {
  /** Position among the customer's events, in time order (`evt_…`). */
  ordinal: number;
  at: number;
  type: string;
  object: StoryObjectRef;
  previous: Record<string, unknown> | null;
}

export interface CustomerStory {
  /** 0-based position of the customer in the account; ids are derived from it. */
  index: number;
  id: string;
  created: number;
  currency: Currency;
  metadata: Record<string, string>;
  versions: CustomerVersion[];
  deletedAt: number | null;
  subscriptions: SubscriptionStory[];
  invoices: InvoiceStory[];
  charges: ChargeStory[];
  refunds: RefundStory[];
  /** Every event this customer's story emits, in time order (ties in emission order). */
  events: StoryEvent[];
}
