import { createIdCodec, type IdCodec } from '../../src/sim/model/ids';
import type { Catalog, CustomerStory, InvoiceLine, SubscriptionItemState } from '../../src/sim/model/types';
import type { RenderContext } from '../../src/sim/render';

/**
 * A hand-made account: a small catalog and one customer whose story touches every renderer. The customer signs up,
 * starts a 14-day trial of a 12-item subscription, changes email, pays the first invoice on the second attempt, gets
 * part of it refunded, cancels at period end, is cancelled, and is finally deleted.
 */

export const sampleSeed = 42;
export const sampleCustomerIndex = 7;

export const day = 86_400;
/** 2025-01-01T00:00:00Z: the customer signs up. */
export const t0 = 1_735_689_600;
export const trialStart = t0 + day;
export const trialEnd = t0 + 15 * day;
export const periodEnd = t0 + 45 * day;
export const emailChangedAt = t0 + 10 * day;
export const invoiceFinalizedAt = trialEnd + 3600;
export const paidAt = t0 + 18 * day;
export const refundedAt = t0 + 25 * day;
export const cancelRequestedAt = t0 + 30 * day;
export const deletedAt = t0 + 200 * day;
/** The one-time coupon on item 0 ends with the first period. */
export const welcomeDiscountEnd = periodEnd;
export const legacyPriceArchivedAt = t0 - 10 * day;

export const sampleCatalog: Catalog = {
  accountId: 'acct_1SampleRecur0001',
  accountName: 'Sample Analytics',
  products: [
    { id: 'prod_SampleTeam', name: 'Team plan', created: t0 - 90 * day, archivedAt: null },
    { id: 'prod_SampleApi', name: 'API calls', created: t0 - 90 * day, archivedAt: null },
    { id: 'prod_SampleSeats', name: 'Seats', created: t0 - 90 * day, archivedAt: null },
    { id: 'prod_SampleLegacy', name: 'Legacy plan', created: t0 - 90 * day, archivedAt: legacyPriceArchivedAt },
  ],
  prices: [
    {
      id: 'price_SampleTeamMonthly',
      productId: 'prod_SampleTeam',
      nickname: 'Team monthly',
      currency: 'usd',
      created: t0 - 90 * day,
      archivedAt: null,
      type: 'recurring',
      interval: 'month',
      intervalCount: 1,
      usageType: 'licensed',
      billingScheme: 'per_unit',
      unitAmount: 2900,
      tiersMode: null,
      tiers: null,
      transformQuantity: null,
    },
    {
      id: 'price_SampleTeamYearly',
      productId: 'prod_SampleTeam',
      nickname: 'Team yearly',
      currency: 'usd',
      created: t0 - 89 * day,
      archivedAt: null,
      type: 'recurring',
      interval: 'year',
      intervalCount: 1,
      usageType: 'licensed',
      billingScheme: 'per_unit',
      unitAmount: 29_000,
      tiersMode: null,
      tiers: null,
      transformQuantity: null,
    },
    {
      id: 'price_SampleApiMetered',
      productId: 'prod_SampleApi',
      nickname: 'API calls, per thousand',
      currency: 'usd',
      created: t0 - 90 * day,
      archivedAt: null,
      type: 'recurring',
      interval: 'month',
      intervalCount: 1,
      usageType: 'metered',
      billingScheme: 'per_unit',
      unitAmount: 5,
      tiersMode: null,
      tiers: null,
      transformQuantity: { divideBy: 1000, round: 'up' },
    },
    {
      id: 'price_SampleSeatsTiered',
      productId: 'prod_SampleSeats',
      nickname: 'Seats, graduated',
      currency: 'usd',
      created: t0 - 90 * day,
      archivedAt: null,
      type: 'recurring',
      interval: 'month',
      intervalCount: 1,
      usageType: 'licensed',
      billingScheme: 'tiered',
      unitAmount: null,
      tiersMode: 'graduated',
      tiers: [
        { upTo: 5, unitAmount: 1000, flatAmount: 0 },
        { upTo: null, unitAmount: 800, flatAmount: 2000 },
      ],
      transformQuantity: null,
    },
    {
      id: 'price_SampleLegacyMonthly',
      productId: 'prod_SampleLegacy',
      nickname: 'Legacy monthly',
      currency: 'usd',
      created: t0 - 90 * day,
      archivedAt: legacyPriceArchivedAt,
      type: 'recurring',
      interval: 'month',
      intervalCount: 1,
      usageType: 'licensed',
      billingScheme: 'per_unit',
      unitAmount: 1900,
      tiersMode: null,
      tiers: null,
      transformQuantity: null,
    },
  ],
  coupons: [
    {
      id: 'SAVE20',
      name: '20% off forever',
      created: t0 - 60 * day,
      duration: 'forever',
      durationInMonths: null,
      percentOff: 20,
      amountOff: null,
      currency: null,
      deletedAt: null,
    },
    {
      id: 'WELCOME10',
      name: '$10 off the first invoice',
      created: t0 - 60 * day,
      duration: 'once',
      durationInMonths: null,
      percentOff: null,
      amountOff: 1000,
      currency: 'usd',
      deletedAt: t0 + 100 * day,
    },
  ],
};

export const sampleIds: IdCodec = createIdCodec(sampleSeed);

export function sampleContext(): RenderContext {
  return { catalog: sampleCatalog, ids: createIdCodec(sampleSeed), accountId: sampleCatalog.accountId, livemode: false };
}

const c = sampleCustomerIndex;

/** Slot 0: 3 seats monthly; slot 1: metered API calls; slot 2: 7 tiered seats; slots 3–11: one add-on seat each. */
const items: SubscriptionItemState[] = Array.from({ length: 12 }, (_, slot) => ({
  slot,
  priceId: slot === 1 ? 'price_SampleApiMetered' : slot === 2 ? 'price_SampleSeatsTiered' : 'price_SampleTeamMonthly',
  quantity: slot === 0 ? 3 : slot === 1 ? null : slot === 2 ? 7 : 1,
  created: trialStart,
}));

/** Graduated: 5 × 10.00 + 2 × 8.00 + 20.00 flat for the second tier. */
const tieredSevenSeats = 5 * 1000 + 2 * 800 + 2000;

const lines: InvoiceLine[] = items.map((item, ordinal) => {
  const amount = item.slot === 0 ? 3 * 2900 : item.slot === 1 ? 0 : item.slot === 2 ? tieredSevenSeats : 2900;
  return {
    ordinal,
    subscriptionOrdinal: 0,
    itemSlot: item.slot,
    priceId: item.priceId,
    quantity: item.quantity ?? 0,
    amount,
    periodStart: trialEnd,
    periodEnd,
    proration: false,
    description: `${item.quantity ?? 0} × ${item.priceId} (at ${amount / 100} USD)`,
  };
});

export const sampleSubtotal = lines.reduce((sum, line) => sum + line.amount, 0);
/** SAVE20 takes 20% of the whole invoice; WELCOME10 takes 10.00 off item 0. */
export const sampleDiscountAmount = sampleSubtotal / 5 + 1000;
export const sampleTotal = sampleSubtotal - sampleDiscountAmount;
export const sampleRefundAmount = 5000;

const save20 = { ordinal: 0, couponId: 'SAVE20', start: trialStart, end: null, itemSlot: null };
const welcome10 = { ordinal: 1, couponId: 'WELCOME10', start: trialStart, end: welcomeDiscountEnd, itemSlot: 0 };

const firstPeriod = { currentPeriodStart: trialStart, currentPeriodEnd: trialEnd };
const secondPeriod = { currentPeriodStart: trialEnd, currentPeriodEnd: periodEnd };

export const sampleCustomer: CustomerStory = {
  index: c,
  id: sampleIds.customerScoped('cus', c),
  created: t0,
  currency: 'usd',
  metadata: { plan: 'team', signup_source: 'website' },
  versions: [
    { at: t0, email: 'ada@old.example', name: 'Ada Lovelace', change: 'created', previous: null },
    { at: emailChangedAt, email: 'ada@analytical.example', name: 'Ada Lovelace', change: 'updated', previous: { email: 'ada@old.example' } },
  ],
  deletedAt,
  subscriptions: [
    {
      ordinal: 0,
      id: sampleIds.customerScoped('sub', c, 0),
      created: trialStart,
      startDate: trialStart,
      billingCycleAnchor: trialEnd,
      trialStart,
      trialEnd,
      currency: 'usd',
      versions: [
        {
          at: trialStart,
          status: 'trialing',
          items,
          discounts: [save20, welcome10],
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          ...firstPeriod,
          latestInvoiceOrdinal: null,
          change: 'created',
          previous: null,
        },
        {
          at: trialEnd,
          status: 'active',
          items,
          discounts: [save20, welcome10],
          cancelAtPeriodEnd: false,
          cancelAt: null,
          canceledAt: null,
          endedAt: null,
          ...secondPeriod,
          latestInvoiceOrdinal: 0,
          change: 'updated',
          previous: { status: 'trialing', latest_invoice: null },
        },
        {
          at: cancelRequestedAt,
          status: 'active',
          items,
          discounts: [save20, welcome10],
          cancelAtPeriodEnd: true,
          cancelAt: periodEnd,
          canceledAt: cancelRequestedAt,
          endedAt: null,
          ...secondPeriod,
          latestInvoiceOrdinal: 0,
          change: 'updated',
          previous: { cancel_at_period_end: false, cancel_at: null, canceled_at: null },
        },
        {
          at: periodEnd,
          status: 'canceled',
          items,
          discounts: [save20],
          cancelAtPeriodEnd: true,
          cancelAt: periodEnd,
          canceledAt: cancelRequestedAt,
          endedAt: periodEnd,
          ...secondPeriod,
          latestInvoiceOrdinal: 0,
          change: 'deleted',
          previous: null,
        },
      ],
    },
  ],
  invoices: [
    {
      ordinal: 0,
      id: sampleIds.customerScoped('in', c, 0),
      created: trialEnd,
      subscriptionOrdinal: 0,
      billingReason: 'subscription_cycle',
      currency: 'usd',
      periodStart: trialStart,
      periodEnd: trialEnd,
      lines,
      subtotal: sampleSubtotal,
      discountAmount: sampleDiscountAmount,
      total: sampleTotal,
      discountOrdinals: [0, 1],
      versions: [
        { at: trialEnd, status: 'draft', amountPaid: 0, attemptCount: 0, paidAt: null, events: ['invoice.created'], previous: null },
        {
          at: invoiceFinalizedAt,
          status: 'open',
          amountPaid: 0,
          attemptCount: 1,
          paidAt: null,
          events: ['invoice.finalized', 'invoice.payment_failed'],
          previous: { status: 'draft' },
        },
        {
          at: paidAt,
          status: 'paid',
          amountPaid: sampleTotal,
          attemptCount: 2,
          paidAt,
          events: ['invoice.paid', 'invoice.payment_succeeded'],
          previous: { status: 'open', amount_paid: 0, amount_remaining: sampleTotal, attempt_count: 1 },
        },
      ],
    },
  ],
  charges: [
    {
      ordinal: 0,
      id: sampleIds.customerScoped('ch', c, 0),
      created: invoiceFinalizedAt,
      invoiceOrdinal: 0,
      amount: sampleTotal,
      currency: 'usd',
      status: 'failed',
      failureCode: 'card_declined',
      failureMessage: 'Your card was declined.',
      versions: [{ at: invoiceFinalizedAt, amountRefunded: 0, previous: null }],
    },
    {
      ordinal: 1,
      id: sampleIds.customerScoped('ch', c, 1),
      created: paidAt,
      invoiceOrdinal: 0,
      amount: sampleTotal,
      currency: 'usd',
      status: 'succeeded',
      failureCode: null,
      failureMessage: null,
      versions: [
        { at: paidAt, amountRefunded: 0, previous: null },
        { at: refundedAt, amountRefunded: sampleRefundAmount, previous: { amount_refunded: 0 } },
      ],
    },
  ],
  refunds: [
    {
      ordinal: 0,
      id: sampleIds.customerScoped('re', c, 0),
      created: refundedAt,
      chargeOrdinal: 1,
      amount: sampleRefundAmount,
      currency: 'usd',
      reason: 'requested_by_customer',
    },
  ],
  events: [
    { ordinal: 0, at: t0, type: 'customer.created', object: { kind: 'customer', version: 0 }, previous: null },
    { ordinal: 1, at: trialStart, type: 'customer.subscription.created', object: { kind: 'subscription', ordinal: 0, version: 0 }, previous: null },
    { ordinal: 2, at: emailChangedAt, type: 'customer.updated', object: { kind: 'customer', version: 1 }, previous: { email: 'ada@old.example' } },
    {
      ordinal: 3,
      at: trialEnd,
      type: 'customer.subscription.updated',
      object: { kind: 'subscription', ordinal: 0, version: 1 },
      previous: { status: 'trialing', latest_invoice: null },
    },
    { ordinal: 4, at: trialEnd, type: 'invoice.created', object: { kind: 'invoice', ordinal: 0, version: 0 }, previous: null },
    { ordinal: 5, at: invoiceFinalizedAt, type: 'invoice.finalized', object: { kind: 'invoice', ordinal: 0, version: 1 }, previous: { status: 'draft' } },
    { ordinal: 6, at: invoiceFinalizedAt, type: 'charge.failed', object: { kind: 'charge', ordinal: 0, version: 0 }, previous: null },
    { ordinal: 7, at: invoiceFinalizedAt, type: 'invoice.payment_failed', object: { kind: 'invoice', ordinal: 0, version: 1 }, previous: null },
    { ordinal: 8, at: paidAt, type: 'charge.succeeded', object: { kind: 'charge', ordinal: 1, version: 0 }, previous: null },
    {
      ordinal: 9,
      at: paidAt,
      type: 'invoice.paid',
      object: { kind: 'invoice', ordinal: 0, version: 2 },
      previous: { status: 'open', amount_paid: 0, amount_remaining: sampleTotal, attempt_count: 1 },
    },
    { ordinal: 10, at: paidAt, type: 'invoice.payment_succeeded', object: { kind: 'invoice', ordinal: 0, version: 2 }, previous: null },
    {
      ordinal: 11,
      at: refundedAt,
      type: 'charge.refunded',
      object: { kind: 'charge', ordinal: 1, version: 1 },
      previous: { amount_refunded: 0 },
    },
    { ordinal: 12, at: refundedAt, type: 'refund.created', object: { kind: 'refund', ordinal: 0 }, previous: null },
    {
      ordinal: 13,
      at: cancelRequestedAt,
      type: 'customer.subscription.updated',
      object: { kind: 'subscription', ordinal: 0, version: 2 },
      previous: { cancel_at_period_end: false, cancel_at: null, canceled_at: null },
    },
    { ordinal: 14, at: periodEnd, type: 'customer.subscription.deleted', object: { kind: 'subscription', ordinal: 0, version: 3 }, previous: null },
    { ordinal: 15, at: deletedAt, type: 'customer.deleted', object: { kind: 'customer', version: 1 }, previous: null },
  ],
};
