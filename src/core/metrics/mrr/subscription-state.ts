import { type AppliedDiscount, type CouponTerms, type MrrItem, type PriceTerms, type PriceTier, type SubscriptionState } from '../mrr-types';

/**
 * The state MRR is computed from, read from a stored Stripe Subscription (API version 2026-10-28, with its items'
 * prices embedded and, where the sync could, its discounts expanded). The JSON comes from our own database, so it is
 * read defensively as `unknown` rather than trusted to match stripe-node's types (decimal fields, for one, are plain
 * strings in stored JSON, not the SDK's `Decimal`).
 */

/** The state, plus how many discounts could not be priced and were left out (see `subscriptionStateFromStripe`). */
export interface SubscriptionStateFromStripe extends SubscriptionState {
  /**
   * Discounts on the subscription or its items that were skipped because their terms are unknown: a bare `di_…` id
   * (Stripe sends the Discount only when the request expands it) or a coupon the lookup does not know. Non-zero
   * means the MRR may be overstated; the caller decides whether to expand and retry, or to warn.
   */
  unresolvedDiscounts: number;
}

/** Finds a coupon's terms by id, for discounts whose coupon is not expanded. */
export type CouponLookup = (couponId: string) => CouponTerms | undefined;

type JsonObject = Record<string, unknown>;

/**
 * A Stripe Subscription JSON object as the MRR calculator's input. Throws when the object lacks what every
 * subscription has (id, customer, currency, status, a Price on each item): a malformed snapshot is a bug to surface,
 * not revenue to drop silently. Discounts that cannot be priced are skipped and counted in `unresolvedDiscounts`.
 */
export function subscriptionStateFromStripe(subscription: unknown, coupons: CouponLookup): SubscriptionStateFromStripe {
  if (!isObject(subscription)) throw new Error('A Stripe subscription must be an object');
  const subscriptionId = requiredString(subscription, 'id', 'subscription');
  const where = `subscription ${subscriptionId}`;
  const currency = requiredString(subscription, 'currency', where).toLowerCase();
  const resolver = new DiscountResolver(coupons, currency);

  const items = listData(subscription['items']).map((item) => mrrItem(item, resolver, where));
  // Old API versions carry one `discount` and no `discounts` list; newer ones may carry both, the list being complete.
  const discountsField = subscription['discounts'] ?? (isObject(subscription['discount']) ? [subscription['discount']] : []);

  return {
    subscriptionId,
    customerId: requiredId(subscription['customer'], `customer of ${where}`),
    currency,
    status: requiredString(subscription, 'status', where),
    cancelAtPeriodEnd: subscription['cancel_at_period_end'] === true,
    cancelAt: numberOrNull(subscription['cancel_at']),
    canceledAt: numberOrNull(subscription['canceled_at']),
    endedAt: numberOrNull(subscription['ended_at']),
    items,
    discounts: resolver.resolveAll(discountsField),
    unresolvedDiscounts: resolver.unresolved,
  };
}

function mrrItem(item: unknown, resolver: DiscountResolver, where: string): MrrItem {
  if (!isObject(item)) throw new Error(`An item of ${where} is not an object`);
  if (!isObject(item['price'])) throw new Error(`Item ${String(item['id'])} of ${where} has no embedded price`);
  return {
    price: priceTermsFromStripe(item['price']),
    // Metered items have no `quantity` key at all.
    quantity: numberOrNull(item['quantity']),
    discounts: resolver.resolveAll(item['discounts']),
  };
}

/** A Stripe Price JSON object as the terms MRR needs. The exact `unit_amount_decimal` wins over the rounded integer. */
export function priceTermsFromStripe(price: unknown): PriceTerms {
  if (!isObject(price)) throw new Error('A Stripe price must be an object');
  const id = requiredString(price, 'id', 'price');
  const recurring = isObject(price['recurring']) ? price['recurring'] : null;
  const transform = isObject(price['transform_quantity']) ? price['transform_quantity'] : null;
  const divideBy = transform === null ? null : numberOrNull(transform['divide_by']);
  return {
    id,
    currency: requiredString(price, 'currency', `price ${id}`).toLowerCase(),
    type: price['type'] === 'one_time' || (price['type'] === undefined && recurring === null) ? 'one_time' : 'recurring',
    unitAmount: decimalOrNull(price['unit_amount_decimal']) ?? numberOrNull(price['unit_amount']),
    interval: recurring === null ? null : oneOf(recurring['interval'], intervals),
    intervalCount: positiveOr(recurring?.['interval_count'], 1),
    usageType: recurring?.['usage_type'] === 'metered' ? 'metered' : 'licensed',
    billingScheme: price['billing_scheme'] === 'tiered' ? 'tiered' : 'per_unit',
    tiersMode: oneOf(price['tiers_mode'], tiersModes),
    // `tiers` is in the JSON only when the request expanded it; without it a tiered price costs nothing here.
    tiers: Array.isArray(price['tiers']) ? price['tiers'].filter(isObject).map(priceTier) : [],
    transformQuantity: transform === null || divideBy === null || divideBy <= 0 ? null : { divideBy, round: transform['round'] === 'down' ? 'down' : 'up' },
  };
}

const intervals = ['day', 'week', 'month', 'year'] as const;
const tiersModes = ['graduated', 'volume'] as const;
const durations = ['forever', 'once', 'repeating'] as const;

/** Stripe sends null for the part of a tier that was not set (`flat_amount: null` for a per-unit-only tier): no charge. */
function priceTier(tier: JsonObject): PriceTier {
  return {
    upTo: numberOrNull(tier['up_to']),
    unitAmount: decimalOrNull(tier['unit_amount_decimal']) ?? numberOrNull(tier['unit_amount']) ?? 0,
    flatAmount: decimalOrNull(tier['flat_amount_decimal']) ?? numberOrNull(tier['flat_amount']) ?? 0,
  };
}

/**
 * A Stripe Coupon JSON object as its terms; undefined when it cannot be priced (a deleted-coupon stub, an unknown
 * duration). Given the currency it is applied in, a multi-currency coupon's `currency_options` entry for that currency
 * replaces its default `amount_off` (Stripe includes `currency_options` only when the request expands it).
 */
export function couponTermsFromStripe(coupon: unknown, currency?: string): CouponTerms | undefined {
  if (!isObject(coupon) || coupon['deleted'] === true || typeof coupon['id'] !== 'string') return undefined;
  const duration = oneOf(coupon['duration'], durations);
  if (duration === null) return undefined;
  let amountOff = numberOrNull(coupon['amount_off']);
  let couponCurrency = typeof coupon['currency'] === 'string' ? coupon['currency'].toLowerCase() : null;
  if (amountOff !== null && currency !== undefined && couponCurrency !== currency) {
    const options = coupon['currency_options'];
    const option = isObject(options) ? options[currency] : undefined;
    const optionAmount = isObject(option) ? numberOrNull(option['amount_off']) : null;
    if (optionAmount !== null) {
      amountOff = optionAmount;
      couponCurrency = currency;
    }
  }
  return {
    id: coupon['id'],
    percentOff: numberOrNull(coupon['percent_off']),
    amountOff,
    currency: couponCurrency,
    duration,
    durationInMonths: numberOrNull(coupon['duration_in_months']),
  };
}

/** Turns `discounts` lists into applied discounts, counting those it cannot price. */
class DiscountResolver {
  unresolved = 0;
  private readonly coupons: CouponLookup;
  /** The subscription's currency: the one a multi-currency coupon is read in. */
  private readonly currency: string;

  constructor(coupons: CouponLookup, currency: string) {
    this.coupons = coupons;
    this.currency = currency;
  }

  resolveAll(discounts: unknown): AppliedDiscount[] {
    if (!Array.isArray(discounts)) return [];
    const applied: AppliedDiscount[] = [];
    for (const discount of discounts) {
      const resolved = this.resolve(discount);
      if (resolved === 'unresolved') this.unresolved++;
      else if (resolved !== 'gone') applied.push(resolved);
    }
    return applied;
  }

  private resolve(discount: unknown): AppliedDiscount | 'unresolved' | 'gone' {
    // A bare `di_…` id: Stripe has no endpoint to fetch a discount, only `expand[]` on the object carrying it.
    if (!isObject(discount)) return 'unresolved';
    // A DeletedDiscount no longer applies (Stripe removes a discount once it has run out or was taken off).
    if (discount['deleted'] === true) return 'gone';
    // API versions since 2025 put the coupon at `source.coupon`; older ones at `coupon`.
    const source = discount['source'];
    const reference = isObject(source) ? source['coupon'] : discount['coupon'];
    const coupon = this.couponOf(reference);
    if (coupon === undefined) return 'unresolved';
    return {
      id: typeof discount['id'] === 'string' ? discount['id'] : null,
      coupon,
      start: numberOrNull(discount['start']),
      end: numberOrNull(discount['end']),
    };
  }

  private couponOf(reference: unknown): CouponTerms | undefined {
    if (typeof reference === 'string') return this.coupons(reference);
    const expanded = couponTermsFromStripe(reference, this.currency);
    if (expanded !== undefined) return expanded;
    // An expanded coupon that cannot be read here (a deleted stub): its terms may still be known by id.
    return isObject(reference) && typeof reference['id'] === 'string' ? this.coupons(reference['id']) : undefined;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listData(list: unknown): unknown[] {
  return isObject(list) && Array.isArray(list['data']) ? list['data'] : [];
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Stripe's decimal strings (`"333.3333"`, at most 12 decimal places) as numbers; null when absent or unreadable. */
function decimalOrNull(value: unknown): number | null {
  if (typeof value === 'number') return numberOrNull(value);
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function positiveOr(value: unknown, fallback: number): number {
  const number = numberOrNull(value);
  return number !== null && number > 0 ? number : fallback;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return allowed.find((candidate) => candidate === value) ?? null;
}

function requiredString(object: JsonObject, key: string, where: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') throw new Error(`The ${where} has no ${key}`);
  return value;
}

/** An expandable reference (`"cus_…"` or the expanded object) as its id. */
function requiredId(reference: unknown, what: string): string {
  if (typeof reference === 'string' && reference !== '') return reference;
  if (isObject(reference) && typeof reference['id'] === 'string' && reference['id'] !== '') return reference['id'];
  throw new Error(`No id for the ${what}`);
}
