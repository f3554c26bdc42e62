import type Stripe from 'stripe';
import { type StripeTableName } from '../../db/tables';
import { discountExpansions } from './discount-expansion';

/**
 * The resources a full sync pages through, in the order they are planned (referenced objects first), each with the
 * list endpoint Stripe meters it under and the SDK call that fetches one page. Subscription items and invoice lines
 * are not listed globally: they come with their subscription or invoice, and are completed from their own list
 * endpoints when the embedded list is truncated.
 */
export const backfillResources = ['products', 'prices', 'coupons', 'customers', 'subscriptions', 'invoices', 'charges', 'refunds'] as const;

export type BackfillResource = (typeof backfillResources)[number];

export interface PageParams {
  limit: number;
  created: { gte: number; lte: number };
  starting_after?: string;
}

export interface ResourceSpec {
  table: StripeTableName;
  endpoint: string;
  /** Small, account-wide lists are fetched as one slice: splitting them would only cost requests. */
  isSmall: boolean;
  /**
   * The endpoint that completes this resource's truncated embedded lists, if any. Its pages fan out into requests on a
   * second metered endpoint, so the backfill starts them first: that endpoint's own rate budget is then used for the
   * whole run rather than only at its end.
   */
  childEndpoint?: string;
  listPage(stripe: Stripe, params: PageParams): Promise<Stripe.ApiList<{ id: string; created: number; object: string }>>;
}

export const resourceSpecs: Record<BackfillResource, ResourceSpec> = {
  products: { table: 'products', endpoint: 'GET /v1/products', isSmall: true, listPage: (stripe, params) => stripe.products.list(params) },
  // Stripe includes a tiered price's `tiers` only when asked: MRR of a tiered item needs them.
  prices: { table: 'prices', endpoint: 'GET /v1/prices', isSmall: true, listPage: (stripe, params) => stripe.prices.list({ ...params, expand: ['data.tiers'] }) },
  coupons: { table: 'coupons', endpoint: 'GET /v1/coupons', isSmall: true, listPage: (stripe, params) => stripe.coupons.list(params) },
  customers: { table: 'customers', endpoint: 'GET /v1/customers', isSmall: false, listPage: (stripe, params) => stripe.customers.list(params) },
  // status=all: Stripe's default leaves canceled subscriptions out, and churn is made of them. Discounts are expanded
  // (discount-expansion.ts says why).
  subscriptions: {
    table: 'subscriptions',
    endpoint: 'GET /v1/subscriptions',
    isSmall: false,
    childEndpoint: 'GET /v1/subscription_items',
    listPage: (stripe, params) => stripe.subscriptions.list({ ...params, status: 'all', expand: [...discountExpansions.subscriptionList] }),
  },
  invoices: {
    table: 'invoices',
    endpoint: 'GET /v1/invoices',
    isSmall: false,
    childEndpoint: 'GET /v1/invoices/:id/lines',
    listPage: (stripe, params) => stripe.invoices.list({ ...params, expand: [...discountExpansions.invoiceList] }),
  },
  // The balance transaction carries the exchange rate a charge in another currency settled at: the default rates of
  // converted totals (account-exchange-rates.ts). Expanding it costs no extra request.
  charges: {
    table: 'charges',
    endpoint: 'GET /v1/charges',
    isSmall: false,
    listPage: (stripe, params) => stripe.charges.list({ ...params, expand: ['data.balance_transaction'] }),
  },
  refunds: { table: 'refunds', endpoint: 'GET /v1/refunds', isSmall: false, listPage: (stripe, params) => stripe.refunds.list(params) },
};

export function isBackfillResource(value: string): value is BackfillResource {
  return (backfillResources as readonly string[]).includes(value);
}
