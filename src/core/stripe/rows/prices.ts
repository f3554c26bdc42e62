import type Stripe from 'stripe';
import type { PriceRow, PriceTier } from '../../db/tables/prices';
import { type DeletionOptions, knownOrNull, objectRowBase } from './object-row';
import { decimalText } from './decimal-text';
import { idOf } from './references';

/**
 * One part of a tier (the per-unit or the flat amount) as minor units and as Stripe's decimal text. Stripe sends
 * `null` for a part that was not set — a tier with only a per-unit price has `flat_amount: null` — which means "no
 * charge", so it becomes 0 (METRICS.md: the tier cost for the quantity). A sub-cent amount has only its decimal
 * (`unit_amount: null`, `unit_amount_decimal: "0.5"`); the integer then stays null and the decimal is the exact value.
 */
function tierPart(amount: number | null, decimal: string | null): { amount: number | null; decimal: string } {
  if (amount !== null) return { amount, decimal: decimal ?? String(amount) };
  if (decimal !== null) return { amount: null, decimal };
  return { amount: 0, decimal: '0' };
}

export function priceTier(tier: Stripe.Price.Tier): PriceTier {
  const unit = tierPart(tier.unit_amount, decimalText(tier.unit_amount_decimal));
  const flat = tierPart(tier.flat_amount, decimalText(tier.flat_amount_decimal));
  return { up_to: tier.up_to, unit_amount: unit.amount, unit_amount_decimal: unit.decimal, flat_amount: flat.amount, flat_amount_decimal: flat.decimal };
}

/**
 * A price, or the tombstone of a deleted one. `tiers` is only in the JSON when the request asked for
 * `expand[]=tiers` (`expand[]=data.tiers` on lists, `data.items.data.price.tiers` for the prices embedded in
 * subscriptions): a tiered price without them maps to `tiers: null`, and the sync must expand them.
 */
export function priceRow(accountId: string, price: Stripe.Price | Stripe.DeletedPrice, sourceTs: number, options: DeletionOptions = {}): PriceRow {
  const base = objectRowBase(accountId, price, sourceTs);
  if (price.deleted === true) {
    return {
      ...base,
      product: null,
      currency: null,
      unitAmount: null,
      unitAmountDecimal: null,
      billingScheme: null,
      type: null,
      recurringInterval: null,
      recurringIntervalCount: null,
      recurringUsageType: null,
      tiersMode: null,
      tiers: null,
      transformQuantityDivideBy: null,
      transformQuantityRound: null,
      active: null,
      deleted: true,
    };
  }
  return {
    ...base,
    product: idOf(price.product),
    currency: price.currency,
    unitAmount: price.unit_amount,
    unitAmountDecimal: decimalText(price.unit_amount_decimal),
    billingScheme: knownOrNull(price.billing_scheme, ['per_unit', 'tiered']),
    type: knownOrNull(price.type, ['one_time', 'recurring']),
    recurringInterval: knownOrNull(price.recurring?.interval, ['day', 'week', 'month', 'year']),
    recurringIntervalCount: price.recurring?.interval_count ?? null,
    recurringUsageType: knownOrNull(price.recurring?.usage_type, ['licensed', 'metered']),
    tiersMode: knownOrNull(price.tiers_mode, ['graduated', 'volume']),
    tiers: price.tiers ? price.tiers.map(priceTier) : null,
    transformQuantityDivideBy: price.transform_quantity?.divide_by ?? null,
    transformQuantityRound: knownOrNull(price.transform_quantity?.round, ['up', 'down']),
    active: price.active,
    deleted: options.deleted ?? false,
  };
}
