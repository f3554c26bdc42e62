import { beforeAll, describe, expect, it } from 'vitest';
import { type DailyMrr, dailyMrrByCustomer, historyDays, subscriptionDailyMrr } from '../../../src/sim/account/ground-truth';
import { type GeneratedAccount, generateAccount } from '../../../src/sim/account/generated-account';
import { secondsPerDay, startOfDay } from '../../../src/sim/model/calendar';
import { type CatalogIndex } from '../../../src/sim/model/catalog';
import { intervalAmount, type MrrSettings, stripeDefaultMrrSettings, subscriptionMrrAt, versionMrr } from '../../../src/sim/model/mrr-truth';
import {
  type AppliedDiscount,
  type CatalogCoupon,
  type CatalogPrice,
  type CustomerStory,
  type SubscriptionItemState,
  type SubscriptionStory,
  type SubscriptionVersion,
} from '../../../src/sim/model/types';
import { versionAt } from '../../../src/sim/render';
import { fixedNow } from '../../support/simulator';

/**
 * The simulator's MRR truth against METRICS.md: first its worked examples, one rule at a time, on hand-made prices;
 * then a few customers of a generated account whose MRR on a given day is worked out here by hand from their stories.
 */

const t0 = 1_780_000_000;
const day = secondsPerDay;
const financeTeamSettings: MrrSettings = { subtractFiniteDiscounts: true, cancellation: 'requested' };
const periodEndSettings: MrrSettings = { subtractFiniteDiscounts: false, cancellation: 'period_end' };

function price(id: string, fields: Partial<CatalogPrice> = {}): CatalogPrice {
  return {
    id,
    productId: 'prod_test',
    nickname: id,
    currency: 'usd',
    created: t0 - 100 * day,
    archivedAt: null,
    type: 'recurring',
    interval: 'month',
    intervalCount: 1,
    usageType: 'licensed',
    billingScheme: 'per_unit',
    unitAmount: 1000,
    tiersMode: null,
    tiers: null,
    transformQuantity: null,
    ...fields,
  };
}

function coupon(id: string, fields: Partial<CatalogCoupon>): CatalogCoupon {
  return { id, name: id, created: t0 - 100 * day, duration: 'forever', durationInMonths: null, percentOff: null, amountOff: null, currency: null, deletedAt: null, ...fields };
}

const prices = {
  yearly1200: price('price_yearly_1200', { interval: 'year', unitAmount: 120_000 }),
  biennial240: price('price_biennial_240', { interval: 'year', intervalCount: 2, unitAmount: 24_000 }),
  weekly5: price('price_weekly_5', { interval: 'week', unitAmount: 500 }),
  daily1: price('price_daily_1', { interval: 'day', unitAmount: 100 }),
  quarterly54: price('price_quarterly_54', { intervalCount: 3, unitAmount: 5400 }),
  seat10: price('price_seat_10', { unitAmount: 1000 }),
  monthly50: price('price_monthly_50', { unitAmount: 5000 }),
  yearly120: price('price_yearly_120', { interval: 'year', unitAmount: 12_000 }),
  metered: price('price_metered', { usageType: 'metered', unitAmount: 1 }),
  setupFee: price('price_setup_fee', { type: 'one_time', unitAmount: 49_900 }),
  yenMonthly: price('price_yen_monthly', { currency: 'jpy', unitAmount: 2400 }),
  yenYearly: price('price_yen_yearly', { currency: 'jpy', interval: 'year', unitAmount: 24_001 }),
  graduated: price('price_graduated', {
    billingScheme: 'tiered',
    unitAmount: null,
    tiersMode: 'graduated',
    tiers: [
      { upTo: 10, unitAmount: 2000, flatAmount: 0 },
      { upTo: 50, unitAmount: 1500, flatAmount: 0 },
      { upTo: null, unitAmount: 1000, flatAmount: 0 },
    ],
  }),
  graduatedWithFlat: price('price_graduated_flat', {
    billingScheme: 'tiered',
    unitAmount: null,
    tiersMode: 'graduated',
    tiers: [
      { upTo: 5, unitAmount: 0, flatAmount: 5000 },
      { upTo: null, unitAmount: 800, flatAmount: 1000 },
    ],
  }),
  volume: price('price_volume', {
    interval: 'year',
    billingScheme: 'tiered',
    unitAmount: null,
    tiersMode: 'volume',
    tiers: [
      { upTo: 20, unitAmount: 18_000, flatAmount: 10_000 },
      { upTo: null, unitAmount: 15_000, flatAmount: 10_000 },
    ],
  }),
  packsUp: price('price_packs_up', { unitAmount: 10_000, transformQuantity: { divideBy: 10, round: 'up' } }),
  packsDown: price('price_packs_down', { unitAmount: 10_000, transformQuantity: { divideBy: 10, round: 'down' } }),
};

const coupons = {
  launch20: coupon('LAUNCH20', { duration: 'repeating', durationInMonths: 3, percentOff: 20 }),
  welcome50: coupon('WELCOME50', { duration: 'once', percentOff: 50 }),
  loyal10: coupon('LOYAL10', { percentOff: 10 }),
  sixtyOff: coupon('SIXTYOFF', { amountOff: 6000, currency: 'usd' }),
  tenOff: coupon('TENOFF', { amountOff: 1000, currency: 'usd' }),
  friends100: coupon('FRIENDS100', { percentOff: 100 }),
};

const catalog: CatalogIndex = {
  catalog: { accountId: 'acct_test', accountName: 'Test', products: [], prices: Object.values(prices), coupons: Object.values(coupons) },
  priceFor: () => undefined,
  price: (id) => {
    const found = Object.values(prices).find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no price ${id}`);
    return found;
  },
  coupon: (id) => {
    const found = Object.values(coupons).find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no coupon ${id}`);
    return found;
  },
};

function item(slot: number, priceOf: CatalogPrice, quantity: number | null = 1): SubscriptionItemState {
  return { slot, priceId: priceOf.id, quantity, created: t0 };
}

function discount(couponOf: CatalogCoupon, fields: Partial<AppliedDiscount> = {}): AppliedDiscount {
  return { ordinal: 0, couponId: couponOf.id, start: t0, end: null, itemSlot: null, ...fields };
}

function version(items: SubscriptionItemState[], fields: Partial<SubscriptionVersion> = {}): SubscriptionVersion {
  return {
    at: t0,
    status: 'active',
    items,
    discounts: [],
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    currentPeriodStart: t0,
    currentPeriodEnd: t0 + 30 * day,
    latestInvoiceOrdinal: null,
    change: 'created',
    previous: null,
    ...fields,
  };
}

/** MRR at t0 + 1 day under Stripe's defaults unless other settings are given. */
function mrrOf(items: SubscriptionItemState[], fields: Partial<SubscriptionVersion> = {}, settings: MrrSettings = stripeDefaultMrrSettings): number {
  return versionMrr(version(items, fields), t0 + day, catalog, settings);
}

describe('METRICS.md: normalising a price to a month', () => {
  it('$1,200 a year is 10,000.00 cents a month (÷12)', () => {
    expect(mrrOf([item(0, prices.yearly1200)])).toBe(10_000);
  });

  it('$240 every 2 years is 1,000 cents a month (÷24)', () => {
    expect(mrrOf([item(0, prices.biennial240)])).toBe(1000);
  });

  it('$5 a week is 2,166.67 cents a month (×52/12), shown rounded to the cent', () => {
    expect(mrrOf([item(0, prices.weekly5)])).toBeCloseTo(2166.6667, 4);
    expect(mrrOf([item(0, prices.weekly5)])).toBeCloseTo(2166.67, 2);
  });

  it('$1 a day is 3,041.67 cents a month (×365/12); $54 a quarter is 1,800 (÷3)', () => {
    expect(mrrOf([item(0, prices.daily1)])).toBeCloseTo(3041.6667, 4);
    expect(mrrOf([item(0, prices.quarterly54)])).toBe(1800);
  });

  it('5 seats × $10 a month is 5,000 cents', () => {
    expect(intervalAmount(prices.seat10, 5)).toBe(5000);
    expect(mrrOf([item(0, prices.seat10, 5)])).toBe(5000);
  });

  it('zero-decimal currencies stay whole units: ¥2,400 a month is 2,400 yen, ¥24,001 a year is 2,000.0833 yen', () => {
    expect(mrrOf([item(0, prices.yenMonthly)])).toBe(2400);
    expect(mrrOf([item(0, prices.yenYearly)])).toBeCloseTo(24_001 / 12, 6);
  });

  it('items add up: $50 a month plus 3 seats × $10 is 8,000 cents', () => {
    expect(mrrOf([item(0, prices.monthly50), item(1, prices.seat10, 3)])).toBe(8000);
  });
});

describe('METRICS.md: tiers and transform_quantity', () => {
  it('graduated: 12 seats on tiers 10 @ $20, 50 @ $15 cost 10 × 2,000 + 2 × 1,500 = 23,000 cents', () => {
    expect(intervalAmount(prices.graduated, 12)).toBe(10 * 2000 + 2 * 1500);
    expect(intervalAmount(prices.graduated, 10)).toBe(20_000);
    expect(intervalAmount(prices.graduated, 60)).toBe(10 * 2000 + 40 * 1500 + 10 * 1000);
    expect(mrrOf([item(0, prices.graduated, 12)])).toBe(23_000);
  });

  it('graduated with flat fees: each tier entered adds its flat amount once', () => {
    expect(intervalAmount(prices.graduatedWithFlat, 3)).toBe(5000);
    expect(intervalAmount(prices.graduatedWithFlat, 7)).toBe(5000 + 1000 + 2 * 800);
  });

  it('volume: every unit at the tier the quantity falls in, plus that tier’s flat fee', () => {
    expect(intervalAmount(prices.volume, 20)).toBe(10_000 + 20 * 18_000);
    expect(intervalAmount(prices.volume, 25)).toBe(10_000 + 25 * 15_000);
    expect(mrrOf([item(0, prices.volume, 25)])).toBeCloseTo((10_000 + 25 * 15_000) / 12, 6);
  });

  it('transform_quantity: 11 seats in packs of 10 rounded up bill 2 packs; rounded down, 1', () => {
    expect(intervalAmount(prices.packsUp, 11)).toBe(2 * 10_000);
    expect(intervalAmount(prices.packsUp, 10)).toBe(10_000);
    expect(intervalAmount(prices.packsDown, 19)).toBe(10_000);
    expect(mrrOf([item(0, prices.packsUp, 11)])).toBe(20_000);
  });
});

describe('METRICS.md: what counts', () => {
  it('active and past_due count; trialing, incomplete, incomplete_expired, unpaid, canceled and paused are 0', () => {
    const items = [item(0, prices.monthly50)];
    expect(mrrOf(items, { status: 'active' })).toBe(5000);
    expect(mrrOf(items, { status: 'past_due' })).toBe(5000);
    for (const status of ['trialing', 'incomplete', 'incomplete_expired', 'unpaid', 'canceled', 'paused'] as const) {
      expect(mrrOf(items, { status }), status).toBe(0);
    }
  });

  it('metered items and one-time prices contribute 0, whatever the usage', () => {
    expect(mrrOf([item(0, prices.metered, null)])).toBe(0);
    expect(mrrOf([item(0, prices.metered, 1000)])).toBe(0);
    expect(mrrOf([item(0, prices.monthly50), item(1, prices.metered, null), item(2, prices.setupFee)])).toBe(5000);
  });

  it('a cancellation requested ends MRR at once by default; with the period-end setting it counts until the subscription ends', () => {
    const items = [item(0, prices.monthly50)];
    const requested = { cancelAtPeriodEnd: true, cancelAt: t0 + 30 * day, canceledAt: t0 + day / 2 };
    expect(mrrOf(items, requested)).toBe(0);
    expect(mrrOf(items, requested, periodEndSettings)).toBe(5000);
    expect(mrrOf(items, { ...requested, status: 'canceled', endedAt: t0 + day / 2 }, periodEndSettings)).toBe(0);
    expect(mrrOf(items, { canceledAt: t0 + day / 2 })).toBe(0);
  });
});

describe('METRICS.md: discounts', () => {
  const monthly50 = [item(0, prices.monthly50)];

  it('a repeating 20% coupon counts only with “subtract finite discounts”, and only while it runs', () => {
    const launch = [discount(coupons.launch20, { end: t0 + 90 * day })];
    expect(mrrOf(monthly50, { discounts: launch })).toBe(5000);
    expect(mrrOf(monthly50, { discounts: launch }, financeTeamSettings)).toBe(4000);
    expect(versionMrr(version(monthly50, { discounts: launch }), t0 + 90 * day, catalog, financeTeamSettings)).toBe(5000);
  });

  it('a once coupon is a finite discount too', () => {
    const welcome = [discount(coupons.welcome50, { end: t0 + 2 * day })];
    expect(mrrOf(monthly50, { discounts: welcome })).toBe(5000);
    expect(mrrOf(monthly50, { discounts: welcome }, financeTeamSettings)).toBe(2500);
  });

  it('a forever percent coupon always counts: 10% off $50 is 4,500 cents', () => {
    expect(mrrOf(monthly50, { discounts: [discount(coupons.loyal10)] })).toBe(4500);
  });

  it('a forever $60 off each invoice of a yearly $120 plan is 1,000 − 6,000 ÷ 12 = 500 cents a month', () => {
    expect(mrrOf([item(0, prices.yearly120)], { discounts: [discount(coupons.sixtyOff)] })).toBe(500);
  });

  it('100% off, or an amount off larger than the price, is 0 and never below', () => {
    expect(mrrOf(monthly50, { discounts: [discount(coupons.friends100)] })).toBe(0);
    expect(mrrOf([item(0, prices.seat10, 0)], { discounts: [discount(coupons.tenOff)] })).toBe(0);
    expect(mrrOf([item(0, prices.seat10)], { discounts: [discount(coupons.sixtyOff)] })).toBe(0);
  });

  it('an item-level discount applies to its item only; a subscription-level one to all', () => {
    const items = [item(0, prices.monthly50), item(1, prices.seat10, 2)];
    expect(mrrOf(items, { discounts: [discount(coupons.friends100, { itemSlot: 1 })] })).toBe(5000);
    expect(mrrOf(items, { discounts: [discount(coupons.loyal10)] })).toBe(0.9 * 7000);
  });

  it('a discount is not subtracted before it starts', () => {
    expect(mrrOf(monthly50, { discounts: [discount(coupons.loyal10, { start: t0 + 2 * day })] })).toBe(5000);
  });
});

describe('subscriptionMrrAt: the version in force', () => {
  it('is 0 before the subscription exists, then follows its versions', () => {
    const subscription: SubscriptionStory = {
      ordinal: 0,
      id: 'sub_test',
      created: t0,
      startDate: t0,
      billingCycleAnchor: t0,
      trialStart: null,
      trialEnd: null,
      currency: 'usd',
      versions: [version([item(0, prices.seat10, 2)]), version([item(0, prices.seat10, 5)], { at: t0 + 10 * day, change: 'updated' })],
    };
    expect(subscriptionMrrAt(subscription, t0 - 1, catalog)).toBe(0);
    expect(subscriptionMrrAt(subscription, t0 + 9 * day, catalog)).toBe(2000);
    expect(subscriptionMrrAt(subscription, t0 + 10 * day, catalog)).toBe(5000);
  });
});

/**
 * Hand-computed customers of a small generated account (seed 7, 300 customers, clock at 2026-11-27T00:00Z). Each is
 * found by what its story says, and its MRR worked out here from the catalog's price, the quantity and the interval.
 */
describe('dailyMrrByCustomer: a few customers worked out by hand', () => {
  let account: GeneratedAccount;
  let daily: Map<string, DailyMrr>;
  let firstDay: number;

  beforeAll(() => {
    account = generateAccount({ seed: 7, customers: 300, now: fixedNow });
    daily = new Map(Array.from(dailyMrrByCustomer(account, fixedNow), (row) => [row.customerId, row]));
    firstDay = historyDays(account, fixedNow).firstDay;
  });

  /** 2026-11-26, the last whole day before the clock: MRR is read at its last second. */
  const lastWholeDay = fixedNow - day;
  const endOf = (t: number) => startOfDay(t) + day - 1;

  function mrrOn(customer: CustomerStory, t: number): number {
    const row = daily.get(customer.id);
    if (!row) throw new Error(`${customer.id} has no MRR row`);
    const value = row.mrr[(startOfDay(t) - firstDay) / day];
    if (value === undefined) throw new Error(`no MRR on ${new Date(t * 1000).toISOString()}`);
    return value;
  }

  function stateAt(subscription: SubscriptionStory, t: number): SubscriptionVersion | undefined {
    return subscription.versions[versionAt(subscription.versions, t) ?? -1];
  }

  /** The first customer whose story matches, with its only subscription. */
  function findCustomer(what: string, matches: (customer: CustomerStory, subscription: SubscriptionStory) => boolean): { customer: CustomerStory; subscription: SubscriptionStory } {
    for (let index = 0; index < account.shape.customerCount; index++) {
      const customer = account.story(index);
      const [subscription] = customer.subscriptions;
      if (customer.created < fixedNow && subscription && customer.subscriptions.length === 1 && matches(customer, subscription)) return { customer, subscription };
    }
    throw new Error(`no customer in the account: ${what}`);
  }

  /** One licensed item on this plan at `t`, active, no cancellation asked for, no coupon ever. */
  const plainOn = (subscription: SubscriptionStory, t: number, plan: (price: CatalogPrice, quantity: number) => boolean) => {
    const state = stateAt(subscription, t);
    const [only] = state?.items ?? [];
    return (
      state?.status === 'active' &&
      !state.cancelAtPeriodEnd &&
      state.canceledAt === null &&
      state.items.length === 1 &&
      only !== undefined &&
      only.quantity !== null &&
      plan(account.catalog.price(only.priceId), only.quantity) &&
      subscription.versions.every((candidate) => candidate.discounts.length === 0)
    );
  };

  const planIs = (nickname: string, currency: string) => (price: CatalogPrice) => price.nickname === nickname && price.currency === currency;

  it('Starter monthly in usd, one seat, no coupon: 1,900 cents on 2026-11-26', () => {
    const { customer } = findCustomer('on Starter monthly in usd', (_, subscription) => plainOn(subscription, endOf(lastWholeDay), planIs('Starter monthly', 'usd')));
    const starterMonthlyUsd = 1900;

    expect(account.catalog.priceFor('starter-monthly', 'usd')?.unitAmount).toBe(starterMonthlyUsd);
    expect(mrrOn(customer, lastWholeDay)).toBe(starterMonthlyUsd);
  });

  it('Starter yearly in usd: 19,000 a year is 1,583.3333 cents a month', () => {
    const { customer } = findCustomer('on Starter yearly in usd', (_, subscription) => plainOn(subscription, endOf(lastWholeDay), planIs('Starter yearly', 'usd')));

    expect(account.catalog.priceFor('starter-yearly', 'usd')?.unitAmount).toBe(19_000);
    expect(mrrOn(customer, lastWholeDay)).toBeCloseTo(19_000 / 12, 4);
    expect(mrrOn(customer, lastWholeDay)).toBeCloseTo(1583.3333, 4);
  });

  it('Growth per seat monthly with several seats: seats × the seat price of the customer’s currency', () => {
    const { customer, subscription } = findCustomer('on Growth monthly with several seats', (_, candidate) =>
      plainOn(candidate, endOf(lastWholeDay), (price, quantity) => price.nickname === 'Growth per seat monthly' && quantity > 1),
    );
    const [seats] = stateAt(subscription, endOf(lastWholeDay))?.items ?? [];
    const seatPrice = { usd: 1200, eur: 1100, gbp: 1000, jpy: 1500 }[customer.currency];

    expect(seats?.quantity).toBeGreaterThan(1);
    expect(mrrOn(customer, lastWholeDay)).toBe((seats?.quantity ?? 0) * seatPrice);
  });

  it('a forever percent coupon (LOYAL10) on a per-unit plan: 90% of unit amount × quantity ÷ months', () => {
    const { customer, subscription } = findCustomer('with LOYAL10 in force, active', (_, candidate) => {
      const state = stateAt(candidate, endOf(lastWholeDay));
      const [only] = state?.items ?? [];
      return (
        state?.status === 'active' &&
        !state.cancelAtPeriodEnd &&
        state.items.length === 1 &&
        only !== undefined &&
        account.catalog.price(only.priceId).billingScheme === 'per_unit' &&
        state.discounts.length === 1 &&
        state.discounts.every((applied) => applied.couponId === 'LOYAL10')
      );
    });
    const state = stateAt(subscription, endOf(lastWholeDay));
    const [seat] = state?.items ?? [];
    const planPrice = account.catalog.price(seat?.priceId ?? '');
    const months = planPrice.interval === 'year' ? 12 * planPrice.intervalCount : planPrice.intervalCount;

    expect(planPrice.interval === 'year' || planPrice.interval === 'month').toBe(true);
    expect(mrrOn(customer, lastWholeDay)).toBeCloseTo((0.9 * (planPrice.unitAmount ?? 0) * (seat?.quantity ?? 0)) / months, 6);
  });

  it('a repeating coupon (LAUNCH20) is not subtracted by default, and is with “subtract finite discounts” while it runs', () => {
    const { customer, subscription } = findCustomer('with LAUNCH20, no trial, active a week in', (_, candidate) => {
      const [applied] = candidate.versions[0]?.discounts ?? [];
      const weekIn = endOf(candidate.created + 7 * day);
      return applied?.couponId === 'LAUNCH20' && candidate.trialEnd === null && plainOnIgnoringCoupons(candidate, weekIn);
    });
    const weekIn = endOf(subscription.created + 7 * day);
    const [seat] = stateAt(subscription, weekIn)?.items ?? [];
    const planPrice = account.catalog.price(seat?.priceId ?? '');
    const months = planPrice.interval === 'year' ? 12 * planPrice.intervalCount : planPrice.intervalCount;
    const full = ((planPrice.unitAmount ?? 0) * (seat?.quantity ?? 0)) / months;
    const { days } = historyDays(account, fixedNow);
    const withFinite = subscriptionDailyMrr(account, subscription, firstDay, days, financeTeamSettings);

    expect(mrrOn(customer, weekIn)).toBeCloseTo(full, 6);
    expect(withFinite[(startOfDay(weekIn) - firstDay) / day]).toBeCloseTo(0.8 * full, 6);
  });

  /** One licensed monthly per-unit item at `t`, active, no cancellation asked for; coupons allowed (their effect is the test's business). */
  function plainOnIgnoringCoupons(subscription: SubscriptionStory, t: number): boolean {
    const state = stateAt(subscription, t);
    const [only] = state?.items ?? [];
    if (state?.status !== 'active' || state.cancelAtPeriodEnd || state.items.length !== 1 || only === undefined || only.quantity === null) return false;
    const planPrice = account.catalog.price(only.priceId);
    return planPrice.billingScheme === 'per_unit' && planPrice.interval === 'month';
  }

  it('canceled at period end: full MRR the day before the request, 0 from the request’s day; with the period-end setting, until the period ends', () => {
    const { customer, subscription } = findCustomer('who asked to cancel at period end', (_, candidate) => {
      const request = candidate.versions.findIndex((state) => state.cancelAtPeriodEnd);
      const asked = candidate.versions[request];
      const before = candidate.versions[request - 1];
      return (
        asked !== undefined &&
        before !== undefined &&
        startOfDay(before.at) < startOfDay(asked.at) &&
        asked.currentPeriodEnd < fixedNow &&
        startOfDay(asked.currentPeriodEnd) > startOfDay(asked.at) + day &&
        plainOn(candidate, endOf(asked.at - day), (price) => price.billingScheme === 'per_unit')
      );
    });
    const asked = subscription.versions.find((state) => state.cancelAtPeriodEnd);
    if (!asked) throw new Error('no cancellation');
    const [seat] = asked.items;
    const planPrice = account.catalog.price(seat?.priceId ?? '');
    const months = planPrice.interval === 'year' ? 12 * planPrice.intervalCount : planPrice.intervalCount;
    const full = ((planPrice.unitAmount ?? 0) * (seat?.quantity ?? 0)) / months;
    const { firstDay: from, days } = historyDays(account, fixedNow);
    const atPeriodEnd = subscriptionDailyMrr(account, subscription, from, days, periodEndSettings);
    const onDay = (series: Float64Array, t: number) => series[(startOfDay(t) - from) / day];

    expect(asked.canceledAt).toBe(asked.at);
    expect(mrrOn(customer, asked.at - day)).toBeCloseTo(full, 6);
    expect(mrrOn(customer, asked.at)).toBe(0);
    expect(mrrOn(customer, asked.currentPeriodEnd)).toBe(0);
    expect(onDay(atPeriodEnd, asked.at)).toBeCloseTo(full, 6);
    expect(onDay(atPeriodEnd, asked.currentPeriodEnd - day)).toBeCloseTo(full, 6);
    expect(onDay(atPeriodEnd, asked.currentPeriodEnd)).toBe(0);
  });

  it('the day containing the instant the truth is taken at is read at that instant: a change later that day has not happened yet', () => {
    const { subscription, version } = (() => {
      for (let index = 0; index < account.shape.customerCount; index++) {
        for (const candidate of account.story(index).subscriptions) {
          const changed = candidate.versions.find((state, i) => {
            const before = candidate.versions[i - 1];
            return before !== undefined && state.at > startOfDay(state.at) && before.at < startOfDay(state.at) && subscriptionMrrAt(candidate, state.at, account.catalog) !== subscriptionMrrAt(candidate, state.at - 1, account.catalog);
          });
          if (changed) return { subscription: candidate, version: changed };
        }
      }
      throw new Error('no subscription whose MRR changes after the start of a day');
    })();
    const until = version.at - 1;
    const { firstDay: from, days } = historyDays(account, until);
    const asOf = subscriptionDailyMrr(account, subscription, from, days, stripeDefaultMrrSettings, until);
    const afterwards = subscriptionDailyMrr(account, subscription, from, days, stripeDefaultMrrSettings);

    expect(asOf[days - 1]).toBe(subscriptionMrrAt(subscription, until, account.catalog));
    expect(afterwards[days - 1]).toBe(subscriptionMrrAt(subscription, endOf(version.at), account.catalog));
    expect(asOf[days - 1]).not.toBe(afterwards[days - 1]);
    expect(asOf.slice(0, days - 1)).toEqual(afterwards.slice(0, days - 1));
  });

  it('before a customer’s subscription starts, their MRR is 0', () => {
    const { customer, subscription } = findCustomer('on Starter monthly in usd', (_, candidate) => plainOn(candidate, endOf(lastWholeDay), planIs('Starter monthly', 'usd')));
    expect(startOfDay(subscription.created)).toBeGreaterThan(firstDay);

    expect(mrrOn(customer, subscription.created - day)).toBe(0);
  });
});
