import { describe, expect, it } from 'vitest';
import { annualRenewals } from '../../../src/core/insights/rules/annual-renewals';
import { useTempDatabases } from '../db/temp-database';
import { at, type CouponFixture, createMirror, discount, insightContext, price, rowsSum } from './insight-fixture';

const loyalty: CouponFixture = { id: 'LOYAL10', name: 'Loyalty 10%', duration: 'forever', percentOff: 10 };

/**
 * Now is 2025-06-15 15:30 UTC; the next 30 days run to 07-15 15:30. Renewing in them: sub_y1 at $1,200/year
 * (07-01) and sub_y2 at $999/year with 10% off forever ($899.10, 06-30): $2,099.10. Not: a yearly subscription set
 * to cancel, a monthly one, and a yearly one renewing 08-01.
 */
describe('the annual-renewals rule', () => {
  const databases = useTempDatabases();

  function seed() {
    const db = databases.open();
    const mirror = createMirror(db);
    mirror.coupon(loyalty);
    mirror.subscription({ id: 'sub_y1', customer: 'cus_y1', currentPeriodEnd: at('2025-07-01'), versions: [{ from: '2024-07-01', items: [[price('price_1200', 120000, 'year'), 1]] }] });
    mirror.subscription({ id: 'sub_y2', customer: 'cus_y2', currentPeriodEnd: at('2025-06-30'), versions: [{ from: '2024-06-30', items: [[price('price_999', 99900, 'year'), 1]], discounts: [discount('di_y2', loyalty, '2024-06-30')] }] });
    mirror.subscription({ id: 'sub_y3', customer: 'cus_y3', currentPeriodEnd: at('2025-07-02'), versions: [{ from: '2024-07-02', items: [[price('price_1200', 120000, 'year'), 1]], cancelAtPeriodEnd: true }] });
    mirror.subscription({ id: 'sub_m', customer: 'cus_m', currentPeriodEnd: at('2025-06-20'), versions: [{ from: '2025-01-20', items: [[price('price_m', 5000, 'month'), 1]] }] });
    mirror.subscription({ id: 'sub_y4', customer: 'cus_y4', currentPeriodEnd: at('2025-08-01'), versions: [{ from: '2024-08-01', items: [[price('price_1200', 120000, 'year'), 1]] }] });
    return db;
  }

  it('lists yearly subscriptions renewing in the next 30 days, with each renewal before tax', () => {
    const [insight, ...others] = annualRenewals.evaluate(insightContext(seed()));
    expect(others).toEqual([]);
    expect(insight).toMatchObject({
      id: 'annual-renewals:usd',
      severity: 'info',
      sentence: '2 annual subscriptions renew in the next 30 days, for $2,099.10 before tax.',
      thresholds: [{ setting: 'renewalsDays', value: 30 }],
      rows: {
        kind: 'subscriptions',
        total: 209910,
        rows: [
          { customerId: 'cus_y1', objectId: 'sub_y1', amount: 120000, date: '2025-07-01' },
          { customerId: 'cus_y2', objectId: 'sub_y2', amount: 89910, date: '2025-06-30' },
        ],
      },
    });
    expect(Object.fromEntries(insight?.figures.map((figure) => [figure.key, figure.value]) ?? [])).toEqual({ renewals: 2, renewalAmount: 209910 });
    expect(rowsSum(insight?.rows ?? null)).toBe(209910);
  });

  it('stays silent when nothing renews within the days ahead', () => {
    // The soonest, sub_y2, renews 14 days 17½ hours from now.
    expect(annualRenewals.evaluate(insightContext(seed(), { thresholds: { renewalsDays: 14 } }))).toEqual([]);
  });
});
