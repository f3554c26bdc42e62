import { describe, expect, it } from 'vitest';
import { roundHalfEven } from '../../../src/core/metrics/money';
import { type CouponTerms, stripeDefaultMrrSettings } from '../../../src/core/metrics/mrr-types';
import { subscriptionMrr } from '../../../src/core/metrics/mrr/subscription-mrr';
import { couponTermsFromStripe, priceTermsFromStripe, subscriptionStateFromStripe } from '../../../src/core/metrics/mrr/subscription-state';

const created = 1_767_225_600; // 2026-01-01T00:00:00Z
const now = 1_772_323_200; // 2026-03-01T00:00:00Z

/** Coupons known from the mirror's coupon table, for discounts whose coupon arrives as an id. */
const couponTable = new Map<string, CouponTerms>([
  ['SEATS11', { id: 'SEATS11', percentOff: null, amountOff: 1100, currency: 'usd', duration: 'forever', durationInMonths: null }],
]);
const lookup = (id: string) => couponTable.get(id);
const noCoupons = () => undefined;

/** A tiered "Seats" price as `expand[]=data.items.data.price.tiers` shows it: a per-unit-only tier has no flat part. */
const seatsPrice = {
  id: 'price_seats',
  object: 'price',
  active: true,
  billing_scheme: 'tiered',
  created,
  currency: 'usd',
  custom_unit_amount: null,
  livemode: false,
  lookup_key: null,
  metadata: {},
  nickname: 'Seats',
  product: 'prod_seats',
  recurring: { interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' },
  tax_behavior: 'unspecified',
  tiers: [
    { flat_amount: null, flat_amount_decimal: null, unit_amount: 1000, unit_amount_decimal: '1000', up_to: 5 },
    { flat_amount: 500, flat_amount_decimal: '500', unit_amount: 800, unit_amount_decimal: '800', up_to: null },
  ],
  tiers_mode: 'graduated',
  transform_quantity: null,
  type: 'recurring',
  unit_amount: null,
  unit_amount_decimal: null,
};

/** A sub-cent price: Stripe rounds `unit_amount`, the decimal is exact. */
const storagePrice = {
  ...seatsPrice,
  id: 'price_storage',
  billing_scheme: 'per_unit',
  nickname: 'Storage',
  product: 'prod_storage',
  tiers_mode: null,
  tiers: undefined,
  unit_amount: 333,
  unit_amount_decimal: '333.3333',
};

const apiCallsPrice = {
  ...storagePrice,
  id: 'price_api_calls',
  nickname: 'API calls',
  product: 'prod_api',
  recurring: { interval: 'month', interval_count: 1, meter: 'mtr_1', trial_period_days: null, usage_type: 'metered' },
  unit_amount: 2,
  unit_amount_decimal: '2',
};

function subscriptionItem(id: string, price: object, extra: object) {
  return {
    id,
    object: 'subscription_item',
    billing_thresholds: null,
    created,
    current_period_end: now + 10 * 86_400,
    current_period_start: now - 18 * 86_400,
    discounts: [],
    metadata: {},
    price,
    subscription: 'sub_1',
    tax_rates: [],
    ...extra,
  };
}

/** A subscription as the sync stores it: items complete, discounts expanded with their coupons where it could. */
const storedSubscription = {
  id: 'sub_1',
  object: 'subscription',
  application: null,
  billing_cycle_anchor: created,
  cancel_at: null,
  cancel_at_period_end: false,
  canceled_at: null,
  cancellation_details: { comment: null, feedback: null, reason: null },
  collection_method: 'charge_automatically',
  created,
  currency: 'usd',
  customer: 'cus_1',
  discounts: [
    {
      id: 'di_loyal',
      object: 'discount',
      checkout_session: null,
      customer: 'cus_1',
      end: null,
      invoice: null,
      invoice_item: null,
      promotion_code: null,
      source: {
        coupon: {
          id: 'LOYAL10',
          object: 'coupon',
          amount_off: null,
          created,
          currency: null,
          duration: 'forever',
          duration_in_months: null,
          livemode: false,
          metadata: {},
          name: 'Loyalty 10%',
          percent_off: 10,
          valid: true,
        },
        type: 'coupon',
      },
      start: created,
      subscription: 'sub_1',
      subscription_item: null,
    },
    // Added after the last expansion: only its id is known.
    'di_fresh',
  ],
  ended_at: null,
  items: {
    object: 'list',
    data: [
      subscriptionItem('si_seats', seatsPrice, {
        quantity: 12,
        discounts: [
          {
            id: 'di_seats',
            object: 'discount',
            end: null,
            source: { coupon: 'SEATS11', type: 'coupon' },
            start: created + 86_400,
            subscription: 'sub_1',
            subscription_item: 'si_seats',
          },
        ],
      }),
      subscriptionItem('si_storage', storagePrice, { quantity: 3 }),
      // Metered items carry no `quantity` key.
      subscriptionItem('si_api', apiCallsPrice, {}),
    ],
    has_more: false,
    url: '/v1/subscription_items?subscription=sub_1',
  },
  latest_invoice: 'in_1',
  livemode: false,
  metadata: {},
  start_date: created,
  status: 'active',
  trial_end: null,
  trial_start: null,
};

describe('a stored Stripe subscription as MRR input', () => {
  it('reads the subscription, its items, prices and discounts', () => {
    const state = subscriptionStateFromStripe(storedSubscription, lookup);
    expect(state).toEqual({
      subscriptionId: 'sub_1',
      customerId: 'cus_1',
      currency: 'usd',
      status: 'active',
      cancelAtPeriodEnd: false,
      cancelAt: null,
      canceledAt: null,
      endedAt: null,
      items: [
        {
          price: {
            id: 'price_seats',
            currency: 'usd',
            type: 'recurring',
            unitAmount: null,
            interval: 'month',
            intervalCount: 1,
            usageType: 'licensed',
            billingScheme: 'tiered',
            tiersMode: 'graduated',
            tiers: [
              { upTo: 5, unitAmount: 1000, flatAmount: 0 },
              { upTo: null, unitAmount: 800, flatAmount: 500 },
            ],
            transformQuantity: null,
          },
          quantity: 12,
          discounts: [{ id: 'di_seats', coupon: couponTable.get('SEATS11'), start: created + 86_400, end: null }],
        },
        {
          price: {
            id: 'price_storage',
            currency: 'usd',
            type: 'recurring',
            unitAmount: 333.3333,
            interval: 'month',
            intervalCount: 1,
            usageType: 'licensed',
            billingScheme: 'per_unit',
            tiersMode: null,
            tiers: [],
            transformQuantity: null,
          },
          quantity: 3,
          discounts: [],
        },
        {
          price: expect.objectContaining({ id: 'price_api_calls', usageType: 'metered', unitAmount: 2 }),
          quantity: null,
          discounts: [],
        },
      ],
      discounts: [
        {
          id: 'di_loyal',
          coupon: { id: 'LOYAL10', percentOff: 10, amountOff: null, currency: null, duration: 'forever', durationInMonths: null },
          start: created,
          end: null,
        },
      ],
      unresolvedDiscounts: 1,
    });
  });

  it('gives the MRR Stripe would: seats $50 + $5 + 7 × $8 − $11, storage 3 × $3.333333, all less 10%', () => {
    const state = subscriptionStateFromStripe(storedSubscription, lookup);
    // (11,100 − 1,100 + 999.9999) × 0.9
    const monthly = subscriptionMrr(state, now, stripeDefaultMrrSettings);
    expect(monthly).toBeCloseTo(9899.99991, 6);
    expect(roundHalfEven(monthly)).toBe(9900);
  });

  it('counts a discount whose coupon the lookup does not know as unresolved, and leaves it out', () => {
    const state = subscriptionStateFromStripe(storedSubscription, noCoupons);
    expect(state.unresolvedDiscounts).toBe(2);
    expect(state.items[0]?.discounts).toEqual([]);
    expect(state.discounts.map((discount) => discount.id)).toEqual(['di_loyal']);
  });

  it('reads an expanded customer, the cancellation fields and an upper-case currency', () => {
    const cancelling = {
      ...storedSubscription,
      currency: 'USD',
      customer: { id: 'cus_9', object: 'customer', email: 'ada@example.com' },
      status: 'past_due',
      cancel_at_period_end: true,
      cancel_at: now + 86_400,
      canceled_at: now - 86_400,
      ended_at: null,
    };
    const state = subscriptionStateFromStripe(cancelling, lookup);
    expect(state).toMatchObject({ customerId: 'cus_9', currency: 'usd', status: 'past_due', cancelAtPeriodEnd: true, cancelAt: now + 86_400, canceledAt: now - 86_400, endedAt: null });
  });

  it('reads an ended subscription', () => {
    const ended = { ...storedSubscription, status: 'canceled', canceled_at: now - 86_400, ended_at: now };
    expect(subscriptionStateFromStripe(ended, lookup)).toMatchObject({ status: 'canceled', canceledAt: now - 86_400, endedAt: now });
  });

  it('treats a subscription without items or discounts as empty', () => {
    const bare = { id: 'sub_2', customer: 'cus_2', currency: 'eur', status: 'incomplete' };
    expect(subscriptionStateFromStripe(bare, lookup)).toEqual({
      subscriptionId: 'sub_2',
      customerId: 'cus_2',
      currency: 'eur',
      status: 'incomplete',
      cancelAtPeriodEnd: false,
      cancelAt: null,
      canceledAt: null,
      endedAt: null,
      items: [],
      discounts: [],
      unresolvedDiscounts: 0,
    });
  });

  it.each([
    ['not an object', 'sub_1', /must be an object/],
    ['no id', { customer: 'cus_1', currency: 'usd', status: 'active' }, /no id/],
    ['no customer', { id: 'sub_1', currency: 'usd', status: 'active' }, /customer of subscription sub_1/],
    ['no currency', { id: 'sub_1', customer: 'cus_1', status: 'active' }, /sub_1 has no currency/],
    ['no status', { id: 'sub_1', customer: 'cus_1', currency: 'usd' }, /sub_1 has no status/],
    ['an item without its price', { id: 'sub_1', customer: 'cus_1', currency: 'usd', status: 'active', items: { data: [{ id: 'si_1', price: 'price_1' }] } }, /si_1 of subscription sub_1 has no embedded price/],
  ])('refuses a subscription with %s', (_name, subscription, message) => {
    expect(() => subscriptionStateFromStripe(subscription, lookup)).toThrow(message);
  });
});

describe('discounts in every shape Stripe sends', () => {
  const withDiscounts = (discounts: unknown[], extra: object = {}) => ({ id: 'sub_1', customer: 'cus_1', currency: 'usd', status: 'active', discounts, ...extra });
  const halfOff = { id: 'HALF', object: 'coupon', percent_off: 50, amount_off: null, currency: null, duration: 'repeating', duration_in_months: 3 };

  it('reads an older API version’s discount, with its coupon at `coupon`', () => {
    const legacy = { id: 'di_old', object: 'discount', coupon: halfOff, start: created, end: created + 90 * 86_400 };
    const state = subscriptionStateFromStripe(withDiscounts([legacy]), lookup);
    expect(state.discounts).toEqual([
      { id: 'di_old', coupon: { id: 'HALF', percentOff: 50, amountOff: null, currency: null, duration: 'repeating', durationInMonths: 3 }, start: created, end: created + 90 * 86_400 },
    ]);
    expect(state.unresolvedDiscounts).toBe(0);
  });

  it('reads the single `discount` of an API version without a `discounts` list, and a legacy discount without an id', () => {
    const subscription = { id: 'sub_1', customer: 'cus_1', currency: 'usd', status: 'active', discount: { object: 'discount', coupon: 'SEATS11', start: created, end: null } };
    expect(subscriptionStateFromStripe(subscription, lookup).discounts).toEqual([{ id: null, coupon: couponTable.get('SEATS11'), start: created, end: null }]);
  });

  it('prefers the `discounts` list over the single `discount` when both are there', () => {
    const both = withDiscounts([], { discount: { id: 'di_old', object: 'discount', coupon: halfOff, start: created, end: null } });
    expect(subscriptionStateFromStripe(both, lookup).discounts).toEqual([]);
  });

  it('resolves a coupon given as an id at `source.coupon` through the lookup', () => {
    const state = subscriptionStateFromStripe(withDiscounts([{ id: 'di_1', object: 'discount', source: { coupon: 'SEATS11', type: 'coupon' }, start: created, end: null }]), lookup);
    expect(state.discounts[0]?.coupon).toBe(couponTable.get('SEATS11'));
  });

  it('resolves a deleted-coupon stub by its id, or counts it unresolved', () => {
    const stub = { id: 'di_1', object: 'discount', source: { coupon: { id: 'SEATS11', object: 'coupon', deleted: true }, type: 'coupon' }, start: created, end: null };
    expect(subscriptionStateFromStripe(withDiscounts([stub]), lookup).discounts[0]?.coupon.id).toBe('SEATS11');
    expect(subscriptionStateFromStripe(withDiscounts([stub]), noCoupons).unresolvedDiscounts).toBe(1);
  });

  it('skips a deleted discount without counting it: it no longer applies', () => {
    const deleted = { id: 'di_gone', object: 'discount', source: { coupon: halfOff, type: 'coupon' }, start: created, deleted: true };
    const state = subscriptionStateFromStripe(withDiscounts([deleted]), lookup);
    expect(state.discounts).toEqual([]);
    expect(state.unresolvedDiscounts).toBe(0);
  });

  it('counts bare ids and unreadable entries on the subscription and on its items together', () => {
    const item = { id: 'si_1', price: storagePrice, quantity: 1, discounts: ['di_a', null] };
    const state = subscriptionStateFromStripe(withDiscounts(['di_b', { id: 'di_c', object: 'discount', start: created, end: null }], { items: { data: [item] } }), lookup);
    expect(state.unresolvedDiscounts).toBe(4);
    expect(state.discounts).toEqual([]);
    expect(state.items[0]?.discounts).toEqual([]);
  });

  it('reads a multi-currency coupon in the subscription’s currency', () => {
    const tenDollarsOrNineEuros = {
      id: 'TENOFF',
      object: 'coupon',
      amount_off: 1000,
      currency: 'usd',
      currency_options: { eur: { amount_off: 900 } },
      duration: 'forever',
      duration_in_months: null,
      percent_off: null,
    };
    const euro = { ...withDiscounts([{ id: 'di_1', object: 'discount', source: { coupon: tenDollarsOrNineEuros, type: 'coupon' }, start: created, end: null }]), currency: 'eur' };
    expect(subscriptionStateFromStripe(euro, lookup).discounts[0]?.coupon).toMatchObject({ amountOff: 900, currency: 'eur' });
  });
});

describe('price terms', () => {
  const monthly = { id: 'price_1', object: 'price', currency: 'usd', type: 'recurring', billing_scheme: 'per_unit', unit_amount: 1000, unit_amount_decimal: '1000', recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' }, tiers_mode: null, transform_quantity: null };

  it('reads a plain monthly price', () => {
    expect(priceTermsFromStripe(monthly)).toEqual({
      id: 'price_1',
      currency: 'usd',
      type: 'recurring',
      unitAmount: 1000,
      interval: 'month',
      intervalCount: 1,
      usageType: 'licensed',
      billingScheme: 'per_unit',
      tiersMode: null,
      tiers: [],
      transformQuantity: null,
    });
  });

  it('prefers the exact decimal, and falls back to the integer when the decimal is missing or unreadable', () => {
    expect(priceTermsFromStripe({ ...monthly, unit_amount: 0, unit_amount_decimal: '0.5' }).unitAmount).toBe(0.5);
    expect(priceTermsFromStripe({ ...monthly, unit_amount_decimal: null }).unitAmount).toBe(1000);
    expect(priceTermsFromStripe({ ...monthly, unit_amount_decimal: '' }).unitAmount).toBe(1000);
    expect(priceTermsFromStripe({ ...monthly, unit_amount: null, unit_amount_decimal: null }).unitAmount).toBeNull();
  });

  it('reads a yearly price billed every 2 years, and a weekly one', () => {
    expect(priceTermsFromStripe({ ...monthly, recurring: { interval: 'year', interval_count: 2, usage_type: 'licensed' } })).toMatchObject({ interval: 'year', intervalCount: 2 });
    expect(priceTermsFromStripe({ ...monthly, recurring: { interval: 'week', interval_count: 1, usage_type: 'licensed' } })).toMatchObject({ interval: 'week', intervalCount: 1 });
  });

  it('reads a one-time price: no interval', () => {
    expect(priceTermsFromStripe({ ...monthly, type: 'one_time', recurring: null })).toMatchObject({ type: 'one_time', interval: null, intervalCount: 1, usageType: 'licensed' });
  });

  it('reads transform_quantity rounded up and down', () => {
    expect(priceTermsFromStripe({ ...monthly, transform_quantity: { divide_by: 10, round: 'up' } }).transformQuantity).toEqual({ divideBy: 10, round: 'up' });
    expect(priceTermsFromStripe({ ...monthly, transform_quantity: { divide_by: 10, round: 'down' } }).transformQuantity).toEqual({ divideBy: 10, round: 'down' });
  });

  it('reads volume tiers, decimals first and missing parts as 0', () => {
    const volume = {
      ...monthly,
      billing_scheme: 'tiered',
      tiers_mode: 'volume',
      unit_amount: null,
      unit_amount_decimal: null,
      tiers: [
        { up_to: 10, unit_amount: null, unit_amount_decimal: '12.5', flat_amount: 1000, flat_amount_decimal: '1000' },
        { up_to: null, unit_amount: 10, unit_amount_decimal: null, flat_amount: null, flat_amount_decimal: null },
      ],
    };
    expect(priceTermsFromStripe(volume)).toMatchObject({
      billingScheme: 'tiered',
      tiersMode: 'volume',
      unitAmount: null,
      tiers: [
        { upTo: 10, unitAmount: 12.5, flatAmount: 1000 },
        { upTo: null, unitAmount: 10, flatAmount: 0 },
      ],
    });
  });

  it('reads a tiered price whose tiers were not expanded as having none', () => {
    expect(priceTermsFromStripe({ ...monthly, billing_scheme: 'tiered', tiers_mode: 'graduated' }).tiers).toEqual([]);
  });

  it('refuses a price without an id', () => {
    expect(() => priceTermsFromStripe({ ...monthly, id: undefined })).toThrow(/no id/);
    expect(() => priceTermsFromStripe('price_1')).toThrow(/must be an object/);
  });
});

describe('coupon terms', () => {
  const fiveOff = { id: 'FIVE', object: 'coupon', amount_off: 500, currency: 'usd', duration: 'once', duration_in_months: null, percent_off: null };

  it('reads an amount-off coupon', () => {
    expect(couponTermsFromStripe(fiveOff)).toEqual({ id: 'FIVE', percentOff: null, amountOff: 500, currency: 'usd', duration: 'once', durationInMonths: null });
  });

  it('keeps the default amount when the currency matches or has no option', () => {
    const withOptions = { ...fiveOff, currency_options: { eur: { amount_off: 450 } } };
    expect(couponTermsFromStripe(withOptions, 'usd')).toMatchObject({ amountOff: 500, currency: 'usd' });
    expect(couponTermsFromStripe(withOptions, 'gbp')).toMatchObject({ amountOff: 500, currency: 'usd' });
    expect(couponTermsFromStripe(withOptions, 'eur')).toMatchObject({ amountOff: 450, currency: 'eur' });
  });

  it('cannot price a deleted-coupon stub or an unknown duration', () => {
    expect(couponTermsFromStripe({ id: 'FIVE', object: 'coupon', deleted: true })).toBeUndefined();
    expect(couponTermsFromStripe({ ...fiveOff, duration: 'sometimes' })).toBeUndefined();
    expect(couponTermsFromStripe('FIVE')).toBeUndefined();
  });
});
