import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/core';
import { insertAccount } from '../../../src/core/db/repositories/accounts';
import { recordSubscriptionSnapshot } from '../../../src/core/db/repositories/subscription-snapshots';
import { dayOfIso } from '../../../src/core/metrics/history/days';
import { loadMrrHistory } from '../../../src/core/metrics/history/load-mrr-history';
import { stripeDefaultMrrSettings } from '../../../src/core/metrics/mrr-types';
import { overviewAt } from '../../../src/core/metrics/overview';
import { reportCatalogue } from '../../../src/core/reports/reports';
import { createMemorySecretStore } from '../../../src/core/secrets/memory-secret-store';
import { type ChannelName } from '../../../src/shared/channels';
import { type ChannelInput } from '../../../src/shared/contract';
import { createMemoryLogger } from '../../support/memory-logger';
import { makeTempDir } from '../../support/temp-dir';
import { answerOf, refusalOf } from '../../support/channel-calls';

/**
 * A hand-made mirror with known MRR (no invoices: each subscription's history is its recorded snapshots), so every
 * figure below is worked out by hand. Today is 2025-06-15 on the core's fixed clock.
 *
 * usd: cus_a 2 × $10/month from 01-10, 3 seats from 03-05 (expansion $10) → $30
 *      cus_b $9.99/year (= 83.25¢/month) from 02-01, with a `once` 50% coupon (only subtracted when the setting is on)
 *      cus_c $10.01/quarter (333.67¢/month) from 01-20, cancelled 04-10 (churn); $5/month from 05-20 (reactivation)
 *      cus_d $25/month from 03-15, downgraded to $15 on 05-02 (contraction $10)
 *      cus_f trialing since 06-01: never paying
 * eur: cus_e €40/month from 04-01
 * MRR usd today: 3000 + 83.25 + 500 + 1500 = 5083.25¢.
 */
const accountId = 'acc_metricsunit0001';
const today = '2025-06-15';
const at = (iso: string, hour = 9) => Date.parse(`${iso}T00:00:00Z`) / 1000 + hour * 3600;

type Json = Record<string, unknown>;

function price(id: string, unitAmount: number, interval: 'month' | 'year', intervalCount = 1, currency = 'usd'): Json {
  return { id, object: 'price', currency, unit_amount: unitAmount, unit_amount_decimal: String(unitAmount), type: 'recurring', billing_scheme: 'per_unit', recurring: { interval, interval_count: intervalCount, usage_type: 'licensed' } };
}

const prices = {
  seat: price('price_seat', 1000, 'month'),
  yearly: price('price_yearly', 999, 'year'),
  quarterly: price('price_quarterly', 1001, 'month', 3),
  small: price('price_small', 500, 'month'),
  team: price('price_team', 2500, 'month'),
  lite: price('price_lite', 1500, 'month'),
  euro: price('price_euro', 4000, 'month', 1, 'eur'),
};

const halfOffOnce = { id: 'di_halfoff', object: 'discount', start: at('2025-02-01'), end: at('2025-08-01'), source: { type: 'coupon', coupon: { id: 'HALF', object: 'coupon', percent_off: 50, amount_off: null, currency: null, duration: 'once', duration_in_months: null } } };

interface Version {
  from: string;
  items: [Json, number][];
  status?: string;
  discounts?: Json[];
  canceledAt?: string;
}

interface FixtureSubscription {
  id: string;
  customer: string;
  currency?: string;
  versions: Version[];
  /** The trial's planned end (the subscription row's `trial_end`). */
  trialEnd?: string;
}

const subscriptions: FixtureSubscription[] = [
  { id: 'sub_a', customer: 'cus_a', versions: [{ from: '2025-01-10', items: [[prices.seat, 2]] }, { from: '2025-03-05', items: [[prices.seat, 3]] }] },
  { id: 'sub_b', customer: 'cus_b', versions: [{ from: '2025-02-01', items: [[prices.yearly, 1]], discounts: [halfOffOnce] }] },
  { id: 'sub_c1', customer: 'cus_c', versions: [{ from: '2025-01-20', items: [[prices.quarterly, 1]] }, { from: '2025-04-10', items: [[prices.quarterly, 1]], status: 'canceled', canceledAt: '2025-04-10' }] },
  { id: 'sub_c2', customer: 'cus_c', versions: [{ from: '2025-05-20', items: [[prices.small, 1]] }] },
  { id: 'sub_d', customer: 'cus_d', versions: [{ from: '2025-03-15', items: [[prices.team, 1]] }, { from: '2025-05-02', items: [[prices.lite, 1]] }] },
  { id: 'sub_e', customer: 'cus_e', currency: 'eur', versions: [{ from: '2025-04-01', items: [[prices.euro, 1]] }] },
  { id: 'sub_f', customer: 'cus_f', versions: [{ from: '2025-06-01', items: [[prices.seat, 1]], status: 'trialing' }] },
];

const customers = [
  { id: 'cus_a', email: 'ada@example.com', name: 'Ada' },
  { id: 'cus_b', email: 'bo@example.com', name: 'Bo' },
  { id: 'cus_c', email: 'cy@example.com', name: 'Cy' },
  { id: 'cus_d', email: null, name: 'Dee' },
  { id: 'cus_e', email: 'eve@example.eu', name: 'Eve' },
  { id: 'cus_f', email: 'fay@example.com', name: null },
];

function subscriptionJson(subscription: FixtureSubscription, version: Version): Json {
  const canceledAt = version.canceledAt ? at(version.canceledAt) : null;
  return {
    id: subscription.id,
    object: 'subscription',
    customer: subscription.customer,
    currency: subscription.currency ?? 'usd',
    status: version.status ?? 'active',
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: canceledAt,
    ended_at: canceledAt,
    items: { object: 'list', data: version.items.map(([itemPrice, quantity], index) => ({ id: `si_${subscription.id}_${index}`, object: 'subscription_item', price: itemPrice, quantity, discounts: [] })) },
    discounts: version.discounts ?? [],
  };
}

/** A subscription row as its latest version, and a snapshot per version. */
function addSubscription(db: Database.Database, subscription: FixtureSubscription, account = accountId): void {
  const latest = subscription.versions[subscription.versions.length - 1] as Version;
  const raw = subscriptionJson(subscription, latest);
  const start = at((subscription.versions[0] as Version).from);
  db.prepare('INSERT INTO subscriptions (account_id, id, raw, source_ts, created, customer, status, currency, start_date, canceled_at, ended_at, trial_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    account, subscription.id, JSON.stringify(raw), at('2025-06-01'), start, subscription.customer, raw['status'], raw['currency'], start, raw['canceled_at'], raw['ended_at'], subscription.trialEnd ? at(subscription.trialEnd) : null,
  );
  for (const version of subscription.versions) {
    recordSubscriptionSnapshot(db, { accountId: account, subscriptionId: subscription.id, validFrom: at(version.from), source: 'sync', raw: JSON.stringify(subscriptionJson(subscription, version)) });
  }
}

/** Writes the fixture's rows the way a sync would leave them: objects, snapshots, invoices and charges of cus_c. */
function seedMirror(db: Database.Database, account = accountId): void {
  insertAccount(db, { id: account, displayName: 'Fixture', source: 'stripe', stripeAccountId: null, keyMode: 'test', keyKind: 'secret', keyLast4: 'abcd', createdAt: '2025-01-01T00:00:00.000Z' });
  const insertCustomer = db.prepare('INSERT INTO customers (account_id, id, raw, source_ts, created, email, name, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const customer of customers) insertCustomer.run(account, customer.id, JSON.stringify({ id: customer.id, object: 'customer' }), at('2025-06-01'), at('2025-01-01'), customer.email, customer.name, 'usd');
  for (const subscription of subscriptions) addSubscription(db, subscription, account);
  const insertInvoice = db.prepare('INSERT INTO invoices (account_id, id, raw, source_ts, created, customer, subscription, status, currency, total, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  insertInvoice.run(account, 'in_c1', '{}', at('2025-06-01'), at('2025-01-20'), 'cus_c', null, 'paid', 'usd', 1001, 0);
  insertInvoice.run(account, 'in_c2', '{}', at('2025-06-01'), at('2025-05-20'), 'cus_c', null, 'open', 'usd', 500, 0);
  insertInvoice.run(account, 'in_c_draft', '{}', at('2025-06-01'), at('2025-05-21'), 'cus_c', null, 'draft', 'usd', 500, 1);
  const insertCharge = db.prepare('INSERT INTO charges (account_id, id, raw, source_ts, created, customer, amount, amount_refunded, currency, status, paid, refunded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  insertCharge.run(account, 'ch_c1', '{}', at('2025-06-01'), at('2025-01-20', 10), 'cus_c', 1001, 0, 'usd', 'succeeded', 1, 0);
  insertCharge.run(account, 'ch_c2', '{}', at('2025-06-01'), at('2025-05-20', 10), 'cus_c', 500, 0, 'usd', 'failed', 0, 0);
}

describe('the metrics channels', () => {
  let core: Core;
  let temp: ReturnType<typeof makeTempDir>;

  beforeEach(() => {
    temp = makeTempDir();
    core = createCore({ dataDir: temp.dir, secrets: createMemorySecretStore(), logger: createMemoryLogger(), clock: { now: () => new Date(`${today}T15:30:00Z`) } });
    seedMirror(core.context.db);
  });
  afterEach(() => {
    core.close();
    temp.remove();
  });

  const call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => answerOf(core, channel, input);

  const refusal = (channel: ChannelName, input: unknown) => refusalOf(core, channel, input);

  describe('metrics:overview', () => {
    it('is overviewAt on the same history, today by default, with the figures worked out by hand', async () => {
      const overview = await call('metrics:overview', { accountId });
      const history = loadMrrHistory(core.context.db, accountId, stripeDefaultMrrSettings, dayOfIso(today));
      expect(overview).toMatchObject(overviewAt(history, dayOfIso(today)));
      expect(overview.at).toBe(today);
      expect(Object.keys(overview.byCurrency)).toEqual(['eur', 'usd']);
      expect(overview.byCurrency.usd).toMatchObject({ mrr: 5083, arr: 60999, payingCustomers: 4, month: { from: '2025-06-01', to: today }, newMrr: 0, churnedMrr: 0 });
      expect(overview.byCurrency.eur).toMatchObject({ mrr: 4000, payingCustomers: 1 });
    });

    it('answers for an earlier day, and reads a day after today as today', async () => {
      const may = await call('metrics:overview', { accountId, at: '2025-05-31' });
      expect(may.at).toBe('2025-05-31');
      expect(may.byCurrency.usd).toMatchObject({ mrr: 5083, month: { from: '2025-05-01', to: '2025-05-31' }, reactivationMrr: 500, contractionMrr: 1000, netNewMrr: -500 });
      const april = await call('metrics:overview', { accountId, at: '2025-04-10' });
      expect(april.byCurrency.usd).toMatchObject({ mrr: 5583, churnedMrr: 334, churnedCustomers: 1, payingCustomers: 3 });
      expect((await call('metrics:overview', { accountId, at: '2030-01-01' })).at).toBe(today);
    });
  });

  describe('metrics:overview: trial conversion and MRR at risk', () => {
    const plan20 = price('price_plan20', 2000, 'month');
    const plan30 = price('price_plan30', 3000, 'month');
    const plan12 = price('price_plan12', 1200, 'month');
    /**
     * t1 trial ends 06-03 and pays · t2 ends 06-05 and is cancelled that day · t3 cancelled 06-04 during a trial planned
     * to 06-14 · t4 trialing until 06-20 · t5 trial ended 05-15 and pays · t6 trial ends 06-10 into past_due (its first
     * payment being retried: counted MRR, so converted, and at risk) · r paying, past_due 05-10 to 05-20.
     */
    const trialing: FixtureSubscription[] = [
      { id: 'sub_t1', customer: 'cus_t1', trialEnd: '2025-06-03', versions: [{ from: '2025-05-20', items: [[plan20, 1]], status: 'trialing' }, { from: '2025-06-03', items: [[plan20, 1]] }] },
      {
        id: 'sub_t2',
        customer: 'cus_t2',
        trialEnd: '2025-06-05',
        versions: [{ from: '2025-05-25', items: [[plan20, 1]], status: 'trialing' }, { from: '2025-06-05', items: [[plan20, 1]], status: 'canceled', canceledAt: '2025-06-05' }],
      },
      {
        id: 'sub_t3',
        customer: 'cus_t3',
        trialEnd: '2025-06-14',
        versions: [{ from: '2025-06-01', items: [[plan20, 1]], status: 'trialing' }, { from: '2025-06-04', items: [[plan20, 1]], status: 'canceled', canceledAt: '2025-06-04' }],
      },
      { id: 'sub_t4', customer: 'cus_t4', trialEnd: '2025-06-20', versions: [{ from: '2025-06-01', items: [[plan20, 1]], status: 'trialing' }] },
      { id: 'sub_t5', customer: 'cus_t5', trialEnd: '2025-05-15', versions: [{ from: '2025-05-01', items: [[plan20, 1]], status: 'trialing' }, { from: '2025-05-15', items: [[plan20, 1]] }] },
      { id: 'sub_t6', customer: 'cus_t6', trialEnd: '2025-06-10', versions: [{ from: '2025-06-01', items: [[plan30, 1]], status: 'trialing' }, { from: '2025-06-10', items: [[plan30, 1]], status: 'past_due' }] },
      { id: 'sub_r', customer: 'cus_r', versions: [{ from: '2025-04-01', items: [[plan12, 1]] }, { from: '2025-05-10', items: [[plan12, 1]], status: 'past_due' }, { from: '2025-05-20', items: [[plan12, 1]] }] },
    ];
    beforeEach(() => {
      for (const subscription of trialing) addSubscription(core.context.db, subscription);
    });

    it('counts the trials that ended this month and those that went on to pay', async () => {
      const june = (await call('metrics:overview', { accountId })).byCurrency.usd;
      // Ended in June: t1, t2, t3 (at its cancellation), t6; t4 has not ended, t5 ended in May. Paying after: t1, t6.
      expect(june).toMatchObject({ trialsEnded: 4, trialsConverted: 2, trialConversion: 0.5 });
      const may = (await call('metrics:overview', { accountId, at: '2025-05-31' })).byCurrency.usd;
      expect(may).toMatchObject({ trialsEnded: 1, trialsConverted: 1, trialConversion: 1 });
      const april = (await call('metrics:overview', { accountId, at: '2025-04-30' })).byCurrency.usd;
      expect(april).toMatchObject({ trialsEnded: 0, trialsConverted: 0, trialConversion: null });
    });

    it('gives the MRR of the subscriptions past_due at the day: today from the mirror, earlier days from the snapshots', async () => {
      const overview = await call('metrics:overview', { accountId });
      // t6's $30 (part of MRR: 5083.25 + t1 2000 + t5 2000 + t6 3000 + r 1200 = 13283.25).
      expect(overview.byCurrency.usd).toMatchObject({ mrr: 13_283, mrrAtRisk: 3000 });
      expect(overview.byCurrency.eur).toMatchObject({ mrrAtRisk: 0, trialsEnded: 0, trialConversion: null });
      expect((await call('metrics:overview', { accountId, at: '2025-06-12' })).byCurrency.usd?.mrrAtRisk).toBe(3000);
      // r was past_due from 05-10 to 05-20; t6 was still trialing.
      expect((await call('metrics:overview', { accountId, at: '2025-05-15' })).byCurrency.usd?.mrrAtRisk).toBe(1200);
      expect((await call('metrics:overview', { accountId, at: '2025-05-25' })).byCurrency.usd?.mrrAtRisk).toBe(0);
      expect(overview.converted.mrrAtRisk).toBe(3000);
    });
  });

  describe('metrics:overview: the total converted into the reporting currency', () => {
    const insertCharge = (id: string, currency: string, created: string, exchangeRate: number | null, settlementCurrency: string | null) =>
      core.context.db
        .prepare(
          `INSERT INTO charges (account_id, id, raw, source_ts, created, customer, amount, amount_refunded, currency, status, paid, refunded, exchange_rate, settlement_currency)
           VALUES (?, ?, '{}', ?, ?, 'cus_e', 4000, 0, ?, 'succeeded', 1, 0, ?, ?)`,
        )
        .run(accountId, id, at('2025-06-10'), at(created), currency, exchangeRate, settlementCurrency);

    it('reports in the most-used currency, and leaves out a currency no balance transaction gives a rate for', async () => {
      const { converted } = await call('metrics:overview', { accountId });
      expect(converted).toEqual({
        currency: 'usd',
        currencySource: 'account',
        rates: { eur: { rate: null, source: 'missing' } },
        isComplete: false,
        mrr: 5083,
        arr: 60_999,
        newMrr: 0,
        reactivationMrr: 0,
        expansionMrr: 0,
        contractionMrr: 0,
        churnedMrr: 0,
        netNewMrr: 0,
        mrrAtRisk: 0,
      });
    });

    it('takes the newest rate the account’s balance transactions show, summing at full precision and rounding once', async () => {
      insertCharge('ch_eur_may', 'eur', '2025-05-01', 1.1, 'usd');
      insertCharge('ch_eur_june', 'eur', '2025-06-01', 1.2, 'usd');
      insertCharge('ch_usd', 'usd', '2025-06-02', null, 'usd');
      const overview = await call('metrics:overview', { accountId });
      // 5083.25¢ + €40 × 1.2 = 9883.25¢; ARR 12 × that = 118,599¢.
      expect(overview.converted).toMatchObject({ currency: 'usd', rates: { eur: { rate: 1.2, source: 'account' } }, isComplete: true, mrr: 9883, arr: 118_599 });
      // Per-currency figures are untouched by conversion.
      expect(overview.byCurrency.eur?.mrr).toBe(4000);
      const may = await call('metrics:overview', { accountId, at: '2025-05-31' });
      expect(may.converted).toMatchObject({ reactivationMrr: 500, contractionMrr: 1000, netNewMrr: -500 });
    });

    it('reports in the currency the user picks, through the settlement currency, or at the user’s own rates', async () => {
      insertCharge('ch_eur_june', 'eur', '2025-06-01', 1.2, 'usd');
      await call('settings:update', { reportingCurrency: 'eur' });
      const inEuros = (await call('metrics:overview', { accountId })).converted;
      // €40 + $50.8325 ÷ 1.2 = €82.3604…
      expect(inEuros).toMatchObject({ currency: 'eur', currencySource: 'user', rates: { usd: { rate: 1 / 1.2, source: 'account' } }, mrr: 8236 });
      await call('settings:update', { exchangeRates: { usd: 0.9 } });
      const atUserRate = (await call('metrics:overview', { accountId })).converted;
      // €40 + $50.8325 × 0.9 = €85.74925.
      expect(atUserRate).toMatchObject({ rates: { usd: { rate: 0.9, source: 'user' } }, mrr: 8575 });
      expect(await call('settings:get', undefined)).toMatchObject({ reportingCurrency: 'eur', exchangeRates: { usd: 0.9 } });
    });

    it.each([
      [{ reportingCurrency: 'dollars' }, 'reportingCurrency'],
      [{ exchangeRates: { usd: 0 } }, 'above 0'],
      [{ exchangeRates: { USD: 1.1 } }, 'exchangeRates'],
    ])('settings:update refuses %j', async (input, words) => {
      const error = await refusal('settings:update', input);
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain(words);
    });
  });

  describe('metrics:cohorts', () => {
    it('groups customers by the month of their first MRR, each followed to today, with the share `kind` asks for', async () => {
      const table = await call('metrics:cohorts', { accountId, currency: 'USD' });
      expect(table).toMatchObject({ currency: 'usd', kind: 'customers', at: today });
      const cohortRows = table.cohorts.map((cohort) => [cohort.month, cohort.customers, cohort.startingMrr, cohort.months.map((month) => [month.month, month.payingCustomers, month.mrr, month.customerRetention])]);
      expect(cohortRows).toEqual([
        // cus_a ($20, $30 from 03-05) and cus_c ($10.01 a quarter, churned 04-10, back at $5 on 05-20).
        ['2025-01', 2, 2334, [['2025-01', 2, 2334, 1], ['2025-02', 2, 2334, 1], ['2025-03', 2, 3334, 1], ['2025-04', 1, 3000, 0.5], ['2025-05', 2, 3500, 1], ['2025-06', 2, 3500, 1]]],
        ['2025-02', 1, 83, [['2025-02', 1, 83, 1], ['2025-03', 1, 83, 1], ['2025-04', 1, 83, 1], ['2025-05', 1, 83, 1], ['2025-06', 1, 83, 1]]],
        // cus_d, $25 then $15 from 05-02.
        ['2025-03', 1, 2500, [['2025-03', 1, 2500, 1], ['2025-04', 1, 2500, 1], ['2025-05', 1, 1500, 1], ['2025-06', 1, 1500, 1]]],
      ]);
      const [january] = table.cohorts;
      expect(january?.months.map((month) => month.share)).toEqual([1, 1, 1, 0.5, 1, 1]);
      expect(january?.months.at(-1)?.asOf).toBe(today);
      const starting = 2000 + 1001 / 3;
      const byMrr = await call('metrics:cohorts', { accountId, currency: 'usd', kind: 'mrr' });
      const shares = byMrr.cohorts[0]?.months.map((month) => month.share) ?? [];
      [1, 1, (3000 + 1001 / 3) / starting, 3000 / starting, 3500 / starting, 3500 / starting].forEach((expected, index) => expect(shares[index]).toBeCloseTo(expected, 12));
      expect(byMrr.cohorts[2]?.months.map((month) => month.mrrRetention)).toEqual([1, 1, 0.6, 0.6]);
    });

    it('keeps currencies apart, and answers no cohorts for a currency without subscriptions', async () => {
      expect((await call('metrics:cohorts', { accountId, currency: 'eur' })).cohorts).toEqual([
        {
          month: '2025-04',
          customers: 1,
          startingMrr: 4000,
          months: ['2025-04', '2025-05', '2025-06'].map((month, offset) => ({
            offset,
            month,
            asOf: month === '2025-06' ? today : month === '2025-04' ? '2025-04-30' : '2025-05-31',
            payingCustomers: 1,
            mrr: 4000,
            customerRetention: 1,
            mrrRetention: 1,
            share: 1,
          })),
        },
      ]);
      expect((await call('metrics:cohorts', { accountId, currency: 'gbp' })).cohorts).toEqual([]);
    });
  });

  describe('metrics:cash', () => {
    it('gives charges, refunds, net and failed payments per month and currency, the range cut to today', async () => {
      expect(await call('metrics:cash', { accountId, from: '2025-01-01', to: '2025-12-31' })).toEqual({
        from: '2025-01-01',
        to: today,
        months: [
          { month: '2025-01', currency: 'usd', charged: 1001, charges: 1, refunded: 0, refunds: 0, net: 1001, failedAmount: 0, failedPayments: 0 },
          { month: '2025-05', currency: 'usd', charged: 0, charges: 0, refunded: 0, refunds: 0, net: 0, failedAmount: 500, failedPayments: 1 },
        ],
      });
      // Both days are included: the failed payment was made on 05-20.
      expect((await call('metrics:cash', { accountId, from: '2025-05-20', to: '2025-05-20' })).months).toHaveLength(1);
      expect((await call('metrics:cash', { accountId, from: '2025-05-21', to: '2025-06-15' })).months).toEqual([]);
    });
  });

  describe('metrics:series', () => {
    it('gives calendar months cut to the range: MRR at each month’s end, movements summed over its days', async () => {
      const series = await call('metrics:series', { accountId, currency: 'USD', from: '2025-01-15', to: '2025-12-31', interval: 'month' });
      expect(series).toMatchObject({ currency: 'usd', interval: 'month', from: '2025-01-15', to: today });
      expect(series.points.map((point) => [point.date, point.endDate])).toEqual([
        ['2025-01-15', '2025-01-31'],
        ['2025-02-01', '2025-02-28'],
        ['2025-03-01', '2025-03-31'],
        ['2025-04-01', '2025-04-30'],
        ['2025-05-01', '2025-05-31'],
        ['2025-06-01', today],
      ]);
      expect(series.points.map(({ mrr, payingCustomers }) => [mrr, payingCustomers])).toEqual([
        [2334, 2],
        [2417, 3],
        [5917, 4],
        [5583, 3],
        [5083, 4],
        [5083, 4],
      ]);
      expect(series.points[0]).toMatchObject({ new: 334, netNew: 334 });
      expect(series.points[2]).toMatchObject({ new: 2500, expansion: 1000, netNew: 3500 });
      expect(series.points[3]).toMatchObject({ churn: 334, netNew: -334 });
      expect(series.points[4]).toMatchObject({ reactivation: 500, contraction: 1000, netNew: -500 });
      // Each point's net new is the change in MRR since the point before, to the cent (both sides are rounded).
      let previous = (await call('metrics:series', { accountId, currency: 'usd', from: '2025-01-14', to: '2025-01-14', interval: 'day' })).points[0]?.mrr ?? 0;
      for (const point of series.points) {
        expect(Math.abs(point.netNew - (point.mrr - previous)), point.date).toBeLessThanOrEqual(1);
        previous = point.mrr;
      }
    });

    it('gives days, each with that day’s movements', async () => {
      const series = await call('metrics:series', { accountId, currency: 'usd', from: '2025-04-09', to: '2025-04-11', interval: 'day' });
      expect(series.points).toEqual([
        { date: '2025-04-09', endDate: '2025-04-09', mrr: 5917, payingCustomers: 4, new: 0, reactivation: 0, expansion: 0, contraction: 0, churn: 0, netNew: 0 },
        { date: '2025-04-10', endDate: '2025-04-10', mrr: 5583, payingCustomers: 3, new: 0, reactivation: 0, expansion: 0, contraction: 0, churn: 334, netNew: -334 },
        { date: '2025-04-11', endDate: '2025-04-11', mrr: 5583, payingCustomers: 3, new: 0, reactivation: 0, expansion: 0, contraction: 0, churn: 0, netNew: 0 },
      ]);
    });

    it('answers zeros for a currency the account has no subscriptions in', async () => {
      const series = await call('metrics:series', { accountId, currency: 'gbp', from: '2025-06-01', to: '2025-06-02', interval: 'day' });
      expect(series.points.map((point) => point.mrr)).toEqual([0, 0]);
    });
  });

  describe('metrics:drilldown', () => {
    it('lists the customers paying at the end of `to`, largest first, adding up to the total', async () => {
      const drilldown = await call('metrics:drilldown', { accountId, currency: 'usd', figure: 'mrr', from: '2025-06-01', to: today });
      expect(drilldown.rows).toEqual([
        { customerId: 'cus_a', email: 'ada@example.com', name: 'Ada', amount: 3000 },
        { customerId: 'cus_d', email: null, name: 'Dee', amount: 1500 },
        { customerId: 'cus_c', email: 'cy@example.com', name: 'Cy', amount: 500 },
        { customerId: 'cus_b', email: 'bo@example.com', name: 'Bo', amount: 83 },
      ]);
      expect(drilldown).toMatchObject({ figure: 'mrr', currency: 'usd', from: '2025-06-01', to: today, value: 5083, total: 5083 });
      const paying = await call('metrics:drilldown', { accountId, currency: 'usd', figure: 'payingCustomers', from: '2025-06-01', to: today });
      expect(paying).toMatchObject({ value: 4, total: 4 });
      expect(paying.rows.map((row) => row.customerId)).toEqual(['cus_a', 'cus_d', 'cus_c', 'cus_b']);
    });

    it('apportions the rows so they add up to the figure shown, even where rounding each row alone would not', async () => {
      // Three customers at £12.49 a quarter: 416.33p each, 1249p together; rounding each alone would give 416 × 3 = 1248.
      const quarterly = price('price_gbp_quarter', 1249, 'month', 3, 'gbp');
      for (const id of ['g1', 'g2', 'g3']) addSubscription(core.context.db, { id: `sub_${id}`, customer: `cus_${id}`, currency: 'gbp', versions: [{ from: '2025-06-01', items: [[quarterly, 1]] }] });
      const drilldown = await call('metrics:drilldown', { accountId, currency: 'gbp', figure: 'mrr', from: today, to: today });
      expect(drilldown.rows.map((row) => [row.customerId, row.amount, row.email])).toEqual([
        ['cus_g1', 417, null],
        ['cus_g2', 416, null],
        ['cus_g3', 416, null],
      ]);
      expect(drilldown).toMatchObject({ value: 1249, total: 1249 });
      expect((await call('metrics:overview', { accountId })).byCurrency.gbp?.mrr).toBe(drilldown.value);
      const news = await call('metrics:drilldown', { accountId, currency: 'gbp', figure: 'new', from: '2025-06-01', to: today });
      expect(news).toMatchObject({ value: 1249, total: 1249 });
      for (const to of ['2025-02-28', '2025-04-09', today]) {
        const usd = await call('metrics:drilldown', { accountId, currency: 'usd', figure: 'mrr', from: to, to });
        expect(usd.total).toBe(usd.rows.reduce((sum, row) => sum + row.amount, 0));
        expect(usd.total).toBe(usd.value);
      }
    });

    it('lists the movements of one type in [from, to], each with its day', async () => {
      const march = { accountId, currency: 'usd', from: '2025-03-01', to: '2025-03-31' } as const;
      expect(await call('metrics:drilldown', { ...march, figure: 'new' })).toMatchObject({ value: 2500, total: 2500, rows: [{ customerId: 'cus_d', amount: 2500, date: '2025-03-15', name: 'Dee' }] });
      expect(await call('metrics:drilldown', { ...march, figure: 'expansion' })).toMatchObject({ total: 1000, rows: [{ customerId: 'cus_a', amount: 1000, date: '2025-03-05' }] });
      expect(await call('metrics:drilldown', { ...march, figure: 'churn' })).toMatchObject({ value: 0, total: 0, rows: [] });
      const year = { accountId, currency: 'usd', from: '2025-01-01', to: today } as const;
      const news = await call('metrics:drilldown', { ...year, figure: 'new' });
      expect(news.rows.map((row) => [row.customerId, row.amount, row.date])).toEqual([
        ['cus_d', 2500, '2025-03-15'],
        ['cus_a', 2000, '2025-01-10'],
        ['cus_c', 334, '2025-01-20'],
        ['cus_b', 83, '2025-02-01'],
      ]);
      // 2500 + 2000 + 333.67 + 83.25 = 4916.92 → 4917 rounded once; the rows are 4917 too.
      expect(news).toMatchObject({ value: 4917, total: 4917 });
      expect(await call('metrics:drilldown', { ...year, figure: 'churn' })).toMatchObject({ total: 334, rows: [{ customerId: 'cus_c', date: '2025-04-10' }] });
      expect(await call('metrics:drilldown', { ...year, figure: 'reactivation' })).toMatchObject({ total: 500, rows: [{ customerId: 'cus_c', date: '2025-05-20' }] });
      expect(await call('metrics:drilldown', { ...year, figure: 'contraction' })).toMatchObject({ total: 1000, rows: [{ customerId: 'cus_d', date: '2025-05-02' }] });
    });

    it('keeps currencies apart', async () => {
      const eur = await call('metrics:drilldown', { accountId, currency: 'eur', figure: 'mrr', from: today, to: today });
      expect(eur).toMatchObject({ value: 4000, total: 4000, rows: [{ customerId: 'cus_e', amount: 4000 }] });
    });
  });

  describe('metrics:customer', () => {
    it('gives the customer’s MRR now, movements, subscriptions, invoices and payments, newest first', async () => {
      const customer = await call('metrics:customer', { accountId, customerId: 'cus_c' });
      expect(customer).toEqual({
        customerId: 'cus_c',
        email: 'cy@example.com',
        name: 'Cy',
        deleted: false,
        currencies: ['usd'],
        mrrNow: { usd: 500 },
        movements: [
          { date: '2025-05-20', currency: 'usd', type: 'reactivation', amount: 500, mrrAfter: 500 },
          { date: '2025-04-10', currency: 'usd', type: 'churn', amount: -334, mrrAfter: 0 },
          { date: '2025-01-20', currency: 'usd', type: 'new', amount: 334, mrrAfter: 334 },
        ],
        subscriptions: [
          { id: 'sub_c2', status: 'active', currency: 'usd', created: '2025-05-20T09:00:00.000Z', canceledAt: null, endedAt: null },
          { id: 'sub_c1', status: 'canceled', currency: 'usd', created: '2025-01-20T09:00:00.000Z', canceledAt: '2025-04-10T09:00:00.000Z', endedAt: '2025-04-10T09:00:00.000Z' },
        ],
        invoices: [
          { id: 'in_c2', status: 'open', total: 500, currency: 'usd', created: '2025-05-20T09:00:00.000Z' },
          { id: 'in_c1', status: 'paid', total: 1001, currency: 'usd', created: '2025-01-20T09:00:00.000Z' },
        ],
        payments: [
          { id: 'ch_c2', amount: 500, amountRefunded: 0, currency: 'usd', status: 'failed', created: '2025-05-20T10:00:00.000Z' },
          { id: 'ch_c1', amount: 1001, amountRefunded: 0, currency: 'usd', status: 'succeeded', created: '2025-01-20T10:00:00.000Z' },
        ],
      });
    });

    it('knows a customer who never paid, and refuses one it has never seen', async () => {
      expect(await call('metrics:customer', { accountId, customerId: 'cus_f' })).toMatchObject({ currencies: ['usd'], mrrNow: { usd: 0 }, movements: [] });
      expect(await refusal('metrics:customer', { accountId, customerId: 'cus_nobody' })).toMatchObject({ code: 'not_found' });
    });
  });

  it('reports:list answers the report catalogue', async () => {
    expect(await call('reports:list', undefined)).toEqual(reportCatalogue.map(({ id, name }) => ({ id, name })));
  });

  describe('refusals', () => {
    const range = { accountId, currency: 'usd', from: '2025-01-01', to: '2025-01-31' };

    it.each([
      ['metrics:series', { ...range, interval: 'day', from: '2025-02-30' }, 'from'],
      ['metrics:series', { ...range, interval: 'day', to: '2025-1-31' }, 'to'],
      ['metrics:series', { ...range, interval: 'week' }, 'interval'],
      ['metrics:series', { ...range, interval: 'month', from: '2025-02-01' }, 'ends before it starts'],
      ['metrics:series', { ...range, interval: 'month', from: '2015-01-01', to: '2025-02-17' }, 'at most 3700 days'],
      ['metrics:drilldown', { ...range, figure: 'mrr', from: '2025-03-01' }, 'ends before it starts'],
      ['metrics:drilldown', { ...range, figure: 'arr' }, 'figure'],
      ['metrics:drilldown', { ...range, figure: 'mrr', currency: 'dollars' }, 'currency'],
      ['metrics:overview', { accountId, at: 'yesterday' }, 'at'],
      ['metrics:customer', { accountId, customerId: "cus_1' OR 1=1" }, 'customerId'],
      ['metrics:cohorts', { accountId, currency: 'usd', kind: 'revenue' }, 'kind'],
      ['metrics:cohorts', { accountId, currency: 'usd', from: '2025-01-01' }, 'from'],
      ['metrics:cash', { accountId, from: '2025-03-01', to: '2025-02-01' }, 'ends before it starts'],
      ['metrics:cash', { accountId, from: '2025-03-01' }, 'to'],
    ] as const)('%s refuses %j as invalid_input, naming %s', async (channel, input, words) => {
      const error = await refusal(channel, input);
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain(words);
    });

    it('accepts a range of exactly 3700 days', async () => {
      const series = await call('metrics:series', { ...range, interval: 'month', from: '2015-04-30', to: '2025-06-15' });
      expect(series.points.length).toBeGreaterThan(120);
    });

    it('refuses a range that starts after today', async () => {
      expect(await refusal('metrics:drilldown', { ...range, figure: 'new', from: '2025-06-16', to: '2025-06-30' })).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('after today (2025-06-15') });
    });

    it('refuses an account that is not connected, on every metrics channel', async () => {
      const other = 'acc_notconnected01';
      for (const [channel, input] of [
        ['metrics:overview', { accountId: other }],
        ['metrics:series', { ...range, accountId: other, interval: 'day' }],
        ['metrics:drilldown', { ...range, accountId: other, figure: 'mrr' }],
        ['metrics:customer', { accountId: other, customerId: 'cus_a' }],
        ['metrics:cohorts', { accountId: other, currency: 'usd' }],
        ['metrics:cash', { accountId: other, from: '2025-01-01', to: '2025-01-31' }],
      ] as const) {
        expect(await refusal(channel, input), channel).toMatchObject({ code: 'not_found', message: expect.stringContaining('no longer connected') });
      }
    });
  });
});
