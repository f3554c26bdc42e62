import fs from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventRetentionSeconds, type GeneratedAccount, generateAccount } from '../../../src/sim/account/generated-account';
import { type TruthResource } from '../../../src/sim/account/ground-truth';
import { writeTruthFile } from '../../../src/sim/account/truth-file';
import { hasTwelveAddOns } from '../../../src/sim/model/customer-story';
import { type CustomerStory } from '../../../src/sim/model/types';
import { type Simulator } from '../../../src/sim/start-simulator';
import {
  createdOf,
  day,
  fetchAllPages,
  fixedNow,
  idOf,
  isDeleted,
  objectsOfPages,
  sdkFor,
  startTestSimulator,
  storyEvents,
  truthAt,
  waitUntil,
} from '../../support/simulator';
import { makeTempDir } from '../../support/temp-dir';

/**
 * The generated account (seed 7, 60 customers, clock at 2026-11-27T00:00Z) served over HTTP and read with the real
 * stripe SDK, checked against the ground truth the simulator exports (`visitObjectsAt` at the clock's instant).
 * Whatever a full sync can read must be exactly the truth: every object, once, newest first, complete.
 */

const seed = 7;
const customers = 60;
const restrictedKey = 'rk_test_51GeneratedAccountNoCharges0000wxyz';

let simulator: Simulator;
let stripe: Stripe;
let truth: Record<TruthResource, object[]>;

beforeAll(async () => {
  simulator = await startTestSimulator({
    seed,
    customers,
    server: { rateLimits: null, extraApiKeys: [restrictedKey], restrictedKeys: { [restrictedKey]: { deny: ['charges'] } } },
  });
  stripe = sdkFor(simulator);
  truth = truthAt(simulator.account, fixedNow);
});

afterAll(async () => {
  await simulator.stop();
});

const all = { limit: 10_000 } as const;
const sortedIds = (objects: readonly object[]): string[] => objects.map(idOf).sort();

function expectNewestFirst(objects: readonly object[]): void {
  const created = objects.map(createdOf);
  expect(created).toEqual([...created].sort((a, b) => b - a));
}

async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

function only<T>(items: readonly T[], what: string): T {
  const [item] = items;
  if (item === undefined || items.length !== 1) throw new Error(`expected one ${what}, found ${items.length}`);
  return item;
}

interface TopLevelResource {
  resource: Exclude<TruthResource, 'subscription_items' | 'invoice_lines'>;
  list(): Promise<object[]>;
  retrieve(id: string): Promise<object>;
}

const topLevel: TopLevelResource[] = [
  { resource: 'products', list: () => stripe.products.list({ limit: 100 }).autoPagingToArray(all), retrieve: (id) => stripe.products.retrieve(id) },
  { resource: 'prices', list: () => stripe.prices.list({ limit: 100 }).autoPagingToArray(all), retrieve: (id) => stripe.prices.retrieve(id) },
  { resource: 'coupons', list: () => stripe.coupons.list({ limit: 100 }).autoPagingToArray(all), retrieve: (id) => stripe.coupons.retrieve(id) },
  {
    resource: 'subscriptions',
    list: () => stripe.subscriptions.list({ status: 'all', limit: 100 }).autoPagingToArray(all),
    retrieve: (id) => stripe.subscriptions.retrieve(id),
  },
  { resource: 'invoices', list: () => stripe.invoices.list({ limit: 100 }).autoPagingToArray(all), retrieve: (id) => stripe.invoices.retrieve(id) },
  { resource: 'charges', list: () => stripe.charges.list({ limit: 100 }).autoPagingToArray(all), retrieve: (id) => stripe.charges.retrieve(id) },
  { resource: 'refunds', list: () => stripe.refunds.list({ limit: 100 }).autoPagingToArray(all), retrieve: (id) => stripe.refunds.retrieve(id) },
];

describe('a full read through the SDK equals the ground truth', () => {
  it.each(topLevel)('every $resource the truth holds is listed once, newest first, and retrieves as listed', async ({ resource, list, retrieve }) => {
    const listed = await list();

    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBe(truth[resource].length);
    expect(sortedIds(listed)).toEqual(sortedIds(truth[resource]));
    expectNewestFirst(listed);
    for (const object of listed) expect(await retrieve(idOf(object))).toEqual(object);
  });

  it('customers: the list leaves out the deleted ones, which the truth keeps as `{ deleted: true }` stubs and retrieve returns', async () => {
    const listed = await stripe.customers.list({ limit: 100 }).autoPagingToArray(all);
    const deleted = truth.customers.filter(isDeleted);
    const live = truth.customers.filter((customer) => !isDeleted(customer));

    expect(deleted.length).toBeGreaterThan(0);
    expect(sortedIds(listed)).toEqual(sortedIds(live));
    expectNewestFirst(listed);
    for (const customer of listed) expect(await stripe.customers.retrieve(customer.id)).toEqual(customer);
    for (const stub of deleted) expect(await stripe.customers.retrieve(idOf(stub))).toEqual({ id: idOf(stub), object: 'customer', deleted: true });
  });

  it('subscriptions without status=all leave out the canceled ones, as Stripe does; status=past_due picks those', async () => {
    const statusOf = (subscription: object) => ('status' in subscription ? subscription.status : undefined);
    const notCanceled = await stripe.subscriptions.list({ limit: 100 }).autoPagingToArray(all);
    const pastDue = await stripe.subscriptions.list({ status: 'past_due', limit: 100 }).autoPagingToArray(all);

    expect(truth.subscriptions.some((subscription) => statusOf(subscription) === 'canceled')).toBe(true);
    expect(sortedIds(notCanceled)).toEqual(sortedIds(truth.subscriptions.filter((subscription) => statusOf(subscription) !== 'canceled')));
    expect(sortedIds(pastDue)).toEqual(sortedIds(truth.subscriptions.filter((subscription) => statusOf(subscription) === 'past_due')));
  });

  it('subscription items: listed per subscription (status=all), they add up to the truth’s items, and each retrieves', async () => {
    const subscriptions = await stripe.subscriptions.list({ status: 'all', limit: 100 }).autoPagingToArray(all);
    const items: Stripe.SubscriptionItem[] = [];
    for (const subscription of subscriptions) {
      const ofSubscription = await stripe.subscriptionItems.list({ subscription: subscription.id, limit: 100 }).autoPagingToArray(all);
      expect(ofSubscription.every((item) => item.subscription === subscription.id)).toBe(true);
      items.push(...ofSubscription);
    }

    expect(items.length).toBe(truth.subscription_items.length);
    expect(sortedIds(items)).toEqual(sortedIds(truth.subscription_items));
    for (const item of items) expect(await stripe.subscriptionItems.retrieve(item.id)).toEqual(item);
  });

  it('invoice lines: listed per invoice with listLineItems, they add up to the truth’s lines and to each invoice’s subtotal', async () => {
    const invoices = await stripe.invoices.list({ limit: 100 }).autoPagingToArray(all);
    const lines: Stripe.InvoiceLineItem[] = [];
    for (const invoice of invoices) {
      const ofInvoice = await stripe.invoices.listLineItems(invoice.id, { limit: 100 }).autoPagingToArray(all);
      expect(ofInvoice.reduce((sum, line) => sum + line.amount, 0)).toBe(invoice.subtotal);
      lines.push(...ofInvoice);
    }

    expect(lines.length).toBe(truth.invoice_lines.length);
    expect(sortedIds(lines)).toEqual(sortedIds(truth.invoice_lines));
  });

  it('events: the list holds exactly the stories’ events of the last 30 days, and each retrieves', async () => {
    const expected = storyEvents(simulator.account, fixedNow - eventRetentionSeconds, fixedNow);

    const listed = await stripe.events.list({ limit: 100 }).autoPagingToArray(all);

    expect(listed.length).toBe(expected.length);
    expect(sortedIds(listed)).toEqual(sortedIds(expected));
    expectNewestFirst(listed);
    for (const event of listed) expect(await stripe.events.retrieve(event.id)).toEqual(event);
  });

  it('the JSON of every list page is the truth’s objects, field for field', async () => {
    const served = async (listPath: string) => objectsOfPages(await fetchAllPages(simulator, listPath));
    const byId = (objects: readonly object[]) => [...objects].sort((a, b) => idOf(a).localeCompare(idOf(b)));
    const subscriptions = await served('/v1/subscriptions?status=all');
    const invoices = await served('/v1/invoices');
    const items: object[] = [];
    for (const subscription of subscriptions) items.push(...(await served(`/v1/subscription_items?subscription=${idOf(subscription)}`)));
    const lines: object[] = [];
    for (const invoice of invoices) lines.push(...(await served(`/v1/invoices/${idOf(invoice)}/lines`)));

    expect(byId(await served('/v1/products'))).toEqual(byId(truth.products));
    expect(byId(await served('/v1/prices'))).toEqual(byId(truth.prices));
    expect(byId(await served('/v1/coupons'))).toEqual(byId(truth.coupons));
    expect(byId(await served('/v1/customers'))).toEqual(byId(truth.customers.filter((customer) => !isDeleted(customer))));
    expect(byId(subscriptions)).toEqual(byId(truth.subscriptions));
    expect(byId(items)).toEqual(byId(truth.subscription_items));
    expect(byId(invoices)).toEqual(byId(truth.invoices));
    expect(byId(lines)).toEqual(byId(truth.invoice_lines));
    expect(byId(await served('/v1/charges'))).toEqual(byId(truth.charges));
    expect(byId(await served('/v1/refunds'))).toEqual(byId(truth.refunds));
  });
});

describe('the expansions a sync asks for are accepted on the generated account', () => {
  it('prices with expand[]=data.tiers: the same prices (tiers are always there), tiered ones with their tiers', async () => {
    const plain = await stripe.prices.list({ limit: 100 }).autoPagingToArray(all);
    const expanded = await stripe.prices.list({ limit: 100, expand: ['data.tiers'] }).autoPagingToArray(all);

    expect(expanded).toEqual(plain);
    expect(expanded.some((price) => price.billing_scheme === 'tiered' && (price.tiers?.length ?? 0) > 0)).toBe(true);
    expect(await stripe.prices.retrieve(idOf(expanded[0] ?? {}), { expand: ['tiers'] })).toEqual(expanded[0]);
  });

  it('subscriptions with expand[]=data.items.data.price.tiers: the prices their items embed, unchanged', async () => {
    const plain = await stripe.subscriptions.list({ status: 'all', limit: 100 }).autoPagingToArray(all);
    const expanded = await stripe.subscriptions.list({ status: 'all', limit: 100, expand: ['data.items.data.price.tiers'] }).autoPagingToArray(all);

    expect(expanded).toEqual(plain);
  });

  it('invoices with expand[]=data.discounts.source.coupon: discounts expanded, each with its coupon', async () => {
    const expanded = await stripe.invoices.list({ limit: 100, expand: ['data.discounts.source.coupon'] }).autoPagingToArray(all);
    const discounts = expanded.flatMap((invoice) => invoice.discounts);

    expect(expanded.length).toBe(truth.invoices.length);
    expect(discounts.length).toBeGreaterThan(0);
    for (const discount of discounts) expect(discount).toMatchObject({ object: 'discount', source: { type: 'coupon', coupon: { object: 'coupon' } } });
  });
});

/** Created times of the truth's invoices, newest first. */
function invoiceCreatedTimes(): number[] {
  return truth.invoices.map(createdOf).sort((a, b) => b - a);
}

/** A created range [gte, lte] holding exactly `size` invoices, not splitting any second's invoices at its ends. */
function rangeHolding(size: number): { gte: number; lte: number } {
  const created = invoiceCreatedTimes();
  for (let start = 1; start + size < created.length; start++) {
    const newest = created[start];
    const oldest = created[start + size - 1];
    if (newest === undefined || oldest === undefined) break;
    if (created[start - 1] !== newest && created[start + size] !== oldest) return { gte: oldest, lte: newest };
  }
  throw new Error(`no range of exactly ${size} invoices`);
}

describe('pagination edges on the generated account (invoices, carved by created)', () => {
  afterEach(() => simulator.server.resetCounters());

  it.each([
    { size: 100, pages: 1 },
    { size: 101, pages: 2 },
  ])('a range holding exactly $size invoices is read in $pages request(s) of limit 100, as a slice of the full list', async ({ size, pages }) => {
    const range = rangeHolding(size);
    const everyInvoice = (await stripe.invoices.list({ limit: 100 }).autoPagingToArray(all)).map((invoice) => invoice.id);
    const firstPage = await stripe.invoices.list({ created: range, limit: 100 });
    simulator.server.resetCounters();

    const listed = (await stripe.invoices.list({ created: range, limit: 100 }).autoPagingToArray(all)).map((invoice) => invoice.id);

    expect(listed).toHaveLength(size);
    expect(simulator.server.counters.requests).toBe(pages);
    expect([firstPage.data.length, firstPage.has_more]).toEqual([100, size > 100]);
    const start = everyInvoice.indexOf(listed[0] ?? '');
    expect(listed).toEqual(everyInvoice.slice(start, start + size));
    expect(listed.sort()).toEqual(truth.invoices.filter((invoice) => createdOf(invoice) >= range.gte && createdOf(invoice) <= range.lte).map(idOf).sort());
  });

  it('an empty range (a quiet stretch between two invoices, or after the clock) is one empty page', async () => {
    const created = invoiceCreatedTimes();
    const gap = created.findIndex((newer, i) => newer - (created[i + 1] ?? newer) > 1);
    const quiet = { gt: created[gap + 1] ?? 0, lt: created[gap] ?? 0 };

    for (const range of [quiet, { gt: fixedNow }]) {
      simulator.server.resetCounters();
      const page = await stripe.invoices.list({ created: range, limit: 100 });
      expect([page.data, page.has_more]).toEqual([[], false]);
      expect(await stripe.invoices.list({ created: range, limit: 100 }).autoPagingToArray(all)).toEqual([]);
      expect(simulator.server.counters.requests).toBe(2);
    }
  });

  it('paging events 7 at a time, through seconds shared by several events, repeats and loses nothing', async () => {
    const byHundred = (await stripe.events.list({ limit: 100 }).autoPagingToArray(all)).map((event) => event.id);
    const created = (await stripe.events.list({ limit: 100 }).autoPagingToArray(all)).map((event) => event.created);
    simulator.server.resetCounters();

    const bySeven = (await stripe.events.list({ limit: 7 }).autoPagingToArray(all)).map((event) => event.id);

    expect(created.some((t, i) => created[i + 1] === t)).toBe(true);
    expect(bySeven).toEqual(byHundred);
    expect(simulator.server.counters.requests).toBe(Math.ceil(byHundred.length / 7));
  });

  it('created[gt|gte|lt|lte] and an exact second select exactly the truth’s invoices in that range', async () => {
    const created = invoiceCreatedTimes();
    const middle = created[Math.floor(created.length / 2)] ?? 0;
    const truthIn = (keep: (t: number) => boolean) => truth.invoices.filter((invoice) => keep(createdOf(invoice))).map(idOf).sort();
    const listedIn = async (range: Stripe.RangeQueryParam | number) => (await stripe.invoices.list({ created: range, limit: 100 }).autoPagingToArray(all)).map((invoice) => invoice.id).sort();

    expect(truthIn((t) => t === middle).length).toBeGreaterThan(0);
    expect(await listedIn(middle)).toEqual(truthIn((t) => t === middle));
    expect(await listedIn({ gt: middle })).toEqual(truthIn((t) => t > middle));
    expect(await listedIn({ gte: middle })).toEqual(truthIn((t) => t >= middle));
    expect(await listedIn({ lt: middle })).toEqual(truthIn((t) => t < middle));
    expect(await listedIn({ lte: middle, gt: middle - 90 * day })).toEqual(truthIn((t) => t <= middle && t > middle - 90 * day));
  });
});

describe('embedded lists are truncated at 10, as Stripe truncates them', () => {
  const twelveAddOnCustomer = 3;

  it('the twelve-add-on subscription of customer 3 embeds 10 of its 13 items, with has_more, and lists all 13', async () => {
    expect(hasTwelveAddOns(twelveAddOnCustomer)).toBe(true);
    const customerId = simulator.account.ids.customerScoped('cus', twelveAddOnCustomer);
    const subscriptions = await stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 });
    const subscription = only(
      subscriptions.data.filter((candidate) => candidate.items.has_more),
      'subscription with more than 10 items',
    );

    const items = await stripe.subscriptionItems.list({ subscription: subscription.id, limit: 100 }).autoPagingToArray(all);

    expect(subscription.items.data).toHaveLength(10);
    expect(subscription.items.url).toBe(`/v1/subscription_items?subscription=${subscription.id}`);
    expect(items).toHaveLength(13);
    expect(items.slice(0, 10).map((item) => item.id)).toEqual(subscription.items.data.map((item) => item.id));
  });

  it('its invoices carry 13 lines: 10 embedded with has_more, 13 through listLineItems', async () => {
    const customerId = simulator.account.ids.customerScoped('cus', twelveAddOnCustomer);
    const invoices = (await stripe.invoices.list({ customer: customerId, limit: 100 }).autoPagingToArray(all)).filter((invoice) => invoice.billing_reason !== 'subscription_update' && invoice.lines.has_more);

    expect(invoices.length).toBeGreaterThan(0);
    for (const invoice of invoices) {
      const lines = await stripe.invoices.listLineItems(invoice.id, { limit: 100 }).autoPagingToArray(all);
      expect(invoice.lines.data).toHaveLength(10);
      expect(lines).toHaveLength(13);
      expect(lines.slice(0, 10).map((line) => line.id)).toEqual(invoice.lines.data.map((line) => line.id));
    }
  });
});

describe('errors on the generated account (the server suite covers their detail)', () => {
  it('401 for an unknown key, 403 for a restricted key on the resource it lacks (the rest still reads), 404 for an unknown id, 429 when limited', async () => {
    const unknownKey = await rejection(sdkFor(simulator, 'sk_test_51NotTheSimulatorsKey00000000000zzzz').customers.list());
    expect([unknownKey.constructor, unknownKey.statusCode]).toEqual([Stripe.errors.StripeAuthenticationError, 401]);

    const restricted = sdkFor(simulator, restrictedKey);
    const denied = await rejection(restricted.charges.list());
    expect([denied.constructor, denied.statusCode]).toEqual([Stripe.errors.StripePermissionError, 403]);
    expect((await restricted.customers.list({ limit: 1 })).data).toHaveLength(1);

    const neverExisted = simulator.account.ids.customerScoped('cus', customers + 5);
    const missing = await rejection(stripe.customers.retrieve(neverExisted));
    expect([missing.statusCode, missing.code, missing.message]).toEqual([404, 'resource_missing', `No such customer: '${neverExisted}'`]);

    simulator.server.setOptions({ forceRateLimited: { count: 1, reason: 'endpoint-rate' } });
    const limited = await rejection(stripe.invoices.list());
    expect([limited.constructor, limited.statusCode, limited.headers?.['stripe-rate-limited-reason']]).toEqual([Stripe.errors.StripeRateLimitError, 429, 'endpoint-rate']);
    expect((await stripe.invoices.list({ limit: 1 })).data).toHaveLength(1);
  });
});

describe('events: filters and 30-day retention', () => {
  const window = () => storyEvents(simulator.account, fixedNow - eventRetentionSeconds, fixedNow);
  const ids = (events: readonly { id: string }[]) => events.map((event) => event.id).sort();

  it('type, types[] and a `.*` prefix select exactly the events of those types', async () => {
    const paid = await stripe.events.list({ type: 'invoice.paid', limit: 100 }).autoPagingToArray(all);
    const charges = await stripe.events.list({ types: ['charge.succeeded', 'charge.failed'], limit: 100 }).autoPagingToArray(all);
    const subscriptionEvents = await stripe.events.list({ type: 'customer.subscription.*', limit: 100 }).autoPagingToArray(all);

    expect(paid.length).toBeGreaterThan(0);
    expect(ids(paid)).toEqual(ids(window().filter((event) => event.type === 'invoice.paid')));
    expect(charges.some((event) => event.type === 'charge.failed')).toBe(true);
    expect(ids(charges)).toEqual(ids(window().filter((event) => event.type === 'charge.succeeded' || event.type === 'charge.failed')));
    expect(ids(subscriptionEvents)).toEqual(ids(window().filter((event) => event.type.startsWith('customer.subscription.'))));
  });

  it('created bounds the window; a created filter reaching back past 30 days still stops at the retention edge', async () => {
    const lastWeek = await stripe.events.list({ created: { gte: fixedNow - 7 * day }, limit: 100 }).autoPagingToArray(all);
    const sixtyDays = await stripe.events.list({ created: { gte: fixedNow - 60 * day }, limit: 100 }).autoPagingToArray(all);

    expect(ids(lastWeek)).toEqual(ids(window().filter((event) => event.created >= fixedNow - 7 * day)));
    expect(ids(sixtyDays)).toEqual(ids(window()));
  });

  it('the oldest listed event is within 30 days of the clock; an event older than that is 404', async () => {
    const listed = await stripe.events.list({ limit: 100 }).autoPagingToArray(all);
    const oldestListed = Math.min(...listed.map((event) => event.created));
    const expired = storyEvents(simulator.account, 0, fixedNow - eventRetentionSeconds - 1).at(-1);
    if (!expired) throw new Error('the account has no event older than 30 days');

    expect(oldestListed).toBeGreaterThanOrEqual(fixedNow - 30 * day);
    expect(oldestListed).toBeLessThan(fixedNow - 29 * day);
    const gone = await rejection(stripe.events.retrieve(expired.id));
    expect([gone.statusCode, gone.code, gone.message]).toEqual([404, 'resource_missing', `No such event: '${expired.id}'`]);
  });
});

describe('determinism: the same seed and clock give the same account, byte for byte', () => {
  const listPaths = ['/v1/products', '/v1/prices', '/v1/coupons', '/v1/customers', '/v1/subscriptions?status=all', '/v1/invoices', '/v1/charges', '/v1/refunds', '/v1/events'];

  async function everyPage(instance: Simulator): Promise<string[]> {
    const pages: string[] = [];
    for (const listPath of listPaths) pages.push(...(await fetchAllPages(instance, listPath)));
    const firstSubscriptions = objectsOfPages(await fetchAllPages(instance, '/v1/subscriptions?status=all')).slice(0, 5);
    for (const subscription of firstSubscriptions) pages.push(...(await fetchAllPages(instance, `/v1/subscription_items?subscription=${idOf(subscription)}`)));
    const firstInvoices = objectsOfPages(await fetchAllPages(instance, '/v1/invoices')).slice(0, 5);
    for (const invoice of firstInvoices) pages.push(...(await fetchAllPages(instance, `/v1/invoices/${idOf(invoice)}/lines`)));
    return pages;
  }

  it('two simulators started apart serve identical list pages', async () => {
    const twin = await startTestSimulator({ seed, customers });
    try {
      const ours = await everyPage(simulator);
      const theirs = await everyPage(twin);
      expect(ours.length).toBeGreaterThan(listPaths.length);
      expect(theirs).toEqual(ours);
    } finally {
      await twin.stop();
    }
  });

  it('writing the truth file twice, from two generated accounts, gives identical bytes', () => {
    const temp = makeTempDir('recur-sim-truth-');
    try {
      const first = path.join(temp.dir, 'first.json');
      const second = path.join(temp.dir, 'second.json');
      writeTruthFile(generateAccount({ seed, customers, now: fixedNow }), first, fixedNow);
      writeTruthFile(generateAccount({ seed, customers, now: fixedNow }), second, fixedNow);
      const bytes = fs.readFileSync(first);
      expect(bytes.length).toBeGreaterThan(10_000);
      expect(fs.readFileSync(second).equals(bytes)).toBe(true);
    } finally {
      temp.remove();
    }
  });

  it('a different seed gives different ids throughout', () => {
    const other = generateAccount({ seed: seed + 1, customers, now: fixedNow });
    const otherTruth = truthAt(other, fixedNow);
    const ours = new Set(Object.values(truth).flat().map(idOf));
    const shared = Object.values(otherTruth).flat().map(idOf).filter((id) => ours.has(id));

    expect(other.renderContext.accountId).not.toBe(simulator.account.renderContext.accountId);
    // Coupon ids are codes the business chose (LAUNCH20…), the same in any account; every generated id differs.
    expect(shared.sort()).toEqual(truth.coupons.map(idOf).sort());
  });
});

/** The first customer who signs up after `t` (the account plans sign-ups up to 30 days past its clock). */
function firstSignUpAfter(account: GeneratedAccount, t: number): CustomerStory {
  for (let index = 0; index < account.shape.customerCount; index++) {
    const story = account.story(index);
    if (story.created > t) return story;
  }
  throw new Error('no customer signs up after the clock');
}

describe('live mode: the clock moves and the account with it', () => {
  it('a customer who signs up after the clock appears once the clock passes the sign-up (stepped clock)', async () => {
    const instance = await startTestSimulator({ seed, customers });
    try {
      const { account } = instance;
      const newcomer = firstSignUpAfter(account, fixedNow);
      const client = sdkFor(instance);
      const before = await client.customers.list({ limit: 100 }).autoPagingToArray(all);
      const early = await rejection(client.customers.retrieve(newcomer.id));

      account.clock.advance(newcomer.created - fixedNow);
      const after = await client.customers.list({ limit: 100 }).autoPagingToArray(all);

      expect(early.statusCode).toBe(404);
      expect(before.map((customer) => customer.id)).not.toContain(newcomer.id);
      expect(after.map((customer) => customer.id)).toEqual([newcomer.id, ...before.map((customer) => customer.id)]);
      expect(await client.customers.retrieve(newcomer.id)).toEqual(after[0]);
      const events = await client.events.list({ created: { gte: newcomer.created }, type: 'customer.created' });
      expect(events.data.map((event) => event.data.object)).toContainEqual(after[0]);
    } finally {
      await instance.stop();
    }
  });

  it('with live: { speed } the clock runs, and the next sign-up shows up in customers.list in real time', async () => {
    const newcomer = firstSignUpAfter(generateAccount({ seed, customers, now: fixedNow }), fixedNow);
    // Fast enough that the sign-up is about half a second of real time away.
    const speed = Math.ceil((newcomer.created - fixedNow) * 2);
    const instance = await startTestSimulator({ seed, customers, live: { speed } });
    try {
      const client = sdkFor(instance);
      expect((await client.customers.list({ limit: 100 }).autoPagingToArray(all)).map((customer) => customer.id)).not.toContain(newcomer.id);

      await waitUntil(() => instance.account.clock.now() >= newcomer.created, 'the clock to pass the sign-up');

      expect((await client.customers.list({ limit: 1 })).data[0]?.id).toBe(newcomer.id);
      expect(instance.account.clock.isRunning()).toBe(true);
    } finally {
      await instance.stop();
    }
  });
});
