import { describe, expect, it } from 'vitest';
import { failedPaymentsRising } from '../../../src/core/insights/rules/failed-payments-rising';
import { useTempDatabases } from '../db/temp-database';
import { at, createMirror, insightContext, rowsSum } from './insight-fixture';

/**
 * The last 30 days to 2025-06-15 are 05-17…06-15; the 30 before, 04-17…05-16.
 * usd before: $10 + $15 failed = $25 (2 payments). Last 30 days: $20 + $15 + $5 = $40 (3 payments), up 60%.
 * Not counted: a succeeded charge, a failure older than 60 days, one eur failure (below the minimum of 3).
 */
describe('the failed-payments-rising rule', () => {
  const databases = useTempDatabases();

  function seed() {
    const db = databases.open();
    const mirror = createMirror(db);
    mirror.charge({ id: 'ch_old', customer: 'cus_a', amount: 9900, status: 'failed', created: at('2025-04-16', 23) });
    mirror.charge({ id: 'ch_p1', customer: 'cus_a', amount: 1000, status: 'failed', created: at('2025-04-17', 0) });
    mirror.charge({ id: 'ch_p2', customer: 'cus_b', amount: 1500, status: 'failed', created: at('2025-05-16', 23) });
    mirror.charge({ id: 'ch_c1', customer: 'cus_a', amount: 2000, status: 'failed', created: at('2025-05-17', 0) });
    mirror.charge({ id: 'ch_c2', customer: 'cus_b', amount: 1500, status: 'failed', created: at('2025-06-01') });
    mirror.charge({ id: 'ch_c3', customer: 'cus_c', amount: 500, status: 'failed', created: at('2025-06-15', 15) });
    mirror.charge({ id: 'ch_ok', customer: 'cus_c', amount: 500, status: 'succeeded', created: at('2025-06-14') });
    mirror.charge({ id: 'ch_eur', customer: 'cus_e', amount: 7000, status: 'failed', created: at('2025-06-02'), currency: 'eur' });
    return db;
  }

  it('fires when the last 30 days failed at least 50% more than the 30 before, listing the failed payments', () => {
    const [insight, ...others] = failedPaymentsRising.evaluate(insightContext(seed()));
    expect(others).toEqual([]);
    expect(insight).toMatchObject({
      id: 'failed-payments-rising:usd',
      severity: 'warning',
      currency: 'usd',
      title: 'Failed payments are rising',
      sentence: '3 payments failed in the last 30 days ($40.00), up 60% from $25.00 (2 payments) in the 30 days before.',
      thresholds: [
        { setting: 'failedPaymentsRisePercent', value: 50 },
        { setting: 'failedPaymentsMinimum', value: 3 },
      ],
      rows: {
        kind: 'charges',
        total: 4000,
        rows: [
          { customerId: 'cus_a', objectId: 'ch_c1', amount: 2000, date: '2025-05-17' },
          { customerId: 'cus_b', objectId: 'ch_c2', amount: 1500, date: '2025-06-01' },
          { customerId: 'cus_c', objectId: 'ch_c3', amount: 500, date: '2025-06-15' },
        ],
      },
      drilldown: null,
    });
    expect(Object.fromEntries(insight?.figures.map((figure) => [figure.key, figure.value]) ?? [])).toEqual({ failedAmount: 4000, failedPayments: 3, previousFailedAmount: 2500, previousFailedPayments: 2, rise: 0.6 });
    expect(rowsSum(insight?.rows ?? null)).toBe(4000);
  });

  it('stays silent below the rise, and below the minimum count', () => {
    const db = seed();
    expect(failedPaymentsRising.evaluate(insightContext(db, { thresholds: { failedPaymentsRisePercent: 61 } }))).toEqual([]);
    expect(failedPaymentsRising.evaluate(insightContext(db, { thresholds: { failedPaymentsRisePercent: 60 } }))).toHaveLength(1);
    expect(failedPaymentsRising.evaluate(insightContext(db, { thresholds: { failedPaymentsMinimum: 4 } }))).toEqual([]);
  });

  it('says "against none" when nothing failed before, and answers for an earlier day', () => {
    const [insight] = failedPaymentsRising.evaluate(insightContext(seed(), { day: '2025-05-16', thresholds: { failedPaymentsMinimum: 2 } }));
    // 04-17…05-16: $10 + $15 = $25; 03-18…04-16: the $99 failure, so the amount fell: silent.
    expect(insight).toBeUndefined();
    const db = databases.open('other.db');
    const mirror = createMirror(db);
    mirror.charge({ id: 'ch_1', customer: 'cus_a', amount: 700, status: 'failed', created: at('2025-06-10') });
    expect(failedPaymentsRising.evaluate(insightContext(db, { thresholds: { failedPaymentsMinimum: 1 } }))).toMatchObject([
      { sentence: '1 payment failed in the last 30 days ($7.00), against none in the 30 days before.', rows: { total: 700 } },
    ]);
  });
});
