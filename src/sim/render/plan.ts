import type Stripe from 'stripe';
import type { CatalogPrice } from '../model/types';
import { renderTier } from './price';
import { isArchived } from './product';
import type { RenderContext } from './render-context';
import type { Wire } from './wire';

/**
 * The legacy Plan view of a recurring price, which Stripe still embeds in every subscription item (`item.plan`, a
 * required field in this API version). A plan shares its price's id; `transform_quantity` is called `transform_usage`.
 */
export function renderPlan(ctx: RenderContext, price: CatalogPrice, at: number): Wire<Stripe.Plan> {
  const plan: Wire<Stripe.Plan> = {
    id: price.id,
    object: 'plan',
    active: !isArchived(price.archivedAt, at),
    amount: price.unitAmount,
    amount_decimal: price.unitAmount === null ? null : String(price.unitAmount),
    billing_scheme: price.billingScheme,
    created: price.created,
    currency: price.currency,
    interval: price.interval,
    interval_count: price.intervalCount,
    livemode: ctx.livemode,
    metadata: {},
    meter: null,
    nickname: price.nickname,
    product: price.productId,
    tiers_mode: price.tiersMode,
    transform_usage: price.transformQuantity ? { divide_by: price.transformQuantity.divideBy, round: price.transformQuantity.round } : null,
    trial_period_days: null,
    usage_type: price.usageType,
  };
  if (price.tiers) plan.tiers = price.tiers.map(renderTier);
  return plan;
}
