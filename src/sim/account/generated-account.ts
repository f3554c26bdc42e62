import { secondsPerDay } from '../model/calendar';
import { buildCatalog, type CatalogIndex } from '../model/catalog';
import { type AccountShape, customerStory, type StoryContext } from '../model/customer-story';
import { createIdCodec, type CustomerScopedPrefix, type IdCodec } from '../model/ids';
import { type CustomerStory } from '../model/types';
import {
  chargeAt,
  customerAt,
  discountAt,
  invoiceAt,
  refundAt,
  renderAccount,
  renderCoupon,
  renderDiscountCoupon,
  renderEvent,
  renderInvoiceLine,
  renderPrice,
  renderProduct,
  renderSubscriptionItem,
  subscriptionAt,
  subscriptionDiscount,
  versionAt,
} from '../render';
import { type RenderContext } from '../render/render-context';
import { type ListableResource, type ListFilters, type OrderedIds, type SimAccountView, type ViewError } from './account-view';
import { idsFromArray, idsFromPositions, idsFromSelection } from './ordered-ids';
import { createSimClock, type SimClock } from './sim-clock';
import { EntryCollector, positionOfEntry, rangeOf, type SortedEntries } from './sorted-entries';

/** Stripe keeps events for 30 days. */
export const eventRetentionSeconds = 30 * secondsPerDay;

export interface GeneratedAccountOptions {
  seed: number;
  /** Customers who sign up over the whole timeline (a few sign up after `now`, in live mode's future). */
  customers: number;
  /** How far back the account goes from `now`. Default 24 months. */
  historyMonths?: number;
  /** How much future is planned for live mode to play out. Default 30 days. */
  futureDays?: number;
  /** The clock's starting instant (unix seconds). The same seed and `now` give byte-identical data. */
  now: number;
  livemode?: boolean;
}

export interface GeneratedAccount {
  shape: AccountShape;
  catalog: CatalogIndex;
  ids: IdCodec;
  clock: SimClock;
  renderContext: RenderContext;
  /** One customer's story (cached: regenerating is cheap but not free). */
  story(index: number): CustomerStory;
  view: SimAccountView;
  /** Counts of what the index holds, for logs and benchmarks. */
  sizes: Record<'customers' | 'subscriptions' | 'invoices' | 'charges' | 'refunds' | 'events', number>;
}

interface StoryIndex {
  subscriptions: SortedEntries;
  invoices: SortedEntries;
  charges: SortedEntries;
  refunds: SortedEntries;
  events: SortedEntries;
  eventTypes: string[];
  /** Per customer: sign-up second (ascending with the index). */
  customerCreated: Uint32Array;
  /** Per customer: unix second of deletion, 0 when never deleted. */
  deletedAt: Uint32Array;
}

/** Recent list answers, so paging through a filtered list does not redo the filtering for every page. */
const listMemoSize = 32;

const storyCacheSize = 4096;

/**
 * A whole simulated Stripe account, generated from a seed. Only an index of (created, customer, ordinal) per list is
 * kept; objects are rendered from customer stories when asked for, as they stand on the simulator's clock.
 */
export function generateAccount(options: GeneratedAccountOptions): GeneratedAccount {
  const historyMonths = options.historyMonths ?? 24;
  const start = options.now - Math.round(historyMonths * 30.4375 * secondsPerDay);
  const shape: AccountShape = {
    seed: options.seed,
    customerCount: options.customers,
    start,
    now: options.now,
    horizon: options.now + (options.futureDays ?? 30) * secondsPerDay,
  };
  const catalog = buildCatalog(options.seed, start);
  const ids = createIdCodec(options.seed);
  const context: StoryContext = { shape, catalog, ids };
  const clock = createSimClock(options.now);
  const renderContext: RenderContext = { catalog: catalog.catalog, ids, accountId: catalog.catalog.accountId, livemode: options.livemode ?? false };

  const cache = new Map<number, CustomerStory>();
  const remember = (index: number, fresh: CustomerStory): void => {
    cache.set(index, fresh);
    if (cache.size > storyCacheSize) cache.delete(cache.keys().next().value ?? index);
  };
  const story = (index: number): CustomerStory => {
    const cached = cache.get(index);
    if (cached) {
      cache.delete(index);
      cache.set(index, cached);
      return cached;
    }
    const fresh = customerStory(context, index);
    remember(index, fresh);
    return fresh;
  };

  // The index is built from every story. The newest customers' are kept (as many as the cache holds): their objects
  // head every list, so the first pages served need not generate them again, and in an account smaller than the cache
  // no story is generated twice. Keeping only those, not every story in turn, spares the garbage collector.
  const firstKept = Math.max(0, options.customers - storyCacheSize);
  const index = buildIndex(context, (customer, built) => {
    if (customer >= firstKept) remember(customer, built);
  });
  const view = createView({ shape, ids, clock, renderContext, catalog, story, index });
  return {
    shape,
    catalog,
    ids,
    clock,
    renderContext,
    story,
    view,
    sizes: {
      customers: options.customers,
      subscriptions: index.subscriptions.length,
      invoices: index.invoices.length,
      charges: index.charges.length,
      refunds: index.refunds.length,
      events: index.events.length,
    },
  };
}

/**
 * One pass over every customer, keeping only positions: memory stays at a few bytes per object. Each story is handed
 * to `built`, which may keep it.
 */
function buildIndex(context: StoryContext, built: (customer: number, story: CustomerStory) => void): StoryIndex {
  const { shape } = context;
  const subscriptions = new EntryCollector();
  const invoices = new EntryCollector();
  const charges = new EntryCollector();
  const refunds = new EntryCollector();
  const events = new EntryCollector();
  const eventTypes: string[] = [];
  const typeCodes = new Map<string, number>();
  const deletedAt = new Uint32Array(shape.customerCount);
  const customerCreated = new Uint32Array(shape.customerCount);
  const oldestEvent = shape.now - eventRetentionSeconds;
  for (let customer = 0; customer < shape.customerCount; customer++) {
    const story = customerStory(context, customer);
    for (const subscription of story.subscriptions) subscriptions.add(subscription.created, customer, subscription.ordinal);
    for (const invoice of story.invoices) invoices.add(invoice.created, customer, invoice.ordinal);
    for (const charge of story.charges) charges.add(charge.created, customer, charge.ordinal);
    for (const refund of story.refunds) refunds.add(refund.created, customer, refund.ordinal);
    for (const event of story.events) {
      if (event.at < oldestEvent) continue;
      let code = typeCodes.get(event.type);
      if (code === undefined) {
        code = eventTypes.length;
        eventTypes.push(event.type);
        typeCodes.set(event.type, code);
      }
      events.add(event.at, customer, event.ordinal, code);
    }
    deletedAt[customer] = story.deletedAt ?? 0;
    customerCreated[customer] = story.created;
    built(customer, story);
  }
  return {
    subscriptions: subscriptions.sorted(),
    invoices: invoices.sorted(),
    charges: charges.sorted(),
    refunds: refunds.sorted(),
    events: events.sorted(),
    eventTypes,
    customerCreated,
    deletedAt,
  };
}

interface ViewParts {
  shape: AccountShape;
  ids: IdCodec;
  clock: SimClock;
  renderContext: RenderContext;
  catalog: CatalogIndex;
  story(index: number): CustomerStory;
  index: StoryIndex;
}

function notFound(kind: string, id: string, param: string): ViewError {
  return { error: { status: 404, type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${id}'` } };
}

function createView(parts: ViewParts): SimAccountView {
  const { shape, ids, clock, renderContext, catalog, story, index } = parts;

  const decodeAs = (prefix: CustomerScopedPrefix, id: string) => {
    const decoded = ids.decode(id);
    return decoded && decoded.prefix === prefix && decoded.customerIndex < shape.customerCount ? decoded : undefined;
  };
  const customerOf = (id: string) => {
    const decoded = decodeAs('cus', id);
    return decoded ? story(decoded.customerIndex) : undefined;
  };

  /** Positions and ids of one of the big sorted lists. */
  const entryList = (entries: SortedEntries, prefix: CustomerScopedPrefix, createdOf: (customer: CustomerStory, ordinal: number) => number | undefined) => ({
    idOf: (position: number) => ids.customerScoped(prefix, entries.customer[position] ?? 0, entries.ordinal[position] ?? 0),
    positionOf: (id: string) => {
      const decoded = decodeAs(prefix, id);
      const ordinal = decoded?.ordinals[0];
      if (!decoded || ordinal === undefined) return undefined;
      const created = createdOf(story(decoded.customerIndex), ordinal);
      return created === undefined ? undefined : positionOfEntry(entries, created, decoded.customerIndex, ordinal);
    },
  });
  const lists = {
    subscriptions: entryList(index.subscriptions, 'sub', (customer, ordinal) => customer.subscriptions[ordinal]?.created),
    invoices: entryList(index.invoices, 'in', (customer, ordinal) => customer.invoices[ordinal]?.created),
    charges: entryList(index.charges, 'ch', (customer, ordinal) => customer.charges[ordinal]?.created),
    refunds: entryList(index.refunds, 're', (customer, ordinal) => customer.refunds[ordinal]?.created),
    events: entryList(index.events, 'evt', (customer, ordinal) => customer.events[ordinal]?.at),
  };

  /** Keeps the positions of a range that pass `keep`, for filters the index cannot answer alone. */
  const select = (start: number, end: number, keep: (position: number) => boolean): Uint32Array => {
    const kept: number[] = [];
    for (let position = start; position < end; position++) if (keep(position)) kept.push(position);
    return Uint32Array.from(kept);
  };

  const subscriptionStatusAt = (customer: number, ordinal: number, now: number): string | undefined => {
    const subscription = story(customer).subscriptions[ordinal];
    const version = subscription ? versionAt(subscription.versions, now) : undefined;
    return version === undefined ? undefined : subscription?.versions[version]?.status;
  };

  const matchesSubscriptionStatus = (status: string | undefined, filter: string | undefined): boolean => {
    if (filter === 'all') return true;
    if (filter === undefined) return status !== 'canceled';
    if (filter === 'ended') return status === 'canceled' || status === 'incomplete_expired';
    return status === filter;
  };

  const listCustomers = (filters: ListFilters, now: number): OrderedIds => {
    // Customers are numbered in sign-up order, so the list is the index order reversed, minus deleted ones.
    const kept: number[] = [];
    for (let customer = shape.customerCount - 1; customer >= 0; customer--) {
      const created = index.customerCreated[customer] ?? 0;
      if (created > now || !inCreated(created, filters)) continue;
      const deletedAt = index.deletedAt[customer] ?? 0;
      if (deletedAt === 0 || deletedAt > now) kept.push(customer);
    }
    return idsFromArray(kept.map((customer) => ids.customerScoped('cus', customer)));
  };

  /** One customer's objects of a kind, newest first, as they exist at now. */
  const ofCustomer = <T extends { id: string; created: number; ordinal: number }>(objects: readonly T[], now: number, keep: (object: T) => boolean = () => true): OrderedIds =>
    idsFromArray(
      objects
        .filter((object) => object.created <= now && keep(object))
        .sort((a, b) => b.created - a.created || b.ordinal - a.ordinal)
        .map((object) => object.id),
    );

  const inCreated = (created: number, filters: ListFilters): boolean => {
    const range = filters.created;
    if (!range) return true;
    return (range.gte === undefined || created >= range.gte) && (range.gt === undefined || created > range.gt) && (range.lte === undefined || created <= range.lte) && (range.lt === undefined || created < range.lt);
  };

  const memo = new Map<string, OrderedIds | ViewError>();
  const view: SimAccountView = {
    now: () => clock.now(),
    account: () => renderAccount(renderContext),

    list(resource: ListableResource, filters: ListFilters): OrderedIds | ViewError {
      const now = clock.now();
      const key = `${resource}|${now}|${JSON.stringify(filters)}`;
      const remembered = memo.get(key);
      if (remembered) return remembered;
      const answer = listNow(resource, filters, now);
      memo.set(key, answer);
      if (memo.size > listMemoSize) memo.delete(memo.keys().next().value ?? key);
      return answer;
    },


    retrieve(resource, id) {
      const now = clock.now();
      switch (resource) {
        case 'customers': {
          const customer = customerOf(id);
          return customer ? customerAt(renderContext, customer, now) : undefined;
        }
        case 'products': {
          const product = catalog.catalog.products.find((candidate) => candidate.id === id);
          return product && product.created <= now ? renderProduct(renderContext, product, now) : undefined;
        }
        case 'prices': {
          const price = catalog.catalog.prices.find((candidate) => candidate.id === id);
          return price && price.created <= now ? renderPrice(renderContext, price, now) : undefined;
        }
        case 'coupons': {
          const coupon = catalog.catalog.coupons.find((candidate) => candidate.id === id);
          return coupon && coupon.created <= now && (coupon.deletedAt === null || coupon.deletedAt > now) ? renderCoupon(renderContext, coupon, now) : undefined;
        }
        case 'coupon': {
          // A discount's coupon, for expansion: deleted coupons included (discounts applied before keep theirs).
          const coupon = catalog.catalog.coupons.find((candidate) => candidate.id === id);
          return coupon && coupon.created <= now ? renderDiscountCoupon(renderContext, coupon, now) : undefined;
        }
        case 'discount': {
          // `di_` + customer, subscription ordinal, discount ordinal (the `di: [2, 2]` layout of model/ids.ts).
          const found = withTwoOrdinals('di', id);
          if (!found) return undefined;
          const subscription = found.customer.subscriptions[found.parent];
          const discount = subscription ? subscriptionDiscount(subscription, found.child) : undefined;
          return subscription && discount ? discountAt(renderContext, found.customer, subscription, discount, now) : undefined;
        }
        case 'subscriptions': {
          const found = withOrdinal('sub', id, (customer, ordinal) => customer.subscriptions[ordinal]);
          return found ? subscriptionAt(renderContext, found.customer, found.object, now) : undefined;
        }
        case 'subscription_items':
        case 'subscription_item': {
          const found = withTwoOrdinals('si', id);
          if (!found) return undefined;
          const { customer, parent: subscriptionOrdinal, child: slot } = found;
          const subscription = customer.subscriptions[subscriptionOrdinal];
          const version = subscription ? versionAt(subscription.versions, now) : undefined;
          const state = version === undefined ? undefined : subscription?.versions[version];
          const item = state?.items.find((candidate) => candidate.slot === slot);
          return subscription && state && item ? renderSubscriptionItem(renderContext, customer, subscription, state, item, now) : undefined;
        }
        case 'invoices': {
          const found = withOrdinal('in', id, (customer, ordinal) => customer.invoices[ordinal]);
          return found ? invoiceAt(renderContext, found.customer, found.object, now) : undefined;
        }
        case 'invoice_lines':
        case 'invoice_line': {
          const found = withTwoOrdinals('il', id);
          if (!found) return undefined;
          const { customer } = found;
          const invoice = customer.invoices[found.parent];
          const line = invoice?.lines[found.child];
          return invoice && line && invoice.created <= now ? renderInvoiceLine(renderContext, customer, invoice, line) : undefined;
        }
        case 'charges': {
          const found = withOrdinal('ch', id, (customer, ordinal) => customer.charges[ordinal]);
          return found ? chargeAt(renderContext, found.customer, found.object, now) : undefined;
        }
        case 'refunds': {
          const found = withOrdinal('re', id, (customer, ordinal) => customer.refunds[ordinal]);
          return found ? refundAt(renderContext, found.customer, found.object, now) : undefined;
        }
        case 'events': {
          const found = withOrdinal('evt', id, (customer, ordinal) => customer.events[ordinal]);
          if (!found || found.object.at > now || found.object.at < now - eventRetentionSeconds) return undefined;
          return renderEvent(renderContext, found.customer, found.object);
        }
      }
    },
  };
  return view;

  function listNow(resource: ListableResource, filters: ListFilters, now: number): OrderedIds | ViewError {
    switch (resource) {
      case 'customers':
        return listCustomers(filters, now);
      case 'products':
        return idsFromArray(
          [...catalog.catalog.products]
            .filter((product) => product.created <= now && inCreated(product.created, filters) && (filters.active === undefined || filters.active === (product.archivedAt === null || product.archivedAt > now)))
            .sort((a, b) => b.created - a.created)
            .map((product) => product.id),
        );
      case 'prices':
        return idsFromArray(
          [...catalog.catalog.prices]
            .filter((price) => price.created <= now && inCreated(price.created, filters) && (filters.active === undefined || filters.active === (price.archivedAt === null || price.archivedAt > now)))
            .sort((a, b) => b.created - a.created)
            .map((price) => price.id),
        );
      case 'coupons':
        return idsFromArray(
          [...catalog.catalog.coupons]
            .filter((coupon) => coupon.created <= now && inCreated(coupon.created, filters) && (coupon.deletedAt === null || coupon.deletedAt > now))
            .sort((a, b) => b.created - a.created)
            .map((coupon) => coupon.id),
        );
      case 'subscriptions': {
        if (filters.customer !== undefined) {
          const customer = customerOf(filters.customer);
          if (!customer) return idsFromArray([]);
          return ofCustomer(customer.subscriptions, now, (subscription) => inCreated(subscription.created, filters) && matchesSubscriptionStatus(subscriptionStatusAt(customer.index, subscription.ordinal, now), filters.status));
        }
        const { start, end } = rangeOf(index.subscriptions, now, filters.created);
        if (filters.status === 'all') return idsFromPositions(start, end, lists.subscriptions.idOf, lists.subscriptions.positionOf);
        const selected = select(start, end, (position) =>
          matchesSubscriptionStatus(subscriptionStatusAt(index.subscriptions.customer[position] ?? 0, index.subscriptions.ordinal[position] ?? 0, now), filters.status),
        );
        return idsFromSelection(selected, lists.subscriptions.idOf, lists.subscriptions.positionOf);
      }
      case 'subscription_items': {
        const decoded = filters.subscription === undefined ? undefined : decodeAs('sub', filters.subscription);
        const subscriptionOrdinal = decoded?.ordinals[0];
        if (!decoded || subscriptionOrdinal === undefined) return notFound('subscription', filters.subscription ?? '', 'subscription');
        const subscription = story(decoded.customerIndex).subscriptions[subscriptionOrdinal];
        const version = subscription ? versionAt(subscription.versions, now) : undefined;
        const items = version === undefined ? undefined : subscription?.versions[version]?.items;
        if (!items) return notFound('subscription', filters.subscription ?? '', 'subscription');
        // Stripe lists a subscription's items oldest first.
        return idsFromArray(items.map((item) => ids.customerScoped('si', decoded.customerIndex, subscriptionOrdinal, item.slot)));
      }
      case 'invoices': {
        const keep = (customer: CustomerStory, ordinal: number): boolean => {
          const invoice = customer.invoices[ordinal];
          if (!invoice) return false;
          if (filters.subscription !== undefined && (invoice.subscriptionOrdinal === null || customer.subscriptions[invoice.subscriptionOrdinal]?.id !== filters.subscription)) return false;
          if (filters.status !== undefined) {
            const version = versionAt(invoice.versions, now);
            if (version === undefined || invoice.versions[version]?.status !== filters.status) return false;
          }
          return true;
        };
        const owner = filters.customer ?? subscriptionOwner(filters.subscription);
        if (owner !== undefined) {
          const customer = customerOf(owner);
          if (!customer) return idsFromArray([]);
          return ofCustomer(customer.invoices, now, (invoice) => inCreated(invoice.created, filters) && keep(customer, invoice.ordinal));
        }
        const { start, end } = rangeOf(index.invoices, now, filters.created);
        if (filters.status === undefined) return idsFromPositions(start, end, lists.invoices.idOf, lists.invoices.positionOf);
        const selected = select(start, end, (position) => keep(story(index.invoices.customer[position] ?? 0), index.invoices.ordinal[position] ?? 0));
        return idsFromSelection(selected, lists.invoices.idOf, lists.invoices.positionOf);
      }
      case 'invoice_lines': {
        const invoice = filters.invoice === undefined ? undefined : findInvoice(filters.invoice);
        if (!invoice || invoice.invoice.created > now) return notFound('invoice', filters.invoice ?? '', 'invoice');
        return idsFromArray(invoice.invoice.lines.map((line) => ids.customerScoped('il', invoice.customer.index, invoice.invoice.ordinal, line.ordinal)));
      }
      case 'charges': {
        if (filters.customer !== undefined) {
          const customer = customerOf(filters.customer);
          return customer ? ofCustomer(customer.charges, now, (charge) => inCreated(charge.created, filters)) : idsFromArray([]);
        }
        const { start, end } = rangeOf(index.charges, now, filters.created);
        return idsFromPositions(start, end, lists.charges.idOf, lists.charges.positionOf);
      }
      case 'refunds': {
        if (filters.charge !== undefined) {
          const decoded = decodeAs('ch', filters.charge);
          const chargeOrdinal = decoded?.ordinals[0];
          if (!decoded || chargeOrdinal === undefined) return idsFromArray([]);
          const customer = story(decoded.customerIndex);
          return ofCustomer(customer.refunds, now, (refund) => refund.chargeOrdinal === chargeOrdinal && inCreated(refund.created, filters));
        }
        const { start, end } = rangeOf(index.refunds, now, filters.created);
        return idsFromPositions(start, end, lists.refunds.idOf, lists.refunds.positionOf);
      }
      case 'events': {
        const { start, end } = rangeOf(index.events, now, filters.created, now - eventRetentionSeconds);
        if (!filters.types || filters.types.length === 0) return idsFromPositions(start, end, lists.events.idOf, lists.events.positionOf);
        const patterns = filters.types;
        const wanted = new Set(
          index.eventTypes
            .map((type, code) => ({ type, code }))
            .filter(({ type }) => patterns.some((pattern) => (pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern)))
            .map(({ code }) => code),
        );
        const selected = select(start, end, (position) => wanted.has(index.events.tag[position] ?? -1));
        return idsFromSelection(selected, lists.events.idOf, lists.events.positionOf);
      }
    }
  }

  function withOrdinal<T>(prefix: CustomerScopedPrefix, id: string, pick: (customer: CustomerStory, ordinal: number) => T | undefined): { customer: CustomerStory; object: T } | undefined {
    const decoded = decodeAs(prefix, id);
    const ordinal = decoded?.ordinals[0];
    if (!decoded || ordinal === undefined) return undefined;
    const customer = story(decoded.customerIndex);
    const object = pick(customer, ordinal);
    return object === undefined ? undefined : { customer, object };
  }

  /** For ids of objects inside another (`si_`: subscription, slot; `il_`: invoice, line; `di_`: subscription, discount). */
  function withTwoOrdinals(prefix: 'si' | 'il' | 'di', id: string): { customer: CustomerStory; parent: number; child: number } | undefined {
    const decoded = decodeAs(prefix, id);
    const [parent, child] = decoded?.ordinals ?? [];
    if (!decoded || parent === undefined || child === undefined) return undefined;
    return { customer: story(decoded.customerIndex), parent, child };
  }

  function findInvoice(id: string) {
    const found = withOrdinal('in', id, (customer, ordinal) => customer.invoices[ordinal]);
    return found ? { customer: found.customer, invoice: found.object } : undefined;
  }

  function subscriptionOwner(subscriptionId: string | undefined): string | undefined {
    const decoded = subscriptionId === undefined ? undefined : decodeAs('sub', subscriptionId);
    return decoded ? ids.customerScoped('cus', decoded.customerIndex) : undefined;
  }
}
