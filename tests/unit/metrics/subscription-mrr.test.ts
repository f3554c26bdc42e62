import { describe, expect, it } from 'vitest';
import { roundHalfEven } from '../../../src/core/metrics/money';
import {
  type AppliedDiscount,
  type CouponTerms,
  type MrrItem,
  type MrrSettings,
  type PriceTerms,
  type PriceTier,
  stripeDefaultMrrSettings,
  type SubscriptionState,
} from '../../../src/core/metrics/mrr-types';
import { intervalAmount, monthsPerInvoice, subscriptionMrr } from '../../../src/core/metrics/mrr/subscription-mrr';

/** 2026-03-01T00:00:00Z: the instant every scenario is evaluated at unless it says otherwise. */
const now = 1_772_323_200;
const day = 86_400;
const finiteToo: MrrSettings = { ...stripeDefaultMrrSettings, subtractFiniteDiscounts: true };
const atPeriodEnd: MrrSettings = { ...stripeDefaultMrrSettings, cancellation: 'period_end' };

function price(terms: Partial<PriceTerms> = {}): PriceTerms {
  return {
    id: 'price_plan',
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
    ...terms,
  };
}

function item(priceTerms: Partial<PriceTerms> = {}, quantity: number | null = 1, discounts: AppliedDiscount[] = []): MrrItem {
  return { price: price(priceTerms), quantity, discounts };
}

function coupon(terms: Partial<CouponTerms>): CouponTerms {
  return { id: 'COUPON', percentOff: null, amountOff: null, currency: null, duration: 'forever', durationInMonths: null, ...terms };
}

function discount(terms: Partial<CouponTerms>, start: number | null = now - 30 * day, end: number | null = null): AppliedDiscount {
  return { id: 'di_1', coupon: coupon(terms), start, end };
}

function subscription(items: MrrItem[], rest: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    subscriptionId: 'sub_1',
    customerId: 'cus_1',
    currency: 'usd',
    status: 'active',
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    items,
    discounts: [],
    ...rest,
  };
}

const mrr = (state: SubscriptionState, settings: MrrSettings = stripeDefaultMrrSettings, t = now) => subscriptionMrr(state, t, settings);

describe('MRR of a plain plan, normalised to a month', () => {
  it('$1,200 a year is $100 a month', () => {
    expect(mrr(subscription([item({ unitAmount: 120_000, interval: 'year' })]))).toBe(10_000);
  });

  it('$240 every 2 years is $10 a month', () => {
    expect(mrr(subscription([item({ unitAmount: 24_000, interval: 'year', intervalCount: 2 })]))).toBe(1000);
  });

  it('$30 a month is $30 a month; $90 a quarter is $30 a month', () => {
    expect(mrr(subscription([item({ unitAmount: 3000 })]))).toBe(3000);
    expect(mrr(subscription([item({ unitAmount: 9000, intervalCount: 3 })]))).toBe(3000);
  });

  it('$5 a week is $21.666… a month (52 weeks over 12 months), shown as $21.67', () => {
    const monthly = mrr(subscription([item({ unitAmount: 500, interval: 'week' })]));
    expect(monthly).toBeCloseTo((500 * 52) / 12, 9);
    expect(monthly).toBeCloseTo(2166.6667, 4);
    expect(roundHalfEven(monthly)).toBe(2167);
  });

  it('$10 every 2 weeks is $21.666… a month', () => {
    expect(mrr(subscription([item({ unitAmount: 1000, interval: 'week', intervalCount: 2 })]))).toBeCloseTo(2166.6667, 4);
  });

  it('$1 a day is $30.4166… a month (365 days over 12 months), and $30 every 30 days the same', () => {
    expect(mrr(subscription([item({ unitAmount: 100, interval: 'day' })]))).toBeCloseTo((100 * 365) / 12, 9);
    expect(mrr(subscription([item({ unitAmount: 3000, interval: 'day', intervalCount: 30 })]))).toBeCloseTo(3041.6667, 4);
    expect(roundHalfEven(mrr(subscription([item({ unitAmount: 100, interval: 'day' })])))).toBe(3042);
  });

  it('¥1,200 a year in a zero-decimal currency is ¥100 a month', () => {
    const yen = subscription([item({ currency: 'jpy', unitAmount: 1200, interval: 'year' })], { currency: 'jpy' });
    expect(mrr(yen)).toBe(100);
  });

  it('a sub-cent decimal price keeps its fractions: 3 × $3.333333 is $9.999999', () => {
    expect(mrr(subscription([item({ unitAmount: 333.3333 }, 3)]))).toBeCloseTo(999.9999, 9);
  });

  it('two licensed items add up', () => {
    expect(mrr(subscription([item({ unitAmount: 2000 }), item({ unitAmount: 500 }, 2)]))).toBe(3000);
  });

  it('the months one invoice covers, per interval', () => {
    expect(monthsPerInvoice('month', 1)).toBe(1);
    expect(monthsPerInvoice('month', 6)).toBe(6);
    expect(monthsPerInvoice('year', 2)).toBe(24);
    expect(monthsPerInvoice('week', 52)).toBeCloseTo(12, 12);
    expect(monthsPerInvoice('day', 365)).toBeCloseTo(12, 12);
  });
});

describe('MRR by quantity', () => {
  it('5 seats at $10 are $50 a month', () => {
    expect(mrr(subscription([item({ unitAmount: 1000 }, 5)]))).toBe(5000);
  });

  it('a licensed item without a quantity counts no units', () => {
    expect(mrr(subscription([item({ unitAmount: 1000 }, null)]))).toBe(0);
  });

  it('0 seats cost nothing', () => {
    expect(mrr(subscription([item({ unitAmount: 1000 }, 0)]))).toBe(0);
  });

  describe('transform_quantity: $20 per package of 10 users', () => {
    const perTen = (round: 'up' | 'down') => ({ unitAmount: 2000, transformQuantity: { divideBy: 10, round } });

    it.each([
      ['up', 11, 4000],
      ['down', 11, 2000],
      ['up', 10, 2000],
      ['down', 10, 2000],
      ['up', 1, 2000],
      ['down', 9, 0],
      ['up', 0, 0],
    ] as const)('rounded %s, %i users cost %i a month', (round, users, expected) => {
      expect(mrr(subscription([item(perTen(round), users)]))).toBe(expected);
    });
  });
});

describe('MRR of tiered prices', () => {
  // First 5 seats $10 each plus a $20 platform fee; seats 6–10 $8 each plus $10; every seat after that $5.
  const tiers: PriceTier[] = [
    { upTo: 5, unitAmount: 1000, flatAmount: 2000 },
    { upTo: 10, unitAmount: 800, flatAmount: 1000 },
    { upTo: null, unitAmount: 500, flatAmount: 0 },
  ];
  const tiered = (tiersMode: 'graduated' | 'volume') => ({ billingScheme: 'tiered' as const, tiersMode, unitAmount: null, tiers });

  it.each([
    // 12 seats: $20 + 5 × $10, then $10 + 5 × $8, then 2 × $5.
    [12, 13_000],
    [5, 7000],
    [6, 8800],
    [10, 12_000],
    [1, 3000],
    [0, 0],
  ])('graduated: %i seats cost %i a month', (seats, expected) => {
    expect(mrr(subscription([item(tiered('graduated'), seats)]))).toBe(expected);
  });

  it.each([
    // Every seat at the rate of the tier the quantity falls in, plus that tier's flat fee.
    [12, 6000],
    [5, 7000],
    [6, 5800],
    [10, 9000],
    [1, 3000],
  ])('volume: %i seats cost %i a month', (seats, expected) => {
    expect(mrr(subscription([item(tiered('volume'), seats)]))).toBe(expected);
  });

  it('volume beyond a last bounded tier is priced at that last tier', () => {
    const bounded = { ...tiered('volume'), tiers: tiers.slice(0, 2) };
    expect(intervalAmount(price(bounded), 20)).toBe(1000 + 20 * 800);
  });

  it('a yearly graduated price is normalised like any other', () => {
    expect(mrr(subscription([item({ ...tiered('graduated'), interval: 'year' }, 12)]))).toBeCloseTo(13_000 / 12, 9);
  });

  it('a tiered price whose tiers are unknown costs nothing', () => {
    expect(mrr(subscription([item({ ...tiered('graduated'), tiers: [] }, 12)]))).toBe(0);
    expect(mrr(subscription([item({ ...tiered('volume'), tiers: [] }, 12)]))).toBe(0);
  });
});

describe('what MRR does not count', () => {
  it('a metered item contributes nothing: a licensed $10 item and a metered one are $10', () => {
    const metered = item({ id: 'price_api_calls', unitAmount: 2, usageType: 'metered' }, null);
    expect(mrr(subscription([item({ unitAmount: 1000 }), metered]))).toBe(1000);
  });

  it('a one-time price contributes nothing', () => {
    const setupFee = item({ id: 'price_setup', type: 'one_time', unitAmount: 50_000, interval: null });
    expect(mrr(subscription([setupFee, item({ unitAmount: 1000 })]))).toBe(1000);
  });

  it('a subscription of metered items only is worth 0, whatever its discounts', () => {
    const meteredOnly = subscription([item({ usageType: 'metered' }, null)], { discounts: [discount({ amountOff: 500, currency: 'usd' })] });
    expect(mrr(meteredOnly)).toBe(0);
  });

  it('a subscription without items is worth 0', () => {
    expect(mrr(subscription([]))).toBe(0);
  });
});

describe('statuses', () => {
  const plan = [item({ unitAmount: 5000 })];

  it.each(['active', 'past_due'])('%s is counted', (status) => {
    expect(mrr(subscription(plan, { status }))).toBe(5000);
  });

  it.each(['trialing', 'unpaid', 'incomplete', 'incomplete_expired', 'canceled', 'paused', 'something_new'])('%s is not counted', (status) => {
    expect(mrr(subscription(plan, { status }))).toBe(0);
    expect(mrr(subscription(plan, { status }), atPeriodEnd)).toBe(0);
  });
});

describe('cancellation timing', () => {
  const plan = [item({ unitAmount: 5000 })];

  it.each([
    ['cancel at period end', { cancelAtPeriodEnd: true }],
    ['cancel at a date', { cancelAt: now + 10 * day }],
    ['cancelled, still active until the period ends', { canceledAt: now - day }],
  ])('%s: MRR ends when requested (Stripe’s default), and only with the status under period_end', (_name, cancellation) => {
    expect(mrr(subscription(plan, cancellation))).toBe(0);
    expect(mrr(subscription(plan, cancellation), atPeriodEnd)).toBe(5000);
  });

  it('a past_due subscription set to cancel counts under period_end only', () => {
    const dunning = subscription(plan, { status: 'past_due', cancelAtPeriodEnd: true });
    expect(mrr(dunning)).toBe(0);
    expect(mrr(dunning, atPeriodEnd)).toBe(5000);
  });

  it('an ended subscription counts under neither setting', () => {
    const ended = subscription(plan, { status: 'canceled', canceledAt: now - day, endedAt: now - day });
    expect(mrr(ended)).toBe(0);
    expect(mrr(ended, atPeriodEnd)).toBe(0);
  });
});

describe('discounts', () => {
  const fiftyAMonth = [item({ unitAmount: 5000 })];

  it('a repeating 20% coupon is subtracted only when finite discounts are', () => {
    const withCoupon = subscription(fiftyAMonth, { discounts: [discount({ percentOff: 20, duration: 'repeating', durationInMonths: 3 }, now - day, now + 60 * day)] });
    expect(mrr(withCoupon)).toBe(5000);
    expect(mrr(withCoupon, finiteToo)).toBe(4000);
  });

  it('a once coupon is subtracted only when finite discounts are', () => {
    const withCoupon = subscription(fiftyAMonth, { discounts: [discount({ amountOff: 1000, currency: 'usd', duration: 'once' })] });
    expect(mrr(withCoupon)).toBe(5000);
    expect(mrr(withCoupon, finiteToo)).toBe(4000);
  });

  it('a forever $60 off a yearly $120 plan takes $5 a month: $10 becomes $5', () => {
    const yearly = subscription([item({ unitAmount: 12_000, interval: 'year' })], { discounts: [discount({ amountOff: 6000, currency: 'usd' })] });
    expect(mrr(yearly)).toBe(500);
  });

  it('a forever $5 off a weekly $10 plan takes $21.666… a month', () => {
    const weekly = subscription([item({ unitAmount: 1000, interval: 'week' })], { discounts: [discount({ amountOff: 500, currency: 'usd' })] });
    expect(mrr(weekly)).toBeCloseTo((500 * 52) / 12, 9);
  });

  it('a 100%-off forever subscription is worth 0', () => {
    expect(mrr(subscription(fiftyAMonth, { discounts: [discount({ percentOff: 100 })] }))).toBe(0);
  });

  it('a forever $60 off a $20 monthly plan floors at 0', () => {
    expect(mrr(subscription([item({ unitAmount: 2000 })], { discounts: [discount({ amountOff: 6000, currency: 'usd' })] }))).toBe(0);
  });

  it('an amount off in another currency does not apply', () => {
    expect(mrr(subscription(fiftyAMonth, { discounts: [discount({ amountOff: 1000, currency: 'eur' })] }))).toBe(5000);
    expect(mrr(subscription(fiftyAMonth, { discounts: [discount({ amountOff: 1000, currency: null })] }))).toBe(5000);
  });

  it('a percentage applies whatever the currency', () => {
    const yen = subscription([item({ currency: 'jpy', unitAmount: 1200, interval: 'year' })], { currency: 'jpy', discounts: [discount({ percentOff: 25 })] });
    expect(mrr(yen)).toBe(75);
  });

  describe('in force only between start and end', () => {
    const start = now;
    const end = now + 90 * day;
    const timed = subscription(fiftyAMonth, { discounts: [discount({ percentOff: 20, duration: 'repeating', durationInMonths: 3 }, start, end)] });

    it.each([
      ['not yet started', start - 1, 5000],
      ['from its start', start, 4000],
      ['until just before its end', end - 1, 4000],
      ['already ended', end, 5000],
    ])('%s', (_name, t, expected) => {
      expect(mrr(timed, finiteToo, t)).toBe(expected);
    });

    it('an unknown start or end is taken as in force', () => {
      const open = subscription(fiftyAMonth, { discounts: [discount({ percentOff: 20 }, null, null)] });
      expect(mrr(open, stripeDefaultMrrSettings, 0)).toBe(4000);
    });
  });

  it('subscription-level discounts apply in order: 50% then $10 off is $15; $10 off then 50% is $20', () => {
    const half = discount({ percentOff: 50 });
    const tenOff = discount({ amountOff: 1000, currency: 'usd' });
    expect(mrr(subscription(fiftyAMonth, { discounts: [half, tenOff] }))).toBe(1500);
    expect(mrr(subscription(fiftyAMonth, { discounts: [tenOff, half] }))).toBe(2000);
  });

  it('a subscription-level percentage applies to every item', () => {
    const twoItems = subscription([item({ unitAmount: 2000 }), item({ unitAmount: 1000 }, 3)], { discounts: [discount({ percentOff: 10 })] });
    expect(mrr(twoItems)).toBe(4500);
  });

  it('an item-level discount applies to its item only', () => {
    const seats = item({ id: 'price_seats', unitAmount: 2000 }, 1, [discount({ percentOff: 50 })]);
    expect(mrr(subscription([item({ unitAmount: 1000 }), seats]))).toBe(2000);
  });

  it('an item-level amount off is normalised by its item’s interval and floors at 0 without eating the other items', () => {
    const yearlyAddon = item({ id: 'price_addon', unitAmount: 12_000, interval: 'year' }, 1, [discount({ amountOff: 2400, currency: 'usd' })]);
    expect(mrr(subscription([yearlyAddon]))).toBe(800);
    const overDiscounted = item({ id: 'price_addon', unitAmount: 1000 }, 1, [discount({ amountOff: 6000, currency: 'usd' })]);
    expect(mrr(subscription([overDiscounted, item({ unitAmount: 2000 })]))).toBe(2000);
  });

  it('item-level discounts apply before subscription-level ones', () => {
    const seats = item({ unitAmount: 4000 }, 1, [discount({ amountOff: 1000, currency: 'usd' })]);
    const state = subscription([seats, item({ unitAmount: 1000 })], { discounts: [discount({ percentOff: 50 })] });
    expect(mrr(state)).toBe(2000);
  });

  it('a finite item-level discount follows the setting too', () => {
    const seats = item({ unitAmount: 4000 }, 1, [discount({ percentOff: 25, duration: 'repeating', durationInMonths: 6 }, now - day, now + 180 * day)]);
    expect(mrr(subscription([seats]))).toBe(4000);
    expect(mrr(subscription([seats]), finiteToo)).toBe(3000);
  });

  it('a subscription-level amount off uses the interval of the licensed items, not of a metered one', () => {
    const meteredMonthly = item({ usageType: 'metered', unitAmount: 1 }, null);
    const yearly = item({ unitAmount: 12_000, interval: 'year' });
    expect(mrr(subscription([meteredMonthly, yearly], { discounts: [discount({ amountOff: 1200, currency: 'usd' })] }))).toBe(900);
  });

  it('an ended discount on an item leaves the item whole', () => {
    const seats = item({ unitAmount: 4000 }, 1, [discount({ percentOff: 50 }, now - 60 * day, now - day)]);
    expect(mrr(subscription([seats]))).toBe(4000);
  });
});

describe('purity', () => {
  it('leaves its input untouched and gives the same figure twice', () => {
    const state = subscription([item({ unitAmount: 5000 }, 2, [discount({ percentOff: 10 })])], { discounts: [discount({ amountOff: 500, currency: 'usd' })] });
    const before = JSON.stringify(state);
    expect(mrr(state)).toBe(8500);
    expect(mrr(state)).toBe(8500);
    expect(JSON.stringify(state)).toBe(before);
  });
});
