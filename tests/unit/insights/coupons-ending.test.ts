import { describe, expect, it } from 'vitest';
import { couponsEnding } from '../../../src/core/insights/rules/coupons-ending';
import { useTempDatabases } from '../db/temp-database';
import { at, type CouponFixture, createMirror, discount, insightContext, price, rowsSum } from './insight-fixture';

const spring: CouponFixture = { id: 'SPRING20', name: 'Spring 20% for 3 months', duration: 'repeating', percentOff: 20 };
const half: CouponFixture = { id: 'HALF3', name: 'Half off for 3 months', duration: 'repeating', percentOff: 50 };
const fiveOff: CouponFixture = { id: 'FIVEOFF', name: '$5 off the first invoice', duration: 'once', amountOff: 500, currency: 'usd' };
const friends: CouponFixture = { id: 'FRIENDS', name: 'Friends 50% forever', duration: 'forever', percentOff: 50 };

/**
 * Now is 2025-06-15 15:30 UTC; the next 30 days run to 07-15 15:30. Ending in them:
 * sub_r, $100/month with 20% off until 07-01: $20.00 a month;
 * sub_o, $30/month with a once $5 off covering the invoice at the period end (06-20): $5.00;
 * sub_q, $10.01 a quarter (333.67¢/month) with 50% off until 07-10: 166.83¢.
 * Together 2,666.83¢ → $26.67. Not in them: a forever coupon, a repeating one ending 08-01, one on a cancelled
 * subscription.
 */
describe('the coupons-ending rule', () => {
  const databases = useTempDatabases();

  function seed() {
    const db = databases.open();
    const mirror = createMirror(db);
    for (const coupon of [spring, half, fiveOff, friends]) mirror.coupon(coupon);
    mirror.subscription({ id: 'sub_r', customer: 'cus_r', versions: [{ from: '2025-04-01', items: [[price('price_100', 10000, 'month'), 1]], discounts: [discount('di_r', spring, '2025-04-01', '2025-07-01')] }] });
    mirror.subscription({ id: 'sub_o', customer: 'cus_o', currentPeriodEnd: at('2025-06-20'), versions: [{ from: '2025-05-20', items: [[price('price_30', 3000, 'month'), 1]], discounts: [discount('di_o', fiveOff, '2025-06-10')] }] });
    mirror.subscription({ id: 'sub_q', customer: 'cus_q', versions: [{ from: '2025-04-10', items: [[price('price_q', 1001, 'month', 3), 1]], discounts: [discount('di_q', half, '2025-04-10', '2025-07-10')] }] });
    mirror.subscription({ id: 'sub_f', customer: 'cus_f', versions: [{ from: '2025-04-01', items: [[price('price_80', 8000, 'month'), 1]], discounts: [discount('di_f', friends, '2025-04-01')] }] });
    mirror.subscription({ id: 'sub_late', customer: 'cus_late', versions: [{ from: '2025-05-01', items: [[price('price_100', 10000, 'month'), 1]], discounts: [discount('di_late', spring, '2025-05-01', '2025-08-01')] }] });
    mirror.subscription({
      id: 'sub_gone',
      customer: 'cus_gone',
      versions: [{ from: '2025-04-01', items: [[price('price_100', 10000, 'month'), 1]], status: 'canceled', canceledAt: '2025-06-01', discounts: [discount('di_gone', spring, '2025-04-01', '2025-07-01')] }],
    });
    return db;
  }

  it('lists finite discounts ending in the next 30 days, with the monthly discount that stops', () => {
    const [insight, ...others] = couponsEnding.evaluate(insightContext(seed()));
    expect(others).toEqual([]);
    expect(insight).toMatchObject({
      id: 'coupons-ending:usd',
      severity: 'info',
      title: 'Coupons ending soon',
      sentence: '3 finite discounts end in the next 30 days for 3 customers, who will then pay $26.67 a month more.',
      thresholds: [{ setting: 'couponsEndingDays', value: 30 }],
      rows: {
        kind: 'subscriptions',
        amountLabel: 'Monthly discount ending',
        total: 2667,
        rows: [
          { customerId: 'cus_r', objectId: 'sub_r', amount: 2000, date: '2025-07-01', note: spring.name },
          { customerId: 'cus_o', objectId: 'sub_o', amount: 500, date: '2025-06-20', note: fiveOff.name },
          { customerId: 'cus_q', objectId: 'sub_q', amount: 167, date: '2025-07-10', note: half.name },
        ],
      },
    });
    expect(Object.fromEntries(insight?.figures.map((figure) => [figure.key, figure.value]) ?? [])).toEqual({ discounts: 3, customers: 3, monthlyDiscountEnding: 2667 });
    expect(rowsSum(insight?.rows ?? null)).toBe(2667);
  });

  it('stays silent when no finite discount ends within the days ahead', () => {
    // The soonest, sub_o's once coupon, ends 4 days 17½ hours from now.
    const db = seed();
    expect(couponsEnding.evaluate(insightContext(db, { thresholds: { couponsEndingDays: 4 } }))).toEqual([]);
    expect(couponsEnding.evaluate(insightContext(db, { thresholds: { couponsEndingDays: 5 } }))).toMatchObject([{ rows: { total: 500 } }]);
  });
});
