import { describe, expect, it } from 'vitest';
import { type CouponTerms } from '../../../src/core/metrics/mrr-types';
import { subscriptionStateFromStripe } from '../../../src/core/metrics/mrr/subscription-state';
import { subscriptionMrrInputsJson } from '../../../src/core/stripe/rows/subscription-mrr-inputs';

/**
 * A snapshot's MRR inputs (the subscription cut down to what MRR reads) must read as the same state as the whole
 * subscription: every shape subscription-state.ts understands, kept through the cut.
 */
const coupons = new Map<string, CouponTerms>([['SAVE5', { id: 'SAVE5', percentOff: null, amountOff: 500, currency: 'usd', duration: 'forever', durationInMonths: null }]]);
const lookup = (id: string) => coupons.get(id);

const tieredPrice = {
  id: 'price_seats',
  object: 'price',
  active: true,
  billing_scheme: 'tiered',
  currency: 'usd',
  metadata: { tier: 'seats' },
  nickname: 'Seats',
  product: 'prod_seats',
  recurring: { interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' },
  tiers: [
    { flat_amount: null, flat_amount_decimal: null, unit_amount: 1000, unit_amount_decimal: '1000', up_to: 5 },
    { flat_amount: 500, flat_amount_decimal: '500', unit_amount: 800, unit_amount_decimal: '800.5', up_to: null },
  ],
  tiers_mode: 'graduated',
  transform_quantity: null,
  type: 'recurring',
  unit_amount: null,
  unit_amount_decimal: null,
};

const subscription = {
  id: 'sub_1',
  object: 'subscription',
  customer: { id: 'cus_1', object: 'customer', email: 'a@example.com' },
  currency: 'USD',
  status: 'past_due',
  cancel_at_period_end: false,
  cancel_at: 1_780_000_000,
  canceled_at: null,
  ended_at: null,
  metadata: { source: 'web' },
  default_payment_method: 'pm_1',
  items: {
    object: 'list',
    has_more: false,
    data: [
      {
        id: 'si_seats',
        quantity: 7,
        metadata: {},
        price: tieredPrice,
        discounts: [{ id: 'di_item', object: 'discount', start: 1_770_000_000, end: 1_790_000_000, source: { type: 'coupon', coupon: { id: 'HALF', object: 'coupon', percent_off: 50, amount_off: null, currency: null, duration: 'repeating', duration_in_months: 3, name: 'Half' } } }],
      },
      {
        id: 'si_packs',
        quantity: 25,
        price: { id: 'price_packs', currency: 'usd', type: 'recurring', unit_amount: 300, unit_amount_decimal: '300', billing_scheme: 'per_unit', recurring: { interval: 'year', interval_count: 2, usage_type: 'licensed' }, transform_quantity: { divide_by: 10, round: 'down' } },
        discounts: ['di_unexpanded'],
      },
      { id: 'si_metered', price: { id: 'price_api', currency: 'usd', unit_amount: 2, recurring: { interval: 'month', usage_type: 'metered' } } },
    ],
  },
  discounts: [
    { id: 'di_sub', start: 1_760_000_000, end: null, coupon: 'SAVE5' },
    { id: 'di_multi', start: 1_760_000_000, end: null, source: { coupon: { id: 'EURO', amount_off: 400, currency: 'eur', duration: 'forever', currency_options: { usd: { amount_off: 450, tax_behavior: 'exclusive' } } } } },
    { id: 'di_gone', deleted: true },
    { id: 'di_stub', source: { coupon: { id: 'SAVE5', deleted: true } } },
  ],
};

describe('a snapshot read from its MRR inputs', () => {
  it('is the state read from the whole subscription: tiers, transform_quantity, metered items, every kind of discount', () => {
    const inputs = JSON.parse(subscriptionMrrInputsJson(subscription)) as unknown;

    expect(subscriptionStateFromStripe(inputs, lookup)).toEqual(subscriptionStateFromStripe(subscription, lookup));
    expect(subscriptionMrrInputsJson(subscription).length).toBeLessThan(JSON.stringify(subscription).length);
  });

  it('keeps a legacy single `discount` and its coupon', () => {
    const legacy = { ...subscription, discounts: undefined, discount: { id: null, coupon: { id: 'SAVE5', amount_off: 500, currency: 'usd', duration: 'forever' }, start: null, end: null } };

    expect(subscriptionStateFromStripe(JSON.parse(subscriptionMrrInputsJson(legacy)), lookup)).toEqual(subscriptionStateFromStripe(legacy, lookup));
  });

  it('fails as the whole subscription fails when an item has no embedded price', () => {
    const broken = { ...subscription, items: { object: 'list', data: [{ id: 'si_bare', quantity: 1, price: 'price_1' }] } };

    expect(() => subscriptionStateFromStripe(JSON.parse(subscriptionMrrInputsJson(broken)), lookup)).toThrow('Item si_bare of subscription sub_1 has no embedded price');
    expect(() => subscriptionStateFromStripe(broken, lookup)).toThrow('Item si_bare of subscription sub_1 has no embedded price');
  });
});
