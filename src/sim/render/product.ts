import type Stripe from 'stripe';
import type { CatalogProduct } from '../model/types';
import { defaultPriceOf } from './catalog-lookup';
import type { RenderContext } from './render-context';
import type { Wire } from './wire';

export function isArchived(archivedAt: number | null, at: number): boolean {
  return archivedAt !== null && archivedAt <= at;
}

/** A product as of `at`: archived (`active: false`) from `archivedAt` on, which is also its last update. */
export function renderProduct(ctx: RenderContext, product: CatalogProduct, at: number): Wire<Stripe.Product> {
  const archived = isArchived(product.archivedAt, at);
  return {
    id: product.id,
    object: 'product',
    active: !archived,
    created: product.created,
    default_price: defaultPriceOf(ctx.catalog, product.id),
    description: null,
    images: [],
    livemode: ctx.livemode,
    marketing_features: [],
    metadata: {},
    name: product.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: archived && product.archivedAt !== null ? product.archivedAt : product.created,
    url: null,
  };
}
