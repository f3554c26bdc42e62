import { intervalInMonths } from './calendar';
import { type CatalogIndex } from './catalog';
import { type AppliedDiscount, type CatalogPrice, type SubscriptionStory, type SubscriptionVersion } from './types';

/**
 * The simulator's own, independent reading of METRICS.md: MRR of a subscription at an instant, straight from the
 * story model (never from rendered Stripe JSON, and sharing no code with src/core). Tests compare Recur's figures
 * against it. Amounts are fractional minor units: rounding is the consumer's business.
 */

export interface MrrSettings {
  /** Subtract `once` and `repeating` coupons too (Stripe's default: only `forever`). */
  subtractFiniteDiscounts: boolean;
  /** `requested`: MRR ends when cancellation is requested (Stripe's default); `period_end`: when the paid period ends. */
  cancellation: 'requested' | 'period_end';
}

export const stripeDefaultMrrSettings: MrrSettings = { subtractFiniteDiscounts: false, cancellation: 'requested' };

const countedStatuses = new Set(['active', 'past_due']);

/** The cost of `quantity` units of a licensed recurring price for one billing interval (tiers and transforms applied). */
export function intervalAmount(price: CatalogPrice, quantity: number): number {
  if (price.billingScheme === 'tiered') return tieredAmount(price, quantity);
  const unitAmount = price.unitAmount ?? 0;
  if (price.transformQuantity) {
    const divided = quantity / price.transformQuantity.divideBy;
    const units = price.transformQuantity.round === 'up' ? Math.ceil(divided) : Math.floor(divided);
    return units * unitAmount;
  }
  return unitAmount * quantity;
}

function tieredAmount(price: CatalogPrice, quantity: number): number {
  const tiers = price.tiers ?? [];
  if (price.tiersMode === 'volume') {
    const tier = tiers.find((candidate) => candidate.upTo === null || quantity <= candidate.upTo) ?? tiers[tiers.length - 1];
    return tier ? tier.flatAmount + tier.unitAmount * quantity : 0;
  }
  let total = 0;
  let previousUpTo = 0;
  for (const tier of tiers) {
    if (quantity <= previousUpTo) break;
    const upTo = tier.upTo ?? Number.POSITIVE_INFINITY;
    const unitsInTier = Math.min(quantity, upTo) - previousUpTo;
    total += tier.flatAmount + tier.unitAmount * unitsInTier;
    previousUpTo = upTo;
  }
  return total;
}

/** Whether a discount is subtracted at t under the settings: active then, and forever unless finite ones count. */
function isSubtracted(discount: AppliedDiscount, t: number, catalog: CatalogIndex, settings: MrrSettings): boolean {
  if (t < discount.start || (discount.end !== null && t >= discount.end)) return false;
  return catalog.coupon(discount.couponId).duration === 'forever' || settings.subtractFiniteDiscounts;
}

/** A monthly amount after one discount. */
function applyDiscount(monthly: number, discount: AppliedDiscount, intervalMonths: number, catalog: CatalogIndex): number {
  const coupon = catalog.coupon(discount.couponId);
  if (coupon.percentOff !== null) return monthly * (1 - coupon.percentOff / 100);
  // amount_off is taken off each invoice, so a month's share is the amount over the months an invoice covers.
  return monthly - (coupon.amountOff ?? 0) / intervalMonths;
}

/** MRR of one version of a subscription, evaluated at t (which decides which discounts are in force). */
export function versionMrr(version: SubscriptionVersion, t: number, catalog: CatalogIndex, settings: MrrSettings): number {
  if (!countedStatuses.has(version.status)) return 0;
  if (settings.cancellation === 'requested' && (version.cancelAtPeriodEnd || version.canceledAt !== null)) return 0;
  let total = 0;
  let subscriptionIntervalMonths = 1;
  for (const item of version.items) {
    const price = catalog.price(item.priceId);
    if (price.type !== 'recurring' || price.usageType === 'metered') continue;
    const months = intervalInMonths(price.interval, price.intervalCount);
    subscriptionIntervalMonths = months;
    let monthly = intervalAmount(price, item.quantity ?? 0) / months;
    for (const discount of version.discounts) {
      if (discount.itemSlot === item.slot && isSubtracted(discount, t, catalog, settings)) {
        monthly = Math.max(0, applyDiscount(monthly, discount, months, catalog));
      }
    }
    total += monthly;
  }
  for (const discount of version.discounts) {
    if (discount.itemSlot === null && isSubtracted(discount, t, catalog, settings)) {
      total = applyDiscount(total, discount, subscriptionIntervalMonths, catalog);
    }
  }
  return Math.max(0, total);
}

/** MRR of a subscription at instant t: the version in force then (none yet → 0). */
export function subscriptionMrrAt(subscription: SubscriptionStory, t: number, catalog: CatalogIndex, settings: MrrSettings = stripeDefaultMrrSettings): number {
  let current: SubscriptionVersion | undefined;
  for (const version of subscription.versions) {
    if (version.at > t) break;
    current = version;
  }
  return current ? versionMrr(current, t, catalog, settings) : 0;
}
