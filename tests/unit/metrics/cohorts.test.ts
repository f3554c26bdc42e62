import { describe, expect, it } from 'vitest';
import { cohortsOf } from '../../../src/core/metrics/cohorts';
import { dayOfIso } from '../../../src/core/metrics/history/days';
import { buildMrrHistory } from '../../../src/core/metrics/history/mrr-history';
import { type SubscriptionTimeline } from '../../../src/core/metrics/history/subscription-timeline';
import { stripeDefaultMrrSettings, type SubscriptionState } from '../../../src/core/metrics/mrr-types';

/**
 * Cohorts from an MRR history built of hand-made subscription timelines (each a monthly plan whose amount or status
 * changes on given days), read on 2025-04-15.
 *
 * usd, January cohort: cus_a $100 from 01-10, $150 from 02-20 · cus_b $50 from 01-25, cancelled 03-05 ·
 *                      cus_c $30 from 01-28, cancelled 01-30 (in the cohort, but gone by the month's end)
 * usd, February cohort: cus_d $20 from 02-03, cancelled 02-10, back at $40 on 04-02
 * usd, March cohort: cus_g $10.01 a quarter (333.67¢ a month) from 03-31
 * usd, no cohort: cus_e trialing since 03-01 (never paid)
 * eur: cus_f €70 from 01-05 (another currency's cohorts)
 */
const today = dayOfIso('2025-04-15');
const at = (iso: string) => Date.parse(`${iso}T09:00:00Z`) / 1000;

interface Step {
  from: string;
  amount: number;
  status?: string;
  intervalCount?: number;
}

function timeline(customerId: string, steps: Step[], currency = 'usd'): SubscriptionTimeline {
  const subscriptionId = `sub_${customerId.slice(4)}`;
  const state = (step: Step): SubscriptionState => ({
    subscriptionId,
    customerId,
    currency,
    status: step.status ?? 'active',
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: step.status === 'canceled' ? at(step.from) : null,
    endedAt: step.status === 'canceled' ? at(step.from) : null,
    discounts: [],
    items: [
      {
        quantity: 1,
        discounts: [],
        price: {
          id: `price_${step.amount}`,
          currency,
          type: 'recurring',
          unitAmount: step.amount,
          interval: 'month',
          intervalCount: step.intervalCount ?? 1,
          usageType: 'licensed',
          billingScheme: 'per_unit',
          tiersMode: null,
          tiers: [],
          transformQuantity: null,
        },
      },
    ],
  });
  return { subscriptionId, customerId, currency, segments: steps.map((step) => ({ from: at(step.from), state: state(step) })) };
}

const history = buildMrrHistory(
  [
    timeline('cus_a', [{ from: '2025-01-10', amount: 10_000 }, { from: '2025-02-20', amount: 15_000 }]),
    timeline('cus_b', [{ from: '2025-01-25', amount: 5000 }, { from: '2025-03-05', amount: 5000, status: 'canceled' }]),
    timeline('cus_c', [{ from: '2025-01-28', amount: 3000 }, { from: '2025-01-30', amount: 3000, status: 'canceled' }]),
    timeline('cus_d', [{ from: '2025-02-03', amount: 2000 }, { from: '2025-02-10', amount: 2000, status: 'canceled' }, { from: '2025-04-02', amount: 4000 }]),
    timeline('cus_g', [{ from: '2025-03-31', amount: 1001, intervalCount: 3 }]),
    timeline('cus_e', [{ from: '2025-03-01', amount: 2500, status: 'trialing' }]),
    timeline('cus_f', [{ from: '2025-01-05', amount: 7000 }], 'eur'),
  ],
  stripeDefaultMrrSettings,
  { firstDay: dayOfIso('2025-01-01'), lastDay: today },
);

/** [month, paying, MRR rounded to the cent, customer retention, MRR retention] per offset. */
const rows = (currency: string) =>
  cohortsOf(history, currency, today).map((cohort) => ({
    month: cohort.month,
    customers: cohort.customers,
    startingMrr: Math.round(cohort.startingMrr * 100) / 100,
    months: cohort.months.map((month) => [month.month, month.payingCustomers, Math.round(month.mrr * 100) / 100, month.customerRetention, month.mrrRetention]),
  }));

describe('cohorts', () => {
  it('groups customers by the month of their first MRR and follows each cohort month by month', () => {
    expect(rows('usd')).toEqual([
      {
        month: '2025-01',
        customers: 3,
        // cus_a $100 + cus_b $50 at the end of January; cus_c left before it ended.
        startingMrr: 15_000,
        months: [
          ['2025-01', 2, 15_000, 2 / 3, 1],
          ['2025-02', 2, 20_000, 2 / 3, 20_000 / 15_000],
          ['2025-03', 1, 15_000, 1 / 3, 1],
          ['2025-04', 1, 15_000, 1 / 3, 1],
        ],
      },
      {
        month: '2025-02',
        customers: 1,
        // Started and left within February: no starting MRR, so no MRR retention; back in April.
        startingMrr: 0,
        months: [
          ['2025-02', 0, 0, 0, null],
          ['2025-03', 0, 0, 0, null],
          ['2025-04', 1, 4000, 1, null],
        ],
      },
      {
        month: '2025-03',
        customers: 1,
        startingMrr: 333.67,
        months: [
          ['2025-03', 1, 333.67, 1, 1],
          ['2025-04', 1, 333.67, 1, 1],
        ],
      },
    ]);
  });

  it('reads each month at its last day, and the running month at the day asked for', () => {
    const [january] = cohortsOf(history, 'usd', today);
    expect(january?.months.map((month) => month.asOf)).toEqual(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-15']);
    // Read on 2025-02-15, before cus_a's upgrade: February is the running month.
    const earlier = cohortsOf(history, 'usd', dayOfIso('2025-02-15'));
    expect(earlier.map((cohort) => [cohort.month, cohort.months.map((month) => [month.asOf, month.payingCustomers, month.mrr])])).toEqual([
      ['2025-01', [['2025-01-31', 2, 15_000], ['2025-02-15', 2, 15_000]]],
      ['2025-02', [['2025-02-15', 0, 0]]],
    ]);
  });

  it('keeps currencies apart and leaves out customers who never paid', () => {
    expect(rows('eur')).toEqual([
      {
        month: '2025-01',
        customers: 1,
        startingMrr: 7000,
        months: [
          ['2025-01', 1, 7000, 1, 1],
          ['2025-02', 1, 7000, 1, 1],
          ['2025-03', 1, 7000, 1, 1],
          ['2025-04', 1, 7000, 1, 1],
        ],
      },
    ]);
    expect(rows('usd').reduce((sum, cohort) => sum + cohort.customers, 0)).toBe(5);
    expect(cohortsOf(history, 'gbp', today)).toEqual([]);
  });
});
