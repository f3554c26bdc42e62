import { describe, expect, it } from 'vitest';
import type { CustomerStory, InvoiceStory, SubscriptionStory } from '../../../src/sim/model/types';
import {
  apiVersion,
  chargeAt,
  customerAt,
  invoiceAt,
  invoicePrefix,
  refundAt,
  renderAccount,
  renderCharge,
  renderCoupon,
  renderCustomer,
  renderEvent,
  renderInvoice,
  renderInvoiceLine,
  renderInvoiceLines,
  renderPrice,
  renderProduct,
  renderRefund,
  renderSubscription,
  renderSubscriptionItems,
  subscriptionAt,
  versionAt,
  type RenderContext,
} from '../../../src/sim/render';
import {
  cancelRequestedAt,
  day,
  deletedAt,
  emailChangedAt,
  invoiceFinalizedAt,
  legacyPriceArchivedAt,
  paidAt,
  periodEnd,
  refundedAt,
  sampleCatalog,
  sampleContext,
  sampleCustomer,
  sampleCustomerIndex,
  sampleDiscountAmount,
  sampleIds,
  sampleRefundAmount,
  sampleSubtotal,
  sampleTotal,
  t0,
  trialEnd,
  trialStart,
  welcomeDiscountEnd,
} from '../../support/sample-story';

const ctx = sampleContext();
const customer = sampleCustomer;

function only<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined || items.length !== 1) throw new Error(`expected one item, got ${items.length}`);
  return item;
}

const subscription: SubscriptionStory = only(customer.subscriptions);
const invoice: InvoiceStory = only(customer.invoices);
const [failedCharge, succeededCharge] = customer.charges;
if (!failedCharge || !succeededCharge) throw new Error('the sample story has two charges');
const refund = only(customer.refunds);

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

function price(id: string) {
  return defined(sampleCatalog.prices.find((candidate) => candidate.id === id));
}

function event(ordinal: number) {
  return renderEvent(ctx, customer, defined(customer.events[ordinal]));
}

const subscriptionId = subscription.id;
const di = (ordinal: number) => sampleIds.customerScoped('di', sampleCustomerIndex, 0, ordinal);

/** Everything the story renders, at every version and at a few instants. */
function renderEverything(context: RenderContext, story: CustomerStory): unknown[] {
  const [sub] = story.subscriptions;
  const [inv] = story.invoices;
  if (!sub || !inv) throw new Error('sample story incomplete');
  return [
    renderAccount(context),
    ...sampleCatalog.products.map((product) => renderProduct(context, product, t0)),
    ...sampleCatalog.prices.map((p) => renderPrice(context, p, t0)),
    ...sampleCatalog.coupons.flatMap((coupon) => [renderCoupon(context, coupon, t0), renderCoupon(context, coupon, deletedAt)]),
    ...story.versions.map((_, version) => renderCustomer(context, story, version, deletedAt - 1)),
    customerAt(context, story, deletedAt),
    ...sub.versions.map((version, index) => renderSubscription(context, story, sub, index, version.at)),
    ...sub.versions.flatMap((version, index) => renderSubscriptionItems(context, story, sub, index, version.at)),
    ...inv.versions.map((_, index) => renderInvoice(context, story, inv, index)),
    ...renderInvoiceLines(context, story, inv),
    ...story.charges.flatMap((charge) => charge.versions.map((_, index) => renderCharge(context, story, charge, index))),
    ...story.refunds.map((r) => renderRefund(context, story, r)),
    ...story.events.map((e) => renderEvent(context, story, e)),
  ];
}

describe('versionAt', () => {
  const versions = [{ at: 10 }, { at: 20 }, { at: 20 }, { at: 30 }];

  it.each([
    [9, undefined],
    [10, 0],
    [19, 0],
    [20, 2],
    [29, 2],
    [30, 3],
    [1e12, 3],
  ])('at %d is version %s (the last of those sharing a second)', (t, expected) => {
    expect(versionAt(versions, t)).toBe(expected);
  });

  it('finds nothing in an empty history', () => {
    expect(versionAt([], 100)).toBeUndefined();
  });
});

describe('sample story', () => {
  it('names its objects with the id codec, so references and self ids agree', () => {
    expect(customer.id).toBe(sampleIds.customerScoped('cus', sampleCustomerIndex));
    expect(subscription.id).toBe(sampleIds.customerScoped('sub', sampleCustomerIndex, 0));
    expect(invoice.id).toBe(sampleIds.customerScoped('in', sampleCustomerIndex, 0));
    expect(refund.id).toBe(sampleIds.customerScoped('re', sampleCustomerIndex, 0));
  });

  it('keeps its events in time order, numbered in order', () => {
    const times = customer.events.map((e) => e.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(customer.events.map((e) => e.ordinal)).toEqual(customer.events.map((_, i) => i));
  });
});

describe('subscription', () => {
  it('embeds the first 10 of its 12 items, with has_more, total_count and the items URL', () => {
    const rendered = defined(subscriptionAt(ctx, customer, subscription, trialStart + day));
    expect(rendered.items.data).toHaveLength(10);
    expect(rendered.items).toMatchObject({
      object: 'list',
      has_more: true,
      total_count: 12,
      url: `/v1/subscription_items?subscription=${subscriptionId}`,
    });
    expect(rendered.items.data.map((item) => sampleIds.decode(item.id)?.ordinals)).toEqual(Array.from({ length: 10 }, (_, slot) => [0, slot]));
  });

  it('lists all 12 items for /v1/subscription_items', () => {
    const items = renderSubscriptionItems(ctx, customer, subscription, 0, trialStart);
    expect(items).toHaveLength(12);
    expect(items.map((item) => item.subscription)).toEqual(Array(12).fill(subscriptionId));
  });

  it('does not exist before it was created', () => {
    expect(subscriptionAt(ctx, customer, subscription, trialStart - 1)).toBeUndefined();
  });

  it('is trialing during the trial, with the forever coupon on the subscription and the welcome coupon on item 0', () => {
    const rendered = defined(subscriptionAt(ctx, customer, subscription, trialStart + day));
    expect(rendered).toMatchObject({
      status: 'trialing',
      customer: customer.id,
      currency: 'usd',
      start_date: trialStart,
      trial_start: trialStart,
      trial_end: trialEnd,
      billing_cycle_anchor: trialEnd,
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      latest_invoice: null,
      collection_method: 'charge_automatically',
      livemode: false,
      discounts: [di(0)],
      cancellation_details: { reason: null },
    });
    const [first, second] = rendered.items.data;
    expect(first?.discounts).toEqual([di(1)]);
    expect(second?.discounts).toEqual([]);
    expect(first).toMatchObject({ current_period_start: trialStart, current_period_end: trialEnd, quantity: 3 });
  });

  it('is active after the trial, billed by its first invoice, with the period on the items', () => {
    const rendered = defined(subscriptionAt(ctx, customer, subscription, trialEnd + day));
    expect(rendered.status).toBe('active');
    expect(rendered.latest_invoice).toBe(invoice.id);
    expect(rendered.items.data.every((item) => item.current_period_start === trialEnd && item.current_period_end === periodEnd)).toBe(true);
    expect(rendered).not.toHaveProperty('current_period_start');
  });

  it('carries the cancellation request until the period ends', () => {
    const rendered = defined(subscriptionAt(ctx, customer, subscription, cancelRequestedAt + day));
    expect(rendered).toMatchObject({
      status: 'active',
      cancel_at_period_end: true,
      cancel_at: periodEnd,
      canceled_at: cancelRequestedAt,
      ended_at: null,
      cancellation_details: { reason: 'cancellation_requested' },
    });
  });

  it('is canceled at the period end, and the one-time coupon is gone', () => {
    const rendered = defined(subscriptionAt(ctx, customer, subscription, periodEnd + day));
    expect(rendered).toMatchObject({ status: 'canceled', ended_at: periodEnd, canceled_at: cancelRequestedAt, discounts: [di(0)] });
    expect(rendered.items.data[0]?.discounts).toEqual([]);
  });

  it('drops a discount when it ends, even between versions', () => {
    const justBefore = defined(subscriptionAt(ctx, customer, subscription, welcomeDiscountEnd - 1));
    expect(justBefore.items.data[0]?.discounts).toEqual([di(1)]);
    const rendered = renderSubscription(ctx, customer, subscription, 2, welcomeDiscountEnd);
    expect(rendered.items.data[0]?.discounts).toEqual([]);
  });

  it('embeds full prices in its items: metered items have no quantity, tiered ones their tiers', () => {
    const items = renderSubscriptionItems(ctx, customer, subscription, 1, trialEnd);
    const metered = defined(items[1]);
    const tiered = defined(items[2]);
    expect(metered).not.toHaveProperty('quantity');
    expect(metered.price).toMatchObject({
      id: 'price_SampleApiMetered',
      object: 'price',
      recurring: { interval: 'month', interval_count: 1, usage_type: 'metered', meter: null, trial_period_days: null },
      transform_quantity: { divide_by: 1000, round: 'up' },
    });
    expect(metered.plan).toMatchObject({ id: 'price_SampleApiMetered', object: 'plan', usage_type: 'metered', transform_usage: { divide_by: 1000, round: 'up' } });
    expect(tiered.quantity).toBe(7);
    expect(tiered.price).toMatchObject({
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      unit_amount: null,
      unit_amount_decimal: null,
      tiers: [
        { up_to: 5, unit_amount: 1000, unit_amount_decimal: '1000', flat_amount: null, flat_amount_decimal: null },
        { up_to: null, unit_amount: 800, unit_amount_decimal: '800', flat_amount: 2000, flat_amount_decimal: '2000' },
      ],
    });
  });
});

describe('catalog', () => {
  it('renders a per-unit price with its decimal as a string, and no tiers key', () => {
    const rendered = renderPrice(ctx, price('price_SampleTeamYearly'), t0);
    expect(rendered).toMatchObject({ active: true, unit_amount: 29_000, unit_amount_decimal: '29000', recurring: { interval: 'year', usage_type: 'licensed' } });
    expect(rendered).not.toHaveProperty('tiers');
  });

  it('archives prices and products from archivedAt on', () => {
    const legacy = price('price_SampleLegacyMonthly');
    expect(renderPrice(ctx, legacy, legacyPriceArchivedAt - 1).active).toBe(true);
    expect(renderPrice(ctx, legacy, legacyPriceArchivedAt).active).toBe(false);
    const product = defined(sampleCatalog.products.find((candidate) => candidate.id === 'prod_SampleLegacy'));
    expect(renderProduct(ctx, product, legacyPriceArchivedAt)).toMatchObject({ active: false, updated: legacyPriceArchivedAt, default_price: 'price_SampleLegacyMonthly' });
  });

  it('returns the deleted stub for a coupon after it was deleted', () => {
    const welcome = defined(sampleCatalog.coupons.find((coupon) => coupon.id === 'WELCOME10'));
    expect(renderCoupon(ctx, welcome, t0)).toMatchObject({ id: 'WELCOME10', object: 'coupon', amount_off: 1000, currency: 'usd', duration: 'once', valid: true });
    expect(renderCoupon(ctx, welcome, t0 + 100 * day)).toStrictEqual({ id: 'WELCOME10', object: 'coupon', deleted: true });
  });

  it('renders the account as a US account selling in usd', () => {
    expect(renderAccount(ctx)).toMatchObject({
      id: sampleCatalog.accountId,
      object: 'account',
      country: 'US',
      default_currency: 'usd',
      charges_enabled: true,
      business_profile: { name: 'Sample Analytics' },
      settings: { dashboard: { display_name: 'Sample Analytics' } },
    });
  });
});

describe('customer', () => {
  it('does not exist before it was created', () => {
    expect(customerAt(ctx, customer, t0 - 1)).toBeUndefined();
  });

  it('shows the email of the version in force, and its currency once it has a subscription', () => {
    expect(customerAt(ctx, customer, t0)).toMatchObject({ email: 'ada@old.example', currency: null, name: 'Ada Lovelace', metadata: { plan: 'team' } });
    expect(customerAt(ctx, customer, emailChangedAt)).toMatchObject({ email: 'ada@analytical.example', currency: 'usd' });
  });

  it('is delinquent while its invoice is open after a failed payment, and not once it is paid', () => {
    expect(customerAt(ctx, customer, invoiceFinalizedAt)).toMatchObject({ delinquent: true, next_invoice_sequence: 2 });
    expect(customerAt(ctx, customer, paidAt)).toMatchObject({ delinquent: false });
  });

  it('is the deleted stub from deletedAt on', () => {
    expect(customerAt(ctx, customer, deletedAt)).toStrictEqual({ id: customer.id, object: 'customer', deleted: true });
  });
});

describe('invoice', () => {
  it('embeds the first 10 of its 12 lines, with has_more, total_count and the lines URL', () => {
    const rendered = renderInvoice(ctx, customer, invoice, 2);
    expect(rendered.lines.data).toHaveLength(10);
    expect(rendered.lines).toMatchObject({ object: 'list', has_more: true, total_count: 12, url: `/v1/invoices/${invoice.id}/lines` });
    expect(renderInvoiceLines(ctx, customer, invoice)).toHaveLength(12);
  });

  it('is a draft without a number at first', () => {
    const rendered = defined(invoiceAt(ctx, customer, invoice, trialEnd));
    expect(rendered).toMatchObject({
      status: 'draft',
      number: null,
      attempted: false,
      attempt_count: 0,
      amount_due: sampleTotal,
      amount_paid: 0,
      amount_remaining: sampleTotal,
      status_transitions: { finalized_at: null, paid_at: null, voided_at: null, marked_uncollectible_at: null },
    });
  });

  it('is open, numbered and attempted once after the failed payment', () => {
    const rendered = defined(invoiceAt(ctx, customer, invoice, invoiceFinalizedAt));
    expect(rendered).toMatchObject({
      status: 'open',
      number: `${invoicePrefix(customer)}-0001`,
      attempted: true,
      attempt_count: 1,
      amount_remaining: sampleTotal,
      effective_at: invoiceFinalizedAt,
      status_transitions: { finalized_at: invoiceFinalizedAt, paid_at: null },
    });
    expect(rendered.number).toMatch(/^[0-9A-F]{8}-0001$/);
  });

  it('is paid in full on the second attempt', () => {
    const rendered = defined(invoiceAt(ctx, customer, invoice, paidAt));
    expect(rendered).toMatchObject({
      status: 'paid',
      attempt_count: 2,
      subtotal: sampleSubtotal,
      total: sampleTotal,
      amount_due: sampleTotal,
      amount_paid: sampleTotal,
      amount_remaining: 0,
      billing_reason: 'subscription_cycle',
      period_start: trialStart,
      period_end: trialEnd,
      customer: customer.id,
      customer_email: 'ada@analytical.example',
      customer_name: 'Ada Lovelace',
      status_transitions: { finalized_at: invoiceFinalizedAt, paid_at: paidAt, voided_at: null, marked_uncollectible_at: null },
      parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId, metadata: {} }, quote_details: null },
    });
    expect(rendered).not.toHaveProperty('subscription');
  });

  it('puts the subscription-wide discount on the invoice and the item discount on its line', () => {
    const rendered = renderInvoice(ctx, customer, invoice, 2);
    expect(rendered.discounts).toEqual([di(0)]);
    expect(rendered.total_discount_amounts?.reduce((sum, entry) => sum + entry.amount, 0)).toBe(sampleDiscountAmount);
    expect(rendered.total_discount_amounts?.map((entry) => entry.discount)).toEqual([di(0), di(1)]);
    const lines = renderInvoiceLines(ctx, customer, invoice);
    expect(lines[0]?.discounts).toEqual([di(1)]);
    expect(lines[3]?.discounts).toEqual([]);
  });

  it('renders a line retrieved alone exactly as in the list', () => {
    const lines = renderInvoiceLines(ctx, customer, invoice);
    invoice.lines.forEach((line, i) => expect(renderInvoiceLine(ctx, customer, invoice, line)).toStrictEqual(lines[i]));
  });

  it('renders a downgrade’s credit (negative total) as paid with nothing due: amount_due 0, the credit to the balance', () => {
    const changedAt = paidAt + day;
    const credit: InvoiceStory = {
      ...invoice,
      created: changedAt,
      billingReason: 'subscription_update',
      periodStart: changedAt,
      periodEnd: changedAt,
      lines: [
        { ordinal: 0, subscriptionOrdinal: 0, itemSlot: 0, priceId: 'price_SampleTeamMonthly', quantity: 3, amount: -5000, periodStart: changedAt, periodEnd, proration: true, description: 'Unused time on 3 × Team' },
        { ordinal: 1, subscriptionOrdinal: 0, itemSlot: 0, priceId: 'price_SampleTeamMonthly', quantity: 2, amount: 3333, periodStart: changedAt, periodEnd, proration: true, description: 'Remaining time on 2 × Team' },
      ],
      subtotal: -1667,
      discountAmount: 0,
      total: -1667,
      discountOrdinals: [],
      versions: [
        { at: changedAt, status: 'open', amountPaid: 0, attemptCount: 0, paidAt: null, events: ['invoice.created', 'invoice.finalized'], previous: null },
        { at: changedAt, status: 'paid', amountPaid: 0, attemptCount: 0, paidAt: changedAt, events: ['invoice.paid', 'invoice.updated'], previous: { status: 'open' } },
      ],
    };
    expect(renderInvoice(ctx, customer, credit, 1)).toMatchObject({
      status: 'paid',
      billing_reason: 'subscription_update',
      subtotal: -1667,
      total: -1667,
      total_excluding_tax: -1667,
      amount_due: 0,
      amount_paid: 0,
      amount_remaining: 0,
      starting_balance: 0,
      ending_balance: -1667,
      status_transitions: { finalized_at: changedAt, paid_at: changedAt },
    });
    expect(renderInvoiceLines(ctx, customer, credit).map((line) => [line.amount, line.quantity, line.parent?.subscription_item_details?.proration])).toEqual([
      [-5000, 3, true],
      [3333, 2, true],
    ]);
  });

  it('renders each line with its price, item, period and amount', () => {
    const [first, metered, tiered] = renderInvoiceLines(ctx, customer, invoice);
    expect(first).toMatchObject({
      object: 'line_item',
      amount: 8700,
      currency: 'usd',
      quantity: 3,
      period: { start: trialEnd, end: periodEnd },
      subscription: subscriptionId,
      invoice: invoice.id,
      pricing: { type: 'price_details', price_details: { price: 'price_SampleTeamMonthly', product: 'prod_SampleTeam' }, unit_amount_decimal: '2900' },
      parent: {
        type: 'subscription_item_details',
        subscription_item_details: {
          subscription: subscriptionId,
          subscription_item: sampleIds.customerScoped('si', sampleCustomerIndex, 0, 0),
          proration: false,
          invoice_item: null,
        },
      },
    });
    expect(metered).toMatchObject({ amount: 0, quantity: 0, pricing: { unit_amount_decimal: '5' } });
    expect(tiered).toMatchObject({ amount: 8600, quantity: 7, pricing: { unit_amount_decimal: '1228.571428571429' } });
  });
});

describe('charges and refunds', () => {
  it('renders the failed attempt as declined and unpaid', () => {
    expect(renderCharge(ctx, customer, failedCharge, 0)).toMatchObject({
      status: 'failed',
      paid: false,
      captured: false,
      amount: sampleTotal,
      amount_captured: 0,
      failure_code: 'card_declined',
      failure_message: 'Your card was declined.',
      outcome: { type: 'issuer_declined', reason: 'generic_decline' },
      customer: customer.id,
      balance_transaction: null,
      payment_intent: sampleIds.customerScoped('pi', sampleCustomerIndex, 0),
    });
  });

  it('shows a partial refund on the succeeded charge from the refund on, without marking it refunded', () => {
    expect(chargeAt(ctx, customer, succeededCharge, refundedAt - 1)).toMatchObject({ status: 'succeeded', paid: true, amount_captured: sampleTotal, amount_refunded: 0, refunded: false });
    expect(chargeAt(ctx, customer, succeededCharge, refundedAt)).toMatchObject({ amount_refunded: sampleRefundAmount, refunded: false });
  });

  it('renders the refund against its charge and payment intent', () => {
    expect(refundAt(ctx, customer, refund, refundedAt - 1)).toBeUndefined();
    expect(refundAt(ctx, customer, refund, refundedAt)).toMatchObject({
      object: 'refund',
      amount: sampleRefundAmount,
      charge: succeededCharge.id,
      payment_intent: sampleIds.customerScoped('pi', sampleCustomerIndex, 1),
      status: 'succeeded',
      reason: 'requested_by_customer',
      created: refundedAt,
    });
  });
});

describe('events', () => {
  it('carries the object at the version the event produced, not as it is now', () => {
    const created = event(1);
    expect(created).toMatchObject({
      object: 'event',
      type: 'customer.subscription.created',
      created: trialStart,
      api_version: apiVersion,
      livemode: false,
      pending_webhooks: 0,
      request: { id: null, idempotency_key: null },
      data: { object: { id: subscriptionId, status: 'trialing' } },
    });
    expect(created.data).not.toHaveProperty('previous_attributes');
  });

  it('gives previous_attributes for updates', () => {
    expect(event(3).data).toMatchObject({ object: { status: 'active' }, previous_attributes: { status: 'trialing', latest_invoice: null } });
    expect(event(13).data).toMatchObject({ object: { cancel_at_period_end: true }, previous_attributes: { cancel_at_period_end: false } });
    expect(event(9).data).toMatchObject({ object: { status: 'paid' }, previous_attributes: { status: 'open' } });
    expect(event(11).data).toMatchObject({ object: { amount_refunded: sampleRefundAmount }, previous_attributes: { amount_refunded: 0 } });
  });

  it('renders a version by its index, even when two versions share the event second', () => {
    expect(event(4).data.object).toMatchObject({ object: 'invoice', status: 'draft' });
    expect(event(5).data.object).toMatchObject({ object: 'invoice', status: 'open' });
  });

  it('sends the full customer, as it was, with customer.deleted', () => {
    const deleted = event(15);
    expect(deleted.type).toBe('customer.deleted');
    expect(deleted.data.object).toMatchObject({ id: customer.id, object: 'customer', email: 'ada@analytical.example' });
    expect(deleted.data.object).not.toHaveProperty('deleted');
  });

  it('sends the canceled subscription with customer.subscription.deleted', () => {
    expect(event(14).data.object).toMatchObject({ status: 'canceled', ended_at: periodEnd });
  });

  it('refuses an event type that does not carry its object', () => {
    const wrong = { ordinal: 99, at: t0, type: 'invoice.paid', object: { kind: 'customer', version: 0 } as const, previous: null };
    expect(() => renderEvent(ctx, customer, wrong)).toThrow(/invoice\.paid/);
  });
});

describe('ids', () => {
  it('decode back to the customer and ordinals they were made from', () => {
    const c = sampleCustomerIndex;
    const lines = renderInvoiceLines(ctx, customer, invoice);
    const items = renderSubscriptionItems(ctx, customer, subscription, 0, trialStart);
    const cases: [string, string, number[]][] = [
      [customer.id, 'cus', []],
      [subscriptionId, 'sub', [0]],
      [defined(items[11]).id, 'si', [0, 11]],
      [invoice.id, 'in', [0]],
      [defined(lines[11]).id, 'il', [0, 11]],
      [succeededCharge.id, 'ch', [1]],
      [refund.id, 're', [0]],
      [event(12).id, 'evt', [12]],
      [di(1), 'di', [0, 1]],
    ];
    const paymentIntent = renderCharge(ctx, customer, succeededCharge, 0).payment_intent;
    if (typeof paymentIntent === 'string') cases.push([paymentIntent, 'pi', [1]]);
    expect(cases).toHaveLength(10);
    for (const [id, prefix, ordinals] of cases) {
      expect(sampleIds.decode(id), id).toEqual({ prefix, customerIndex: c, ordinals });
    }
  });
});

describe('every rendered object', () => {
  const everything = renderEverything(ctx, customer);

  it('survives JSON unchanged: no undefined fields, functions or class instances', () => {
    for (const object of everything) expect(JSON.parse(JSON.stringify(object))).toStrictEqual(object);
  });

  it('renders the same twice', () => {
    expect(renderEverything(sampleContext(), customer)).toStrictEqual(everything);
  });

  it('includes exactly two deleted stubs: the deleted coupon and the deleted customer', () => {
    expect(everything.filter((object) => typeof object === 'object' && object !== null && 'deleted' in object)).toHaveLength(2);
  });
});
