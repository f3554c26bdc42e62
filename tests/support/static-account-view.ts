import {
  type CreatedRange,
  type ListableResource,
  type ListFilters,
  type OrderedIds,
  type SimAccountView,
  type ViewError,
} from '../../src/sim/account/account-view';

/**
 * A SimAccountView over hand-made objects, for testing the simulator's server without the generated account. Lists
 * are newest first (`created` descending, ties broken by id descending); invoice lines keep the order given, as Stripe
 * keeps an invoice's line order. Deleted customers answer retrieve with Stripe's stub and are absent from lists.
 */

export interface StaticObject {
  id: string;
  created?: number;
  [field: string]: unknown;
}

export interface StaticAccountData {
  account?: StaticObject;
  /** The account's clock (unix seconds). */
  now?: number;
  customers?: StaticObject[];
  deletedCustomerIds?: string[];
  products?: StaticObject[];
  prices?: StaticObject[];
  coupons?: StaticObject[];
  subscriptions?: StaticObject[];
  subscriptionItems?: StaticObject[];
  invoices?: StaticObject[];
  invoiceLines?: StaticObject[];
  charges?: StaticObject[];
  refunds?: StaticObject[];
  events?: StaticObject[];
}

type RetrieveResource = Parameters<SimAccountView['retrieve']>[0];

const endedStatuses = ['canceled', 'incomplete_expired'];

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string') return value.id;
  return undefined;
}

function field(object: StaticObject, path: string): unknown {
  let value: unknown = object;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function inRange(created: number | undefined, range: CreatedRange): boolean {
  if (created === undefined) return false;
  if (range.gt !== undefined && !(created > range.gt)) return false;
  if (range.gte !== undefined && !(created >= range.gte)) return false;
  if (range.lt !== undefined && !(created < range.lt)) return false;
  if (range.lte !== undefined && !(created <= range.lte)) return false;
  return true;
}

function typeMatches(type: unknown, patterns: readonly string[]): boolean {
  if (typeof type !== 'string') return false;
  return patterns.some((pattern) => (pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern));
}

export function orderedIds(ids: readonly string[]): OrderedIds {
  const positions = new Map(ids.map((id, position) => [id, position]));
  return {
    length: ids.length,
    idAt(position) {
      const id = ids[position];
      if (id === undefined) throw new RangeError(`no id at ${position} of ${ids.length}`);
      return id;
    },
    positionOf: (id) => positions.get(id),
  };
}

export function newestFirst(objects: readonly StaticObject[]): StaticObject[] {
  return [...objects].sort((a, b) => (b.created ?? 0) - (a.created ?? 0) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export function createStaticAccountView(data: StaticAccountData): SimAccountView {
  const deleted = new Set(data.deletedCustomerIds ?? []);
  const collections: Record<ListableResource, StaticObject[]> = {
    customers: (data.customers ?? []).filter((customer) => !deleted.has(customer.id)),
    products: data.products ?? [],
    prices: data.prices ?? [],
    coupons: data.coupons ?? [],
    subscriptions: data.subscriptions ?? [],
    subscription_items: data.subscriptionItems ?? [],
    invoices: data.invoices ?? [],
    invoice_lines: data.invoiceLines ?? [],
    charges: data.charges ?? [],
    refunds: data.refunds ?? [],
    events: data.events ?? [],
  };
  const byId = Object.fromEntries(
    Object.entries(collections).map(([resource, objects]) => [resource, new Map(objects.map((object) => [object.id, object]))]),
  ) as Record<ListableResource, Map<string, StaticObject>>;
  const ordered = Object.fromEntries(
    Object.entries(collections).map(([resource, objects]) => [resource, resource === 'invoice_lines' ? objects : newestFirst(objects)]),
  ) as Record<ListableResource, StaticObject[]>;

  const missing = (noun: string, id: string, param: string): ViewError => ({
    error: { status: 404, type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${noun}: '${id}'` },
  });

  const matches = (resource: ListableResource, object: StaticObject, filters: ListFilters): boolean => {
    if (filters.created && !inRange(object.created, filters.created)) return false;
    if (filters.customer !== undefined && idOf(object.customer) !== filters.customer) return false;
    if (filters.charge !== undefined && idOf(object.charge) !== filters.charge) return false;
    if (filters.invoice !== undefined && idOf(object.invoice) !== filters.invoice) return false;
    if (filters.subscription !== undefined) {
      const subscription = resource === 'invoices' ? (field(object, 'parent.subscription_details.subscription') ?? object.subscription) : object.subscription;
      if (idOf(subscription) !== filters.subscription) return false;
    }
    if (filters.active !== undefined && object.active !== filters.active) return false;
    if (filters.types !== undefined && !typeMatches(object.type, filters.types)) return false;
    if (resource === 'subscriptions') {
      const status = filters.status;
      if (status === undefined) return object.status !== 'canceled';
      if (status === 'all') return true;
      if (status === 'ended') return endedStatuses.includes(String(object.status));
    }
    if (filters.status !== undefined && object.status !== filters.status) return false;
    return true;
  };

  return {
    now: () => data.now ?? 1_790_000_000,
    account: () => data.account ?? { id: 'acct_1SimStatic000001', object: 'account', country: 'US', default_currency: 'usd' },
    list(resource, filters) {
      if (resource === 'subscription_items' && filters.subscription !== undefined && !byId.subscriptions.has(filters.subscription)) {
        return missing('subscription', filters.subscription, 'subscription');
      }
      return orderedIds(ordered[resource].filter((object) => matches(resource, object, filters)).map((object) => object.id));
    },
    retrieve(resource: RetrieveResource, id) {
      if (resource === 'customers' && deleted.has(id)) return { id, object: 'customer', deleted: true };
      // No hand-made discounts: their ids stay ids when expanded. A discount's coupon is a coupon like any other.
      if (resource === 'discount') return undefined;
      if (resource === 'coupon') return byId.coupons.get(id);
      const collection: ListableResource =
        resource === 'subscription_item' ? 'subscription_items' : resource === 'invoice_line' ? 'invoice_lines' : resource;
      return byId[collection].get(id);
    },
  };
}
