import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { type PacedRequester } from '../../../src/core/stripe/pacing/paced-request';
import { completeItems } from '../../../src/core/stripe/sync/complete-children';
import { expandedDiscounts, unexpandedDiscountIds, withDiscountsExpanded } from '../../../src/core/stripe/sync/discount-expansion';

const loyal = { id: 'di_loyal', object: 'discount', source: { coupon: { id: 'LOYAL10', percent_off: 10 } }, start: 100, end: null };
const seatDiscount = { id: 'di_seat', object: 'discount', source: { coupon: 'SEATS5' }, start: 200, end: null };

const subscription = (discounts: unknown[], itemDiscounts: unknown[][]) => ({
  id: 'sub_1',
  object: 'subscription',
  discounts,
  items: { object: 'list', has_more: false, data: itemDiscounts.map((discounts, index) => ({ id: `si_${index}`, object: 'subscription_item', discounts })) },
});

describe('discount expansion', () => {
  it('finds the bare ids of a subscription and its items, and the expanded discounts by id', () => {
    const object = subscription(['di_new', loyal], [['di_item'], [seatDiscount]]);
    expect(unexpandedDiscountIds(object)).toEqual(['di_new', 'di_item']);
    expect([...expandedDiscounts(object).keys()]).toEqual(['di_loyal', 'di_seat']);
  });

  it('finds those of an invoice and its lines, and none on other objects', () => {
    const invoice = { id: 'in_1', object: 'invoice', discounts: ['di_a'], lines: { data: [{ id: 'il_1', discounts: [loyal] }] } };
    expect(unexpandedDiscountIds(invoice)).toEqual(['di_a']);
    expect([...expandedDiscounts(invoice).keys()]).toEqual(['di_loyal']);
    const customer = { id: 'cus_1', object: 'customer', discounts: ['di_x'] };
    expect(unexpandedDiscountIds(customer)).toEqual([]);
  });

  it('fills in the ids it knows, keeps the others as ids, and leaves the input untouched', () => {
    const event = subscription(['di_loyal', 'di_unknown'], [['di_seat']]);
    const before = JSON.stringify(event);
    const expanded = withDiscountsExpanded(event, new Map<string, object>([['di_loyal', loyal], ['di_seat', seatDiscount]]));
    expect(expanded.discounts).toEqual([loyal, 'di_unknown']);
    expect(expanded.items.data[0]?.discounts).toEqual([seatDiscount]);
    expect(JSON.stringify(event)).toBe(before);
  });
});

describe('completing a subscription’s items', () => {
  function fixture() {
    const calls: Stripe.SubscriptionItemListParams[] = [];
    const stripe = {
      subscriptionItems: {
        list: (params: Stripe.SubscriptionItemListParams) => {
          calls.push(params);
          return Promise.resolve({ object: 'list', has_more: false, data: [{ id: 'si_0', object: 'subscription_item', discounts: [seatDiscount] }] });
        },
      },
    } as unknown as Stripe;
    const requester: PacedRequester = { request: (_endpoint, call) => call(), stats: () => ({}) as ReturnType<PacedRequester['stats']> };
    return { stripe, requester, calls };
  }

  it('keeps the embedded items when they are complete and carry no discounts: no request', async () => {
    const { stripe, requester, calls } = fixture();
    const items = await completeItems(stripe, requester, [subscription([], [[], []]) as unknown as Stripe.Subscription]);
    expect(calls).toEqual([]);
    expect(items.get('sub_1')?.map((item) => item.id)).toEqual(['si_0', 'si_1']);
  });

  it('refetches items carrying discounts from the items list, with their coupons expanded', async () => {
    const { stripe, requester, calls } = fixture();
    const items = await completeItems(stripe, requester, [subscription([], [['di_seat']]) as unknown as Stripe.Subscription]);
    expect(calls).toEqual([{ subscription: 'sub_1', limit: 100, expand: ['data.discounts.source.coupon'] }]);
    expect(items.get('sub_1')?.[0]?.discounts).toEqual([seatDiscount]);
  });
});
