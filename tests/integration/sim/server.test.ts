import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { maskKey } from '../../../src/sim/server/api-key';
import { rateLimitProfiles } from '../../../src/sim/server/rate-limiter';
import { type SimulatorOptions } from '../../../src/sim/server/server-options';
import { type SimulatorServer, startSimulatorServer } from '../../../src/sim/server/simulator-server';
import { createStaticAccountView, newestFirst, type StaticAccountData, type StaticObject } from '../../support/static-account-view';

/**
 * The simulator's HTTP server, driven by the real stripe SDK (v23) over 127.0.0.1, against a small hand-made account.
 * Rate-limit tests freeze the server's clock and count 429s, so nothing here depends on how fast the machine is.
 */

const testKey = 'sk_test_51SimulatorTestKey000000000000abcd';
const restrictedKey = 'rk_test_51SimulatorRestrictedKey00000wxyz';
const liveKey = 'sk_live_51SimulatorLiveKey000000000000live';
const accountId = 'acct_1SimStatic000001';
const base = 1_780_000_000;

const running: SimulatorServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start(data: StaticAccountData, options: Partial<SimulatorOptions> = {}): Promise<SimulatorServer> {
  const server = await startSimulatorServer(createStaticAccountView(data), {
    apiKeys: [testKey, restrictedKey, liveKey],
    rateLimits: null,
    ...options,
  });
  running.push(server);
  return server;
}

function client(server: SimulatorServer, key = testKey, maxNetworkRetries = 0): Stripe {
  return new Stripe(key, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries });
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

async function get(server: SimulatorServer, path: string, init: RequestInit = { headers: { Authorization: `Bearer ${testKey}` } }) {
  const response = await fetch(server.url + path, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

/** `count` customers, three to a second (Stripe lists can hold many objects created in the same second). */
function customers(count: number): StaticObject[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `cus_${String(i).padStart(6, '0')}`,
    object: 'customer',
    created: base + Math.floor(i / 3),
    email: `customer${i}@example.com`,
  }));
}

const idsNewestFirst = (objects: StaticObject[]): string[] => newestFirst(objects).map((object) => object.id);

/** A small business: three customers (one deleted), their subscriptions, invoices, charges and events. */
function smallBusiness(): StaticAccountData {
  const subscription = (id: string, customer: string, status: string, created: number, extra: Record<string, unknown> = {}): StaticObject => ({
    id,
    object: 'subscription',
    customer,
    status,
    created,
    discounts: [],
    latest_invoice: null,
    ...extra,
  });
  return {
    customers: [
      { id: 'cus_alice', object: 'customer', created: base + 10, email: 'alice@example.com' },
      { id: 'cus_bob', object: 'customer', created: base + 20, email: 'bob@example.com' },
      { id: 'cus_gone', object: 'customer', created: base + 30, email: 'gone@example.com' },
    ],
    deletedCustomerIds: ['cus_gone'],
    products: [
      { id: 'prod_basic', object: 'product', created: base, active: true },
      { id: 'prod_old', object: 'product', created: base + 1, active: false },
    ],
    prices: [{ id: 'price_basic', object: 'price', created: base, active: true, product: 'prod_basic' }],
    subscriptions: [
      subscription('sub_alice1', 'cus_alice', 'active', base + 100, { latest_invoice: 'in_alice1', discounts: ['di_alice1'] }),
      subscription('sub_alice2', 'cus_alice', 'canceled', base + 110),
      subscription('sub_bob1', 'cus_bob', 'trialing', base + 120),
      subscription('sub_gone1', 'cus_gone', 'canceled', base + 130),
    ],
    subscriptionItems: [
      { id: 'si_alice1a', object: 'subscription_item', created: base + 100, subscription: 'sub_alice1', discounts: [] },
      { id: 'si_alice1b', object: 'subscription_item', created: base + 101, subscription: 'sub_alice1', discounts: [] },
    ],
    invoices: [
      {
        id: 'in_alice1',
        object: 'invoice',
        created: base + 100,
        customer: 'cus_alice',
        status: 'paid',
        parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_alice1' } },
      },
    ],
    invoiceLines: [
      { id: 'il_alice1a', object: 'line_item', invoice: 'in_alice1', subscription: 'sub_alice1', discounts: [] },
      { id: 'il_alice1b', object: 'line_item', invoice: 'in_alice1', subscription: 'sub_alice1', discounts: [] },
    ],
    charges: [{ id: 'ch_alice1', object: 'charge', created: base + 100, customer: 'cus_alice' }],
    refunds: [{ id: 're_alice1', object: 'refund', created: base + 200, charge: 'ch_alice1' }],
    events: [
      { id: 'evt_1', object: 'event', created: base + 10, type: 'customer.created' },
      { id: 'evt_2', object: 'event', created: base + 100, type: 'customer.subscription.created' },
      { id: 'evt_3', object: 'event', created: base + 100, type: 'invoice.paid' },
      { id: 'evt_4', object: 'event', created: base + 110, type: 'customer.subscription.deleted' },
    ],
  };
}

describe('lists: newest first, paged as Stripe pages', () => {
  it.each([
    [100, 1],
    [101, 2],
    [0, 1],
  ])('auto-pagination with limit 100 over %i customers returns every one, newest first, in %i request(s)', async (count, requests) => {
    const data = customers(count);
    const server = await start({ customers: data });

    const listed = await client(server).customers.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });

    expect(listed.map((customer) => customer.id)).toEqual(idsNewestFirst(data));
    expect(server.counters.requests).toBe(requests);
  });

  it('`for await` with the default limit of 10 walks 101 customers in 11 pages, ties in a second in a stable order', async () => {
    const data = customers(101);
    const server = await start({ customers: data });

    const seen: string[] = [];
    for await (const customer of client(server).customers.list()) seen.push(customer.id);

    expect(seen).toEqual(idsNewestFirst(data));
    expect(new Set(seen).size).toBe(101);
    expect(server.counters.requests).toBe(11);
  });

  it('limit 1 and 100 are served; 0, 101 and a non-integer are refused with param `limit`', async () => {
    const server = await start({ customers: customers(150) });
    const stripe = client(server);

    const one = await stripe.customers.list({ limit: 1 });
    const hundred = await stripe.customers.list({ limit: 100 });
    expect([one.data.length, one.has_more, one.url]).toEqual([1, true, '/v1/customers']);
    expect([hundred.data.length, hundred.has_more]).toEqual([100, true]);

    const zero = await rejection(stripe.customers.list({ limit: 0 }));
    const tooMany = await rejection(stripe.customers.list({ limit: 101 }));
    expect(zero).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect([zero.statusCode, zero.param, zero.message]).toEqual([400, 'limit', 'This value must be greater than or equal to 1.']);
    expect([tooMany.statusCode, tooMany.param, tooMany.message]).toEqual([400, 'limit', 'This value must be less than or equal to 100.']);
    const word = await get(server, '/v1/customers?limit=ten');
    expect(word.body.error).toMatchObject({ param: 'limit', message: 'Invalid integer: ten', code: 'parameter_invalid_integer' });
  });

  it('ending_before gives the ids just newer than the cursor, newest first, and pages backwards to the newest', async () => {
    const data = customers(25);
    const ids = idsNewestFirst(data);
    const server = await start({ customers: data });
    const stripe = client(server);

    const page = await stripe.customers.list({ limit: 5, ending_before: ids[20] });
    expect(page.data.map((customer) => customer.id)).toEqual(ids.slice(15, 20));
    expect(page.has_more).toBe(true);

    const newerThanOldest = await stripe.customers.list({ limit: 4, ending_before: ids[24] }).autoPagingToArray({ limit: 100 });
    // The SDK yields a backwards walk oldest-to-newest.
    expect(newerThanOldest.map((customer) => customer.id)).toEqual(ids.slice(0, 24).reverse());
  });

  it('created[gte|lte|gt|lt] bound the list and created=<second> picks one second exactly', async () => {
    const data = customers(30); // seconds base … base+9, three customers each
    const server = await start({ customers: data });
    const stripe = client(server);
    const listIds = async (created: Stripe.RangeQueryParam | number) =>
      (await stripe.customers.list({ created, limit: 100 })).data.map((customer) => customer.created);

    expect(await listIds({ gte: base + 8 })).toEqual([base + 9, base + 9, base + 9, base + 8, base + 8, base + 8]);
    expect(await listIds({ gt: base + 8 })).toEqual([base + 9, base + 9, base + 9]);
    expect(await listIds({ lte: base })).toEqual([base, base, base]);
    expect(await listIds({ lt: base + 1 })).toEqual([base, base, base]);
    expect(await listIds({ gte: base + 4, lt: base + 6 })).toEqual([base + 5, base + 5, base + 5, base + 4, base + 4, base + 4]);
    expect(await listIds(base + 7)).toEqual([base + 7, base + 7, base + 7]);

    const bad = await get(server, '/v1/customers?created[gte]=yesterday');
    expect(bad.body.error).toMatchObject({ param: 'created[gte]', message: 'Invalid integer: yesterday' });
    const stray = await get(server, '/v1/customers?created[after]=1');
    expect(stray.body.error).toMatchObject({ param: 'created[after]', message: 'Received unknown parameter: created[after]' });
  });

  it('subscriptions filter by customer and status; canceled ones only with status=all or ended', async () => {
    const server = await start(smallBusiness());
    const stripe = client(server);
    const ids = async (params: Stripe.SubscriptionListParams) => (await stripe.subscriptions.list(params)).data.map((s) => s.id);

    expect(await ids({ customer: 'cus_alice' })).toEqual(['sub_alice1']);
    expect(await ids({ customer: 'cus_alice', status: 'all' })).toEqual(['sub_alice2', 'sub_alice1']);
    expect(await ids({})).toEqual(['sub_bob1', 'sub_alice1']);
    expect(await ids({ status: 'ended' })).toEqual(['sub_gone1', 'sub_alice2']);

    const bad = await get(server, '/v1/subscriptions?status=sleeping');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      param: 'status',
      message: 'Invalid status: must be one of active, past_due, unpaid, canceled, incomplete, incomplete_expired, trialing, paused, all, or ended',
    });
  });

  it('products filter by active; invoices by customer, subscription and status; refunds by charge', async () => {
    const server = await start(smallBusiness());
    const stripe = client(server);

    expect((await stripe.products.list({ active: false })).data.map((p) => p.id)).toEqual(['prod_old']);
    expect((await stripe.invoices.list({ subscription: 'sub_alice1', status: 'paid' })).data.map((i) => i.id)).toEqual(['in_alice1']);
    expect((await stripe.invoices.list({ customer: 'cus_bob' })).data).toEqual([]);
    expect((await stripe.refunds.list({ charge: 'ch_alice1' })).data.map((r) => r.id)).toEqual(['re_alice1']);
    const bad = await get(server, '/v1/products?active=yes');
    expect(bad.body.error).toMatchObject({ param: 'active', message: 'Invalid boolean: yes' });
  });

  it('subscription items need `subscription`; invoice lines list under their invoice', async () => {
    const server = await start(smallBusiness());
    const stripe = client(server);

    expect((await stripe.subscriptionItems.list({ subscription: 'sub_alice1' })).data.map((item) => item.id)).toEqual(['si_alice1b', 'si_alice1a']);
    const missing = await get(server, '/v1/subscription_items');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'parameter_missing', param: 'subscription', message: 'Missing required param: subscription.' });
    const unknownSubscription = await rejection(stripe.subscriptionItems.list({ subscription: 'sub_nope' }));
    expect([unknownSubscription.statusCode, unknownSubscription.code, unknownSubscription.message]).toEqual([404, 'resource_missing', "No such subscription: 'sub_nope'"]);

    const lines = await stripe.invoices.listLineItems('in_alice1', { limit: 1 });
    expect([lines.data.map((line) => line.id), lines.has_more, lines.url]).toEqual([['il_alice1a'], true, '/v1/invoices/in_alice1/lines']);
    const noInvoice = await rejection(stripe.invoices.listLineItems('in_nope'));
    expect([noInvoice.statusCode, noInvoice.message]).toEqual([404, "No such invoice: 'in_nope'"]);
  });

  it('events filter by type (with a .* wildcard) or by up to 20 types', async () => {
    const server = await start(smallBusiness());
    const stripe = client(server);

    expect((await stripe.events.list({ type: 'customer.subscription.*' })).data.map((e) => e.id)).toEqual(['evt_4', 'evt_2']);
    expect((await stripe.events.list({ types: ['invoice.paid', 'customer.created'] })).data.map((e) => e.id)).toEqual(['evt_3', 'evt_1']);

    const twentyOne = Array.from({ length: 21 }, (_, i) => `type.${i}`);
    const tooMany = await rejection(stripe.events.list({ types: twentyOne }));
    expect([tooMany.statusCode, tooMany.param]).toEqual([400, 'types']);
    expect((await stripe.events.list({ types: twentyOne.slice(0, 20) })).data).toEqual([]);
  });

  it('refuses unknown parameters by name, both cursors at once, and a cursor that is not in the list', async () => {
    const server = await start({ customers: customers(5) });
    const stripe = client(server);

    const params = { limit: 3, foo: 'bar' };
    const unknown = await rejection(stripe.customers.list(params));
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect([unknown.statusCode, unknown.param, unknown.message]).toEqual([400, 'foo', 'Received unknown parameter: foo']);
    // `customer` is a filter on subscriptions, not on customers.
    expect((await rejection(stripe.customers.list({ limit: 3, customer: 'cus_000001' } as Stripe.CustomerListParams))).param).toBe('customer');

    const both = await rejection(stripe.customers.list({ starting_after: 'cus_000001', ending_before: 'cus_000003' }));
    expect([both.statusCode, both.message]).toEqual([400, 'Received both starting_after and ending_before parameters. Please pass in only one.']);

    const gone = await rejection(stripe.customers.list({ starting_after: 'cus_nope' }));
    expect([gone.statusCode, gone.code, gone.param, gone.message]).toEqual([404, 'resource_missing', 'starting_after', "No such customer: 'cus_nope'"]);
  });
});

describe('retrieve', () => {
  it('returns the object, the stub of a deleted customer, and resource_missing for an unknown id', async () => {
    const server = await start(smallBusiness());
    const stripe = client(server);

    expect(await stripe.customers.retrieve('cus_alice')).toMatchObject({ id: 'cus_alice', email: 'alice@example.com' });
    expect(await stripe.customers.retrieve('cus_gone')).toEqual({ id: 'cus_gone', object: 'customer', deleted: true });
    expect((await stripe.customers.list()).data.map((customer) => customer.id)).toEqual(['cus_bob', 'cus_alice']);
    expect(await stripe.accounts.retrieveCurrent()).toMatchObject({ id: accountId, object: 'account' });

    const missing = await rejection(stripe.customers.retrieve('cus_nope'));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect([missing.statusCode, missing.code, missing.param, missing.message]).toEqual([404, 'resource_missing', 'id', "No such customer: 'cus_nope'"]);
    const wrongKind = await rejection(stripe.subscriptions.retrieve('cus_alice'));
    expect(wrongKind.message).toBe("No such subscription: 'cus_alice'");
    const extra = await get(server, '/v1/customers/cus_alice?limit=3');
    expect(extra.body.error).toMatchObject({ param: 'limit', message: 'Received unknown parameter: limit' });
  });
});

describe('expand[]', () => {
  it('expands data.customer on a list, a deleted customer to its stub', async () => {
    const server = await start(smallBusiness());

    const subscriptions = await client(server).subscriptions.list({ status: 'all', expand: ['data.customer'] });

    expect(subscriptions.data.map((s) => s.customer)).toEqual([
      { id: 'cus_gone', object: 'customer', deleted: true },
      { id: 'cus_bob', object: 'customer', created: base + 20, email: 'bob@example.com' },
      { id: 'cus_alice', object: 'customer', created: base + 10, email: 'alice@example.com' },
      { id: 'cus_alice', object: 'customer', created: base + 10, email: 'alice@example.com' },
    ]);
  });

  it('expands fields of a retrieved object, one level down too; ids it cannot resolve stay ids', async () => {
    const server = await start(smallBusiness());
    const stripe = client(server);

    const subscription = await stripe.subscriptions.retrieve('sub_alice1', { expand: ['latest_invoice.customer', 'discounts'] });

    expect(subscription.latest_invoice).toMatchObject({ id: 'in_alice1', customer: { id: 'cus_alice', email: 'alice@example.com' } });
    expect(subscription.discounts).toEqual(['di_alice1']);
    const invoice = await stripe.invoices.retrieve('in_alice1', { expand: ['parent.subscription_details.subscription'] });
    expect(invoice.parent?.subscription_details?.subscription).toMatchObject({ id: 'sub_alice1', status: 'active' });
    const lines = await stripe.invoices.listLineItems('in_alice1', { expand: ['data.subscription'] });
    expect(lines.data.map((line) => line.subscription)).toMatchObject([{ id: 'sub_alice1' }, { id: 'sub_alice1' }]);
  });

  it('refuses fields that cannot be expanded, with Stripe’s hint when a list path lacks `data.`', async () => {
    const server = await start(smallBusiness());
    const stripe = client(server);

    const noData = await rejection(stripe.subscriptions.list({ expand: ['customer'] }));
    expect([noData.statusCode, noData.message]).toEqual([400, "This property cannot be expanded (customer). You may want to try expanding 'data.customer' instead."]);
    const notExpandable = await rejection(stripe.subscriptionItems.list({ subscription: 'sub_alice1', expand: ['data.subscription'] }));
    expect(notExpandable.message).toBe('This property cannot be expanded (data.subscription).');
    const onEmptyList = await rejection(stripe.charges.list({ customer: 'cus_bob', expand: ['data.nothing'] }));
    expect(onEmptyList.message).toBe('This property cannot be expanded (data.nothing).');
    const onRetrieve = await rejection(stripe.customers.retrieve('cus_alice', { expand: ['email'] }));
    expect(onRetrieve.message).toBe('This property cannot be expanded (email).');
  });
});

describe('authentication and permissions', () => {
  it('a wrong key is a StripeAuthenticationError naming the key masked as Stripe masks it', async () => {
    const server = await start(smallBusiness());
    const wrongKey = 'sk_test_51SomebodyElsesKey0000000000zzzz';

    const error = await rejection(client(server, wrongKey).customers.list());

    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(maskKey(wrongKey)).toBe(`sk_test_${'*'.repeat(wrongKey.length - 12)}zzzz`);
    expect(error.message).toBe(`Invalid API Key provided: ${maskKey(wrongKey)}`);
  });

  it('no key is a 401; HTTP basic auth with the key as user name is accepted', async () => {
    const server = await start(smallBusiness());

    const none = await get(server, '/v1/customers', {});
    expect(none.status).toBe(401);
    expect(String((none.body.error as { message: string }).message)).toMatch(/^You did not provide an API key/);
    const basic = await get(server, '/v1/customers', { headers: { Authorization: `Basic ${Buffer.from(`${testKey}:`).toString('base64')}` } });
    expect(basic.status).toBe(200);
  });

  it('a key revoked while the server runs gets 401 from its next request', async () => {
    const server = await start(smallBusiness());
    const stripe = client(server);
    await stripe.customers.list();

    server.setOptions({ apiKeys: [restrictedKey] });

    expect(await rejection(stripe.customers.list())).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('a restricted key without a permission gets 403 on that resource only', async () => {
    const server = await start(smallBusiness(), { restrictedKeys: { [restrictedKey]: { deny: ['invoices'] } } });
    const stripe = client(server, restrictedKey);

    expect((await stripe.customers.list()).data).toHaveLength(2);
    const denied = await rejection(stripe.invoices.list());
    expect(denied).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(denied.statusCode).toBe(403);
    expect(denied.message).toBe(
      `The provided key '${maskKey(restrictedKey)}' does not have the required permissions for this endpoint on account '${accountId}'. Having the 'rak_invoice_read' permission would allow this request to continue.`,
    );
    // Lines live under the same permission as their invoice.
    expect(await rejection(stripe.invoices.listLineItems('in_alice1'))).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(await rejection(stripe.invoices.retrieve('in_alice1'))).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect((await client(server).invoices.list()).data).toHaveLength(1);
  });

  it('any other method or path is Stripe’s "Unrecognized request URL" 404', async () => {
    const server = await start(smallBusiness());

    const post = await get(server, '/v1/customers', { method: 'POST', headers: { Authorization: `Bearer ${testKey}` } });
    expect(post.status).toBe(404);
    expect(post.body.error).toEqual({
      type: 'invalid_request_error',
      message: 'Unrecognized request URL (POST: /v1/customers). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
    });
    expect((await get(server, '/v1/payouts')).status).toBe(404);
    expect(server.counters.byEndpoint).toEqual({ 'POST (unrecognized)': 1, 'GET (unrecognized)': 1 });
  });
});

describe('rate limits', () => {
  it('exports Stripe’s test and live profiles', () => {
    expect(rateLimitProfiles).toEqual({
      test: { globalPerSecond: 25, perEndpointPerSecond: 25 },
      live: { globalPerSecond: 100, perEndpointPerSecond: 25 },
    });
  });

  it('a global limit of 5/s lets 5 of a burst of 12 through, and 5 more a second later', async () => {
    let now = 0;
    const server = await start(smallBusiness(), { rateLimits: { globalPerSecond: 5, perEndpointPerSecond: 100 }, clock: () => now });
    const stripe = client(server);
    const burst = () => Promise.allSettled(Array.from({ length: 12 }, () => stripe.customers.list()));

    const first = await burst();
    now += 1000;
    const second = await burst();
    now += 200;
    const third = await burst();

    const fulfilled = (results: PromiseSettledResult<unknown>[]) => results.filter((result) => result.status === 'fulfilled').length;
    expect([fulfilled(first), fulfilled(second), fulfilled(third)]).toEqual([5, 5, 1]);
    const refused = first.find((result): result is PromiseRejectedResult => result.status === 'rejected')?.reason as Stripe.errors.StripeError;
    expect(refused).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect([refused.statusCode, refused.code, refused.rawType]).toEqual([429, 'rate_limit', 'invalid_request_error']);
    expect(refused.message).toMatch(/^Testmode request rate limit exceeded/);
    expect(refused.headers?.['stripe-rate-limited-reason']).toBe('global-rate');
    expect(refused.headers?.['stripe-should-retry']).toBeUndefined();
    expect(refused.headers?.['retry-after']).toBeUndefined();
    expect(server.counters.rateLimited).toEqual({ 'global-rate': 25, 'endpoint-rate': 0, 'global-concurrency': 0, 'endpoint-concurrency': 0 });
    expect(server.counters.byStatus).toEqual({ '200': 11, '429': 25 });
  });

  it('an endpoint limit applies per method and route template, with its own reason', async () => {
    const server = await start(smallBusiness(), { rateLimits: { globalPerSecond: 100, perEndpointPerSecond: 3 }, clock: () => 0 });
    const stripe = client(server);

    const lists = await Promise.allSettled(Array.from({ length: 4 }, () => stripe.customers.list()));
    const refused = lists.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0]?.reason as Stripe.errors.StripeError).headers?.['stripe-rate-limited-reason']).toBe('endpoint-rate');
    await expect(stripe.customers.retrieve('cus_alice')).resolves.toMatchObject({ id: 'cus_alice' });
    await expect(stripe.products.list()).resolves.toMatchObject({ object: 'list' });
  });

  it('a concurrency cap refuses requests beyond it while others are in flight', async () => {
    const server = await start(smallBusiness(), {
      rateLimits: { globalPerSecond: 100, perEndpointPerSecond: 100, concurrency: { global: 2 } },
      latency: { baseMs: 300, perObjectMs: 0 },
    });
    const stripe = client(server);

    const results = await Promise.allSettled(Array.from({ length: 5 }, () => stripe.customers.list()));

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    expect(server.counters.rateLimited['global-concurrency']).toBe(3);
    await expect(stripe.customers.list()).resolves.toMatchObject({ object: 'list' });
  });

  it('the SDK does not retry a 429 — unless the server sends Stripe-Should-Retry, which is an option', async () => {
    const server = await start(smallBusiness(), { forceRateLimited: { count: 1, reason: 'endpoint-concurrency' } });
    const stripe = client(server, testKey, 2);

    const error = await rejection(stripe.customers.list());
    expect(error.headers?.['stripe-rate-limited-reason']).toBe('endpoint-concurrency');
    expect(server.counters.requests).toBe(1);

    server.setOptions({
      rateLimits: { ...rateLimitProfiles.test, sendShouldRetry: true, retryAfterSeconds: 1 },
      forceRateLimited: { count: 1, reason: 'global-rate' },
    });
    server.resetCounters();
    await expect(stripe.customers.list()).resolves.toMatchObject({ object: 'list' });
    expect(server.counters.requests).toBe(2);
    expect(server.counters.rateLimited['global-rate']).toBe(1);
  });

  it('Retry-After is sent when the option asks for it; live keys get the live message', async () => {
    const server = await start(smallBusiness(), {
      rateLimits: { ...rateLimitProfiles.live, retryAfterSeconds: 2 },
      forceRateLimited: { count: 1, reason: 'global-rate' },
    });

    const error = await rejection(client(server, liveKey).customers.list());

    expect(error.headers?.['retry-after']).toBe('2');
    expect(error.message).toBe('Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.');
  });
});

describe('faults', () => {
  it('a 500 is Stripe’s api_error, and the SDK retries it when maxNetworkRetries > 0', async () => {
    const server = await start(smallBusiness(), { forceFault: { count: 1, kind: 'server-error' } });

    const error = await rejection(client(server).customers.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect([error.statusCode, error.rawType, error.message]).toEqual([500, 'api_error', 'An unknown error occurred']);

    server.setOptions({ forceFault: { count: 1, kind: 'server-error' } });
    server.resetCounters();
    await expect(client(server, testKey, 1).customers.list()).resolves.toMatchObject({ object: 'list' });
    expect(server.counters.requests).toBe(2);
    expect(server.counters.faults.serverError).toBe(1);
    expect(server.counters.byStatusClass).toEqual({ '2xx': 1, '4xx': 0, '5xx': 1 });
  });

  it('faults drawn from the seed replay identically; another seed draws differently', async () => {
    const statuses = async (seed: number) => {
      const server = await start(smallBusiness(), { seed, faults: { serverErrorRate: 0.3 } });
      const sequence: number[] = [];
      for (let i = 0; i < 30; i++) sequence.push((await get(server, '/v1/customers')).status);
      return sequence;
    };

    const first = await statuses(7);
    expect(await statuses(7)).toEqual(first);
    expect(first.filter((status) => status === 500).length).toBeGreaterThan(0);
    expect(await statuses(8)).not.toEqual(first);
  });

  it('a reset destroys the socket; the SDK retries a reset connection once even with retries off', async () => {
    const server = await start(smallBusiness(), { forceFault: { count: 1, kind: 'reset' } });

    await expect(fetch(`${server.url}/v1/customers`, { headers: { Authorization: `Bearer ${testKey}` } })).rejects.toThrow();
    server.setOptions({ forceFault: { count: 1, kind: 'reset' } });
    await expect(client(server).customers.list()).resolves.toMatchObject({ object: 'list' });
    expect(server.counters.faults.reset).toBe(2);
  });

  it('a truncated response sends headers and half the body, then ends the connection', async () => {
    const server = await start(smallBusiness(), { forceFault: { count: 2, kind: 'truncate' } });

    const response = await fetch(`${server.url}/v1/customers`, { headers: { Authorization: `Bearer ${testKey}` } });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(await rejection(client(server).customers.list())).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(server.counters.faults.truncate).toBe(2);
  });

  it('slow responses and latency wait base + per-object time', async () => {
    const server = await start({ customers: customers(50) }, { latency: { baseMs: 20, perObjectMs: 2 } });
    const stripe = client(server);

    const started = performance.now();
    await stripe.customers.list({ limit: 50 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);

    server.setOptions({ latency: { baseMs: 0, perObjectMs: 0 }, faults: { slowRate: 1, slowMs: 80 } });
    const slowStarted = performance.now();
    await stripe.customers.retrieve('cus_000001');
    expect(performance.now() - slowStarted).toBeGreaterThanOrEqual(75);
    expect(server.counters.faults.slow).toBe(1);
  });
});

describe('headers, counters and shutdown', () => {
  it('answers with Request-Id, JSON and the Stripe-Version the client sent', async () => {
    const server = await start(smallBusiness());

    const sdk = await client(server).customers.list();
    expect(sdk.lastResponse.requestId).toMatch(/^req_[0-9A-Za-z]{14}$/);
    expect(sdk.lastResponse.headers['stripe-version']).toBe('2026-10-28.endive');
    const raw = await get(server, '/v1/customers', { headers: { Authorization: `Bearer ${testKey}`, 'Stripe-Version': '2020-08-27' } });
    expect(raw.headers.get('stripe-version')).toBe('2020-08-27');
    expect(raw.headers.get('content-type')).toBe('application/json');
    expect(raw.body).toMatchObject({ object: 'list', has_more: false, url: '/v1/customers' });
  });

  it('counts requests per endpoint, per status class, and objects served; resetCounters starts over', async () => {
    const server = await start({ ...smallBusiness(), customers: customers(12) });
    const stripe = client(server);

    await stripe.customers.list({ limit: 10 });
    await stripe.customers.retrieve('cus_000003');
    await rejection(stripe.customers.retrieve('cus_nope'));
    await rejection(client(server, 'sk_test_nobody000000000000').customers.list());

    expect(server.counters).toMatchObject({
      requests: 4,
      byEndpoint: { 'GET /v1/customers': 2, 'GET /v1/customers/:id': 2 },
      byStatusClass: { '2xx': 2, '4xx': 2, '5xx': 0 },
      byStatus: { '200': 2, '404': 1, '401': 1 },
      objectsServed: 11,
    });
    server.resetCounters();
    expect(server.counters).toMatchObject({ requests: 0, byEndpoint: {}, objectsServed: 0 });
  });

  it('close() ends idle keep-alive connections instead of waiting for them', async () => {
    const server = await start(smallBusiness());
    await client(server).customers.list();
    await get(server, '/v1/customers');

    const started = performance.now();
    await server.close();

    expect(performance.now() - started).toBeLessThan(1000);
    await expect(fetch(`${server.url}/v1/customers`)).rejects.toThrow();
  });
});
