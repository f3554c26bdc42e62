import { describe, expect, it } from 'vitest';
import { type RetrievableResource, type SimAccountView } from '../../../src/sim/account/account-view';
import type { AppliedDiscount } from '../../../src/sim/model/types';
import { discountAt, renderDeletedDiscount, renderDiscount, renderDiscountCoupon, renderInvoice, renderInvoiceLine, subscriptionAt } from '../../../src/sim/render';
import { applyExpansions, type ExpansionPlan, planExpansions } from '../../../src/sim/server/expand';
import { isErrorResponse } from '../../../src/sim/server/stripe-error';
import { day, sampleCatalog, sampleContext, sampleCustomer, sampleCustomerIndex, sampleIds, t0, trialStart, welcomeDiscountEnd } from '../../support/sample-story';

const ctx = sampleContext();
const customer = sampleCustomer;

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

const subscription = defined(customer.subscriptions[0]);
const invoice = defined(customer.invoices[0]);
const discountOf = (ordinal: number): AppliedDiscount => defined(subscription.versions[0]?.discounts.find((discount) => discount.ordinal === ordinal));
/** SAVE20: 20% forever on the whole subscription. */
const save20 = discountOf(0);
/** WELCOME10: $10 once, on item 0, ending with the first period; its coupon is deleted at t0 + 100 days. */
const welcome10 = discountOf(1);
const di = (ordinal: number): string => sampleIds.customerScoped('di', sampleCustomerIndex, 0, ordinal);
const welcomeCouponDeletedAt = t0 + 100 * day;

describe('renderDiscount', () => {
  it('renders a subscription-wide discount: ids, the coupon at source.coupon, start', () => {
    expect(renderDiscount(ctx, customer, subscription, save20)).toEqual({
      id: di(0),
      object: 'discount',
      checkout_session: null,
      customer: customer.id,
      customer_account: null,
      end: null,
      invoice: null,
      invoice_item: null,
      promotion_code: null,
      source: { coupon: 'SAVE20', type: 'coupon' },
      start: trialStart,
      subscription: subscription.id,
      subscription_item: null,
    });
  });

  it('names the item of an item-level discount; `end` is null for a `once` coupon, as Stripe defines it', () => {
    const rendered = renderDiscount(ctx, customer, subscription, welcome10);
    expect(rendered.subscription_item).toBe(sampleIds.customerScoped('si', sampleCustomerIndex, 0, 0));
    expect(rendered.end).toBeNull();
  });

  it('gives a repeating coupon its end', () => {
    const repeating: AppliedDiscount = { ...save20, couponId: 'WELCOME10', end: welcomeDiscountEnd };
    const repeatingCtx = { ...ctx, catalog: { ...sampleCatalog, coupons: sampleCatalog.coupons.map((coupon) => ({ ...coupon, duration: 'repeating' as const, durationInMonths: 1 })) } };
    expect(renderDiscount(repeatingCtx, customer, subscription, repeating).end).toBe(welcomeDiscountEnd);
  });

  it('uses the very ids the subscription, the invoice and its lines carry', () => {
    const atTrial = defined(subscriptionAt(ctx, customer, subscription, trialStart + day));
    expect(atTrial.discounts).toEqual([renderDiscount(ctx, customer, subscription, save20).id]);
    expect(atTrial.items.data[0]?.discounts).toEqual([renderDiscount(ctx, customer, subscription, welcome10).id]);
    expect(renderInvoice(ctx, customer, invoice, 0).discounts).toEqual([di(0)]);
    expect(renderInvoiceLine(ctx, customer, invoice, defined(invoice.lines[0])).discounts).toEqual([di(1)]);
  });
});

describe('discountAt', () => {
  it('does not exist before it starts, applies until its end, is a deleted stub from then on', () => {
    expect(discountAt(ctx, customer, subscription, welcome10, trialStart - 1)).toBeUndefined();
    expect(discountAt(ctx, customer, subscription, welcome10, welcomeDiscountEnd - 1)).toEqual(renderDiscount(ctx, customer, subscription, welcome10));
    const deleted = discountAt(ctx, customer, subscription, welcome10, welcomeDiscountEnd);
    expect(deleted).toEqual(renderDeletedDiscount(ctx, customer, subscription, welcome10));
    expect(deleted).toMatchObject({ id: di(1), deleted: true, source: { coupon: 'WELCOME10', type: 'coupon' }, start: trialStart });
    expect(deleted).not.toHaveProperty('end');
  });

  it('keeps a forever discount', () => {
    expect(discountAt(ctx, customer, subscription, save20, t0 + 1000 * day)).not.toHaveProperty('deleted');
  });
});

describe('renderDiscountCoupon', () => {
  it('is the full coupon even once deleted, then no longer valid', () => {
    const coupon = defined(sampleCatalog.coupons.find((candidate) => candidate.id === 'WELCOME10'));
    expect(renderDiscountCoupon(ctx, coupon, welcomeCouponDeletedAt - 1)).toMatchObject({ id: 'WELCOME10', object: 'coupon', amount_off: 1000, duration: 'once', valid: true });
    expect(renderDiscountCoupon(ctx, coupon, welcomeCouponDeletedAt)).toMatchObject({ id: 'WELCOME10', amount_off: 1000, valid: false });
  });
});

/** A view that knows one subscription, one invoice, their discounts and coupons: enough to watch expansion walk. */
function discountView(at: number): SimAccountView {
  const byResource: Partial<Record<RetrievableResource, (id: string) => object | undefined>> = {
    subscriptions: (id) => (id === subscription.id ? subscriptionAt(ctx, customer, subscription, at) : undefined),
    discount: (id) => [save20, welcome10].map((discount) => (id === di(discount.ordinal) ? discountAt(ctx, customer, subscription, discount, at) : undefined)).find(Boolean),
    coupon: (id) => {
      const coupon = sampleCatalog.coupons.find((candidate) => candidate.id === id);
      return coupon ? renderDiscountCoupon(ctx, coupon, at) : undefined;
    },
  };
  return {
    now: () => at,
    account: () => ({}),
    list: () => ({ length: 0, idAt: () => '', positionOf: () => undefined }),
    retrieve: (resource, id) => byResource[resource]?.(id),
  };
}

function plan(type: string, paths: string[], isList: boolean): ExpansionPlan {
  const planned = planExpansions(type, paths, isList);
  if (isErrorResponse(planned)) throw new Error(planned.error.message);
  return planned;
}

describe('expanding discounts', () => {
  it('accepts discounts wherever Stripe does, through embedded lists too', () => {
    for (const [type, path] of [
      ['subscription', 'data.discounts'],
      ['subscription', 'data.items.data.discounts'],
      ['subscription', 'data.discounts.source.coupon'],
      ['subscription', 'data.discounts.customer'],
      ['subscription_item', 'data.discounts'],
      ['invoice', 'data.discounts'],
      ['invoice', 'data.lines.data.discounts'],
      ['line_item', 'data.discounts'],
    ] as const) {
      expect(isErrorResponse(planExpansions(type, [path], true)), `${type}: ${path}`).toBe(false);
    }
  });

  it('refuses an embedded list as a target, the hash around the coupon, and paths deeper than 4 levels', () => {
    const message = (type: string, path: string, isList = true): string | undefined => {
      const planned = planExpansions(type, [path], isList);
      return isErrorResponse(planned) ? planned.error.message : undefined;
    };
    expect(message('subscription', 'data.items.data')).toBe('This property cannot be expanded (data.items.data).');
    expect(message('subscription', 'items', false)).toBe('This property cannot be expanded (items).');
    expect(message('subscription', 'discounts.source', false)).toBe('This property cannot be expanded (discounts.source).');
    expect(message('subscription', 'data.items.data.discounts.source.coupon')).toBe(
      'You cannot expand more than 4 levels of a property. Property: data.items.data.discounts.source.coupon',
    );
  });

  it('replaces di_ ids by discounts, on the subscription and its items, and coupons when asked', () => {
    const at = trialStart + day;
    const view = discountView(at);
    const rendered = defined(subscriptionAt(ctx, customer, subscription, at));
    const expanded = applyExpansions(view, rendered, plan('subscription', ['discounts.source.coupon', 'items.data.discounts'], false)) as typeof rendered;
    expect(expanded.discounts).toEqual([{ ...renderDiscount(ctx, customer, subscription, save20), source: { coupon: expect.objectContaining({ id: 'SAVE20', object: 'coupon', percent_off: 20 }), type: 'coupon' } }]);
    const [first, second] = expanded.items.data;
    expect(first?.discounts).toEqual([renderDiscount(ctx, customer, subscription, welcome10)]);
    expect(second?.discounts).toEqual([]);
    // The view's object is not touched.
    expect(rendered.discounts).toEqual([di(0)]);
  });

  it('expands a discount that has ended since the invoice was made to its deleted stub', () => {
    expect(invoice.created).toBeLessThan(welcomeDiscountEnd);
    const view = discountView(welcomeDiscountEnd);
    const rendered = renderInvoiceLine(ctx, customer, invoice, defined(invoice.lines[0]));
    const expanded = applyExpansions(view, rendered, plan('line_item', ['discounts'], false)) as { discounts: unknown[] };
    expect(expanded.discounts).toEqual([renderDeletedDiscount(ctx, customer, subscription, welcome10)]);
  });
});
