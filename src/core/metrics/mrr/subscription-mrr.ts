import { type AppliedDiscount, type CouponTerms, type MrrSettings, type PriceTerms, type SubscriptionState } from '../mrr-types';

/**
 * MRR of one subscription at an instant (METRICS.md, "MRR of one subscription at an instant"): a pure function of a
 * subscription state, a unix second and the settings, in fractional minor units of the subscription's currency.
 * Nothing is rounded here: totals are rounded once, by whoever shows them (money.ts).
 *
 * It runs once per subscription per day of history, so it is written for speed: index loops, no closures, no
 * allocation.
 */
export function subscriptionMrr(state: SubscriptionState, t: number, settings: MrrSettings): number {
  if (state.status !== 'active' && state.status !== 'past_due') return 0;
  if (settings.cancellation === 'requested' && isCancellationRequested(state)) return 0;

  const items = state.items;
  let total = 0;
  // The months one invoice covers. Stripe bills every item of a subscription on one interval, so the first counted
  // item's is the subscription's; it turns a subscription-level `amount_off` (per invoice) into a monthly share.
  let invoiceMonths = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const price = item.price;
    if (price.type !== 'recurring' || price.usageType !== 'licensed' || price.interval === null) continue;
    const months = monthsPerInvoice(price.interval, price.intervalCount);
    if (invoiceMonths === 0) invoiceMonths = months;
    // Stripe always sends a quantity for licensed items; a missing one counts no units rather than guessing one.
    let monthly = intervalAmount(price, item.quantity ?? 0) / months;
    const discounts = item.discounts;
    for (let d = 0; d < discounts.length; d++) {
      monthly = afterDiscount(monthly, discounts[d]!, t, settings, state.currency, months);
    }
    total += monthly;
  }
  if (invoiceMonths === 0) return 0;

  const discounts = state.discounts;
  for (let d = 0; d < discounts.length; d++) {
    total = afterDiscount(total, discounts[d]!, t, settings, state.currency, invoiceMonths);
  }
  return total;
}

/**
 * Stripe's Billing analytics stop counting a subscription as soon as its cancellation is asked for: scheduled for the
 * period end (`cancel_at_period_end`), for a date (`cancel_at`), or done (`canceled_at`).
 */
function isCancellationRequested(state: SubscriptionState): boolean {
  return state.cancelAtPeriodEnd || state.canceledAt !== null || state.cancelAt !== null;
}

/** The months one invoice of a price covers: the divisor that normalises its amounts to a month. */
export function monthsPerInvoice(interval: 'day' | 'week' | 'month' | 'year', intervalCount: number): number {
  switch (interval) {
    case 'month':
      return intervalCount;
    case 'year':
      return 12 * intervalCount;
    case 'week':
      return (intervalCount * 12) / 52;
    case 'day':
      return (intervalCount * 12) / 365;
  }
}

/**
 * What `quantity` units of a price cost for one billing interval, before discounts: unit amount × quantity, the
 * tier cost for tiered prices, and `transform_quantity` (bill per package of `divide_by` units, rounded up or down).
 */
export function intervalAmount(price: PriceTerms, quantity: number): number {
  if (price.billingScheme === 'tiered') {
    return price.tiersMode === 'volume' ? volumeAmount(price, quantity) : graduatedAmount(price, quantity);
  }
  const unitAmount = price.unitAmount ?? 0;
  const transform = price.transformQuantity;
  if (transform === null) return unitAmount * quantity;
  const packages = quantity / transform.divideBy;
  return (transform.round === 'up' ? Math.ceil(packages) : Math.floor(packages)) * unitAmount;
}

/** Graduated tiers: each unit at the rate of the tier it falls in, plus the flat fee of every tier the quantity reaches. */
function graduatedAmount(price: PriceTerms, quantity: number): number {
  const tiers = price.tiers;
  let total = 0;
  let below = 0;
  for (let i = 0; i < tiers.length && quantity > below; i++) {
    const tier = tiers[i]!;
    const upTo = tier.upTo ?? Number.POSITIVE_INFINITY;
    total += tier.flatAmount + tier.unitAmount * (Math.min(quantity, upTo) - below);
    below = upTo;
  }
  return total;
}

/** Volume tiers: every unit at the rate of the one tier that contains the quantity, plus that tier's flat fee. */
function volumeAmount(price: PriceTerms, quantity: number): number {
  const tiers = price.tiers;
  if (tiers.length === 0) return 0;
  let tier = tiers[tiers.length - 1]!;
  for (let i = 0; i < tiers.length; i++) {
    const candidate = tiers[i]!;
    if (candidate.upTo === null || quantity <= candidate.upTo) {
      tier = candidate;
      break;
    }
  }
  return tier.flatAmount + tier.unitAmount * quantity;
}

/**
 * A monthly amount after one discount, never below 0. Stripe's MRR subtracts only `forever` coupons unless finite
 * ones are asked for; a discount counts from its `start` and stops at its `end` (a `repeating` coupon running out).
 */
function afterDiscount(monthly: number, discount: AppliedDiscount, t: number, settings: MrrSettings, currency: string, months: number): number {
  if (discount.start !== null && t < discount.start) return monthly;
  if (discount.end !== null && t >= discount.end) return monthly;
  const coupon = discount.coupon;
  if (coupon.duration !== 'forever' && !settings.subtractFiniteDiscounts) return monthly;
  const discounted = discountedAmount(monthly, coupon, currency, months);
  return discounted > 0 ? discounted : 0;
}

function discountedAmount(monthly: number, coupon: CouponTerms, currency: string, months: number): number {
  if (coupon.percentOff !== null) return monthly * (1 - coupon.percentOff / 100);
  // Stripe only takes an amount off invoices in the coupon's currency.
  if (coupon.amountOff === null || coupon.currency !== currency) return monthly;
  // `amount_off` comes off each invoice: a month's share is the amount over the months one invoice covers.
  return monthly - coupon.amountOff / months;
}
