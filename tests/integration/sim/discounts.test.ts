import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppliedDiscount, type CatalogCoupon, type CustomerStory, type InvoiceStory, type SubscriptionStory } from '../../../src/sim/model/types';
import { subscriptionAt } from '../../../src/sim/render';
import { discountId, isDiscountActive } from '../../../src/sim/render/discount-ids';
import { type Simulator } from '../../../src/sim/start-simulator';
import { fixedNow, sdkFor, startTestSimulator } from '../../support/simulator';

/**
 * Discounts through the real stripe SDK (seed 7, 300 customers, clock at 2026-11-27T00:00Z). Stripe has no discount
 * endpoint: objects carry `di_` ids, and the Discount (its coupon, start, end) is read only through `expand[]`.
 * Expectations come from the customer stories: which coupon each subscription took, when, and until when.
 */

let simulator: Simulator;
let stripe: Stripe;

beforeAll(async () => {
  simulator = await startTestSimulator({ seed: 7, customers: 300 });
  stripe = sdkFor(simulator);
});

afterAll(async () => {
  await simulator.stop();
});

interface StoryDiscount {
  customer: CustomerStory;
  subscription: SubscriptionStory;
  discount: AppliedDiscount;
  id: string;
}

/** Every discount any subscription ever had, once each (versions repeat them). */
function storyDiscounts(): StoryDiscount[] {
  const found = new Map<string, StoryDiscount>();
  for (let index = 0; index < simulator.account.shape.customerCount; index++) {
    const customer = simulator.account.story(index);
    for (const subscription of customer.subscriptions) {
      if (subscription.created > fixedNow) continue;
      for (const version of subscription.versions) {
        for (const discount of version.discounts) {
          const id = discountId(simulator.account.renderContext, customer, subscription, discount);
          if (!found.has(id)) found.set(id, { customer, subscription, discount, id });
        }
      }
    }
  }
  return [...found.values()];
}

function coupon(id: string): CatalogCoupon {
  const found = simulator.account.catalog.catalog.coupons.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no coupon ${id}`);
  return found;
}

/** The Discount Stripe shows while it applies: `end` only for a repeating coupon. */
function expectedDiscount({ customer, subscription, discount, id }: StoryDiscount) {
  return {
    id,
    object: 'discount',
    customer: customer.id,
    source: { coupon: discount.couponId, type: 'coupon' },
    start: discount.start,
    end: coupon(discount.couponId).duration === 'repeating' ? discount.end : null,
    subscription: subscription.id,
    subscription_item: null,
    invoice: null,
    invoice_item: null,
    promotion_code: null,
  };
}

const isActiveNow = (entry: StoryDiscount): boolean => isDiscountActive(entry.discount, fixedNow);

function first<T>(items: readonly T[], what: string): T {
  const [item] = items;
  if (item === undefined) throw new Error(`expected at least one ${what}`);
  return item;
}

/** A discount in force now with this coupon, from the stories. */
function activeWith(couponId: string): StoryDiscount {
  return first(
    storyDiscounts().filter((entry) => entry.discount.couponId === couponId && isActiveNow(entry)),
    `active ${couponId} discount`,
  );
}

function idsOf(discounts: readonly (string | { id: string })[]): string[] {
  return discounts.map((discount) => (typeof discount === 'string' ? discount : discount.id));
}

function objectsOf<T extends { id: string }>(discounts: readonly (string | T)[]): T[] {
  return discounts.map((discount) => {
    if (typeof discount === 'string') throw new Error(`${discount} was not expanded`);
    return discount;
  });
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

describe('subscriptions', () => {
  it('the stories hold subscriptions with LOYAL10 (forever), LAUNCH20 (repeating) and TENOFF (amount) in force now', () => {
    expect(coupon('LOYAL10')).toMatchObject({ duration: 'forever', percentOff: 10 });
    expect(coupon('LAUNCH20')).toMatchObject({ duration: 'repeating', durationInMonths: 3, percentOff: 20 });
    expect(coupon('TENOFF')).toMatchObject({ duration: 'forever', amountOff: 1000, currency: 'usd' });
    for (const couponId of ['LOYAL10', 'LAUNCH20', 'TENOFF']) expect(activeWith(couponId).discount.couponId).toBe(couponId);
  });

  it('list with expand[]=data.discounts: full Discount objects, exactly the story’s discounts in force now', async () => {
    const listed = await stripe.subscriptions.list({ status: 'all', limit: 100, expand: ['data.discounts'] }).autoPagingToArray({ limit: 10_000 });
    const byId = new Map(listed.map((subscription) => [subscription.id, objectsOf(subscription.discounts)]));
    const expected = storyDiscounts().filter(isActiveNow);
    expect(expected.length).toBeGreaterThan(20);
    for (const entry of expected) expect(byId.get(entry.subscription.id)).toContainEqual(expect.objectContaining(expectedDiscount(entry)));
    const expectedIds = new Set(expected.map((entry) => entry.id));
    const listedIds = [...byId.values()].flat().map((discount) => discount.id);
    expect(listedIds.sort()).toEqual([...expectedIds].sort());
  });

  it('unexpanded, the same list carries bare di_ ids', async () => {
    const listed = await stripe.subscriptions.list({ status: 'all', limit: 100 }).autoPagingToArray({ limit: 10_000 });
    const discounts = listed.flatMap((subscription) => subscription.discounts);
    expect(discounts.length).toBeGreaterThan(20);
    for (const discount of discounts) expect(discount).toMatch(/^di_[0-9A-Za-z]{14}$/);
    const expanded = await stripe.subscriptions.list({ status: 'all', limit: 100, expand: ['data.discounts'] }).autoPagingToArray({ limit: 10_000 });
    expect(expanded.flatMap((subscription) => idsOf(subscription.discounts))).toEqual(discounts);
  });

  it('retrieve with expand[]=discounts, and the coupon itself with discounts.source.coupon', async () => {
    const couponFields = {
      LOYAL10: { percent_off: 10, amount_off: null, duration: 'forever', duration_in_months: null },
      LAUNCH20: { percent_off: 20, amount_off: null, duration: 'repeating', duration_in_months: 3 },
      TENOFF: { percent_off: null, amount_off: 1000, currency: 'usd', duration: 'forever', duration_in_months: null },
    } as const;
    for (const [couponId, fields] of Object.entries(couponFields)) {
      const entry = activeWith(couponId);
      const subscription = await stripe.subscriptions.retrieve(entry.subscription.id, { expand: ['discounts'] });
      expect(objectsOf(subscription.discounts)).toEqual([expect.objectContaining(expectedDiscount(entry))]);

      const withCoupon = await stripe.subscriptions.retrieve(entry.subscription.id, { expand: ['discounts.source.coupon'] });
      const [discount] = objectsOf(withCoupon.discounts);
      expect(discount?.source.coupon).toMatchObject({ id: couponId, object: 'coupon', valid: true, ...fields });
    }
  });

  it('a repeating discount ends where its months run out; forever ones have no end', () => {
    const launch = activeWith('LAUNCH20');
    expect(launch.discount.end).not.toBeNull();
    expect(expectedDiscount(launch).end).toBe(launch.discount.end);
    expect(expectedDiscount(activeWith('LOYAL10')).end).toBeNull();
  });

  it('accepts expand[]=data.items.data.discounts (item discounts stay as the unexpanded list has them)', async () => {
    const [plain, expanded] = await Promise.all([
      stripe.subscriptions.list({ status: 'all', limit: 100 }),
      stripe.subscriptions.list({ status: 'all', limit: 100, expand: ['data.items.data.discounts', 'data.discounts'] }),
    ]);
    expect(expanded.data.map((subscription) => subscription.items.data.map((item) => idsOf(item.discounts)))).toEqual(
      plain.data.map((subscription) => subscription.items.data.map((item) => idsOf(item.discounts))),
    );
    expect(expanded.data.some((subscription) => subscription.discounts.length > 0)).toBe(true);
  });

  it('refuses paths Stripe refuses', async () => {
    const tooDeep = await rejection(stripe.subscriptions.list({ expand: ['data.items.data.discounts.source.coupon'] }));
    expect([tooDeep.statusCode, tooDeep.message]).toEqual([400, 'You cannot expand more than 4 levels of a property. Property: data.items.data.discounts.source.coupon']);
    const listItself = await rejection(stripe.subscriptions.list({ expand: ['data.items.data'] }));
    expect(listItself.message).toBe('This property cannot be expanded (data.items.data).');
  });

  it('has no endpoint for a discount', async () => {
    const { id } = activeWith('LOYAL10');
    const response = await fetch(`${simulator.url}/v1/discounts/${id}`, { headers: { Authorization: `Bearer ${simulator.apiKey}` } });
    expect(response.status).toBe(404);
  });
});

/** The whole invoice list (more than `autoPagingToArray` fetches). */
async function everyInvoice(params: Stripe.InvoiceListParams): Promise<Stripe.Invoice[]> {
  const all: Stripe.Invoice[] = [];
  await stripe.invoices.list(params).autoPagingEach((invoice) => {
    all.push(invoice);
  });
  return all;
}

describe('invoices', () => {
  let invoices: Stripe.Invoice[];

  beforeAll(async () => {
    invoices = await everyInvoice({ limit: 100, expand: ['data.discounts'] });
  });

  function storyOf(invoice: Stripe.Invoice): { customer: CustomerStory; story: InvoiceStory; subscription: SubscriptionStory } {
    const decoded = simulator.account.ids.decode(invoice.id);
    const customer = simulator.account.story(decoded?.customerIndex ?? -1);
    const story = customer.invoices[decoded?.ordinals[0] ?? -1];
    const subscription = customer.subscriptions[story?.subscriptionOrdinal ?? -1];
    if (!story || !subscription) throw new Error(`no story for ${invoice.id}`);
    return { customer, story, subscription };
  }

  it('expand[]=data.discounts: the very di_ ids the subscription carried when the invoice was made', async () => {
    const discounted = invoices.filter((invoice) => invoice.discounts.length > 0);
    expect(discounted.length).toBeGreaterThan(50);
    for (const invoice of discounted) {
      const { customer, subscription } = storyOf(invoice);
      const then = subscriptionAt(simulator.account.renderContext, customer, subscription, invoice.created);
      expect(idsOf(invoice.discounts), invoice.id).toEqual(then?.discounts);
    }
    const plain = await everyInvoice({ limit: 100 });
    expect(plain.flatMap((invoice) => invoice.discounts)).toEqual(invoices.flatMap((invoice) => idsOf(invoice.discounts)));
    for (const discount of plain.flatMap((invoice) => invoice.discounts)) expect(discount).toMatch(/^di_/);
  });

  it('each expands to its discount: in full while it applies, a deleted stub once it has ended', () => {
    const byId = new Map(storyDiscounts().map((entry) => [entry.id, entry]));
    let active = 0;
    let ended = 0;
    for (const discount of invoices.flatMap((invoice) => objectsOf(invoice.discounts))) {
      const entry = byId.get(discount.id);
      if (!entry) throw new Error(`${discount.id} is in no story`);
      if (isActiveNow(entry)) {
        active++;
        expect(discount).toEqual(expect.objectContaining(expectedDiscount(entry)));
      } else {
        ended++;
        const { end: _end, ...rest } = expectedDiscount(entry);
        expect(discount).toEqual({ ...rest, deleted: true, checkout_session: null, customer_account: null });
      }
    }
    expect(active).toBeGreaterThan(0);
    expect(ended).toBeGreaterThan(0);
  });

  it('accepts expand[]=data.lines.data.discounts', async () => {
    const page = await stripe.invoices.list({ limit: 20, expand: ['data.lines.data.discounts', 'data.discounts'] });
    expect(page.data.length).toBe(20);
    for (const invoice of page.data) for (const line of invoice.lines.data) expect(Array.isArray(line.discounts)).toBe(true);
  });

  it('an expired discount is gone from its subscription, yet still expands on the invoice made while it applied', async () => {
    const expired = first(
      storyDiscounts().filter(
        (entry) =>
          entry.discount.couponId === 'LAUNCH20' &&
          entry.discount.end !== null &&
          entry.discount.end <= fixedNow &&
          entry.subscription.versions.some((version) => version.at <= fixedNow && !version.discounts.some((discount) => discount.ordinal === entry.discount.ordinal)),
      ),
      'expired LAUNCH20 discount',
    );
    const end = expired.discount.end ?? 0;
    // The story: the version that takes it off (at the first renewal from its end) and every later one lack it; in
    // between, it has stopped applying and is no longer rendered.
    const carries = (version: SubscriptionStory['versions'][number]): boolean => version.discounts.some((discount) => discount.ordinal === expired.discount.ordinal);
    const takenOff = expired.subscription.versions.findIndex((version) => !carries(version));
    expect(takenOff).toBeGreaterThan(0);
    expect(expired.subscription.versions[takenOff]?.at).toBeGreaterThanOrEqual(end);
    expect(expired.subscription.versions.slice(takenOff).some(carries)).toBe(false);
    const context = simulator.account.renderContext;
    expect(subscriptionAt(context, expired.customer, expired.subscription, end - 1)?.discounts).toContain(expired.id);
    expect(subscriptionAt(context, expired.customer, expired.subscription, end)?.discounts).not.toContain(expired.id);
    const subscription = await stripe.subscriptions.retrieve(expired.subscription.id, { expand: ['discounts'] });
    expect(idsOf(subscription.discounts)).not.toContain(expired.id);

    const made = first(
      expired.customer.invoices.filter((invoice) => invoice.subscriptionOrdinal === expired.subscription.ordinal && invoice.discountOrdinals.includes(expired.discount.ordinal)),
      'invoice made under LAUNCH20',
    );
    expect(made.created).toBeGreaterThanOrEqual(expired.discount.start);
    expect(made.created).toBeLessThan(end);
    const invoice = await stripe.invoices.retrieve(made.id, { expand: ['discounts.source.coupon'] });
    expect(invoice.discounts).toEqual([
      expect.objectContaining({ id: expired.id, object: 'discount', deleted: true, start: expired.discount.start, subscription: expired.subscription.id, source: { coupon: expect.objectContaining({ id: 'LAUNCH20', percent_off: 20, duration: 'repeating' }), type: 'coupon' } }),
    ]);
    expect(invoice.total_discount_amounts?.map((amount) => amount.discount)).toEqual([expired.id]);
  });

  it('a discount on a coupon deleted since still expands to the coupon, no longer valid (not retrievable itself)', async () => {
    const retired = first(
      storyDiscounts().filter((entry) => entry.discount.couponId === 'SPRING15'),
      'SPRING15 discount',
    );
    expect(coupon('SPRING15').deletedAt).not.toBeNull();
    const made = first(
      retired.customer.invoices.filter((invoice) => invoice.discountOrdinals.includes(retired.discount.ordinal) && invoice.subscriptionOrdinal === retired.subscription.ordinal),
      'invoice made under SPRING15',
    );
    const invoice = await stripe.invoices.retrieve(made.id, { expand: ['discounts.source.coupon'] });
    const [discount] = objectsOf(invoice.discounts);
    expect(discount?.source.coupon).toMatchObject({ id: 'SPRING15', object: 'coupon', percent_off: 15, valid: false });
    const missing = await rejection(stripe.coupons.retrieve('SPRING15'));
    expect(missing.statusCode).toBe(404);
  });
});
