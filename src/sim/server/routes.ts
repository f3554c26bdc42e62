import { type ListableResource } from '../account/account-view';

/**
 * The endpoints the simulator serves: GET only, as Recur only reads. Each route knows the filters Stripe accepts on it
 * that the account view understands, the object type its items are (for `expand[]`), and the noun Stripe uses in
 * "No such …" messages.
 */

/** Query parameters that become `ListFilters`. `type` and `types` both fill `ListFilters.types`. */
export type FilterParam = 'created' | 'customer' | 'subscription' | 'charge' | 'status' | 'active' | 'type' | 'types';

export interface ListRoute {
  kind: 'list';
  template: string;
  resource: ListableResource;
  /** The `object` of the items, a key of the expansion table. */
  itemType: string;
  /** "No such customer: 'cus_x'" — used for cursors that are not in the list. */
  noun: string;
  filters: readonly FilterParam[];
  required: readonly FilterParam[];
}

export interface RetrieveRoute {
  kind: 'retrieve';
  template: string;
  resource: ListableResource;
  itemType: string;
  noun: string;
}

export interface AccountRoute {
  kind: 'account';
  template: string;
}

export type Route = ListRoute | RetrieveRoute | AccountRoute;

export interface MatchedRoute {
  route: Route;
  /** The id in the path: the object to retrieve, or the invoice whose lines are listed. */
  id?: string;
  /** What rate limits and counters are kept per: method + template, e.g. `GET /v1/customers/:id`. */
  endpoint: string;
}

interface CollectionSpec {
  path: string;
  resource: ListableResource;
  itemType: string;
  noun: string;
  filters: readonly FilterParam[];
  required?: readonly FilterParam[];
}

const collections: readonly CollectionSpec[] = [
  { path: 'customers', resource: 'customers', itemType: 'customer', noun: 'customer', filters: ['created'] },
  { path: 'products', resource: 'products', itemType: 'product', noun: 'product', filters: ['active', 'created'] },
  { path: 'prices', resource: 'prices', itemType: 'price', noun: 'price', filters: ['active', 'created'] },
  { path: 'coupons', resource: 'coupons', itemType: 'coupon', noun: 'coupon', filters: ['created'] },
  {
    path: 'subscriptions',
    resource: 'subscriptions',
    itemType: 'subscription',
    noun: 'subscription',
    filters: ['created', 'customer', 'status'],
  },
  {
    path: 'subscription_items',
    resource: 'subscription_items',
    itemType: 'subscription_item',
    noun: 'subscription_item',
    filters: ['subscription'],
    required: ['subscription'],
  },
  {
    path: 'invoices',
    resource: 'invoices',
    itemType: 'invoice',
    noun: 'invoice',
    filters: ['created', 'customer', 'subscription', 'status'],
  },
  { path: 'charges', resource: 'charges', itemType: 'charge', noun: 'charge', filters: ['created', 'customer'] },
  { path: 'refunds', resource: 'refunds', itemType: 'refund', noun: 'refund', filters: ['created', 'charge'] },
  { path: 'events', resource: 'events', itemType: 'event', noun: 'event', filters: ['created', 'type', 'types'] },
];

const accountRoute: AccountRoute = { kind: 'account', template: '/v1/account' };

const invoiceLinesRoute: ListRoute = {
  kind: 'list',
  template: '/v1/invoices/:id/lines',
  resource: 'invoice_lines',
  itemType: 'line_item',
  noun: 'line_item',
  filters: [],
  required: [],
};

const listRoutes = new Map<string, ListRoute>(
  collections.map((spec) => [
    spec.path,
    { kind: 'list', template: `/v1/${spec.path}`, resource: spec.resource, itemType: spec.itemType, noun: spec.noun, filters: spec.filters, required: spec.required ?? [] },
  ]),
);

const retrieveRoutes = new Map<string, RetrieveRoute>(
  collections.map((spec) => [
    spec.path,
    { kind: 'retrieve', template: `/v1/${spec.path}/:id`, resource: spec.resource, itemType: spec.itemType, noun: spec.noun },
  ]),
);

function decodeSegment(segment: string): string | undefined {
  try {
    const decoded = decodeURIComponent(segment);
    return decoded === '' ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/** The route for a request, or undefined for Stripe's "Unrecognized request URL". Only GET is served. */
export function matchRoute(method: string, pathname: string): MatchedRoute | undefined {
  if (method !== 'GET') return undefined;
  const segments = pathname.split('/');
  // A leading slash gives an empty first segment: ['', 'v1', …].
  if (segments[0] !== '' || segments[1] !== 'v1') return undefined;
  const [collection, id, sub, ...extra] = segments.slice(2);
  if (collection === undefined || extra.length > 0) return undefined;
  const endpoint = (route: Route): string => `GET ${route.template}`;

  if (collection === 'account' && id === undefined) return { route: accountRoute, endpoint: endpoint(accountRoute) };
  if (id === undefined) {
    const route = listRoutes.get(collection);
    return route ? { route, endpoint: endpoint(route) } : undefined;
  }
  const decodedId = decodeSegment(id);
  if (decodedId === undefined) return undefined;
  if (sub === undefined) {
    const route = retrieveRoutes.get(collection);
    return route ? { route, id: decodedId, endpoint: endpoint(route) } : undefined;
  }
  if (collection === 'invoices' && sub === 'lines') return { route: invoiceLinesRoute, id: decodedId, endpoint: endpoint(invoiceLinesRoute) };
  return undefined;
}

/** The list URL Stripe puts in a list's `url`, e.g. `/v1/customers` or `/v1/invoices/in_1/lines`. */
export function listUrl(route: ListRoute, id: string | undefined): string {
  return id === undefined ? route.template : route.template.replace(':id', id);
}
