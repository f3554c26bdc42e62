import type Stripe from 'stripe';
import type { CatalogPrice, PriceTier } from '../model/types';
import { isArchived } from './product';
import type { RenderContext } from './render-context';
import type { Wire } from './wire';

/**
 * Stripe sends `null` for the part of a tier that was not set: a tier with only a per-unit amount has
 * `flat_amount: null`. The model stores 0 for "no flat fee", so 0 renders as null (consumers must read null as 0).
 */
export function renderTier(tier: PriceTier): Wire<Stripe.Price.Tier> {
  const flatAmount = tier.flatAmount === 0 ? null : tier.flatAmount;
  return {
    flat_amount: flatAmount,
    flat_amount_decimal: flatAmount === null ? null : String(flatAmount),
    unit_amount: tier.unitAmount,
    unit_amount_decimal: String(tier.unitAmount),
    up_to: tier.upTo,
  };
}

/**
 * A price as of `at` (archived → `active: false`).
 *
 * Real Stripe sends `tiers` only when the request asks for `expand[]=tiers` (or `data.tiers` on a list); we always
 * include them on tiered prices, because our sync needs them for MRR and every renderer embedding a price (items,
 * events) would otherwise have to take an expand flag. Extra data never breaks a reader that expects less.
 */
export function renderPrice(ctx: RenderContext, price: CatalogPrice, at: number): Wire<Stripe.Price> {
  const rendered: Wire<Stripe.Price> = {
    id: price.id,
    object: 'price',
    active: !isArchived(price.archivedAt, at),
    billing_scheme: price.billingScheme,
    created: price.created,
    currency: price.currency,
    custom_unit_amount: null,
    livemode: ctx.livemode,
    lookup_key: null,
    metadata: {},
    nickname: price.nickname,
    product: price.productId,
    recurring:
      price.type === 'recurring'
        ? { interval: price.interval, interval_count: price.intervalCount, meter: null, trial_period_days: null, usage_type: price.usageType }
        : null,
    tax_behavior: 'unspecified',
    tiers_mode: price.tiersMode,
    transform_quantity: price.transformQuantity ? { divide_by: price.transformQuantity.divideBy, round: price.transformQuantity.round } : null,
    type: price.type,
    unit_amount: price.unitAmount,
    unit_amount_decimal: price.unitAmount === null ? null : String(price.unitAmount),
  };
  if (price.tiers) rendered.tiers = price.tiers.map(renderTier);
  return rendered;
}
