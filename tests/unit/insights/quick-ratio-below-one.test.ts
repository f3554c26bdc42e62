import { describe, expect, it } from 'vitest';
import { quickRatioBelowOne } from '../../../src/core/insights/rules/quick-ratio-below-one';
import { useTempDatabases } from '../db/temp-database';
import { createMirror, insightContext, price, rowsSum } from './insight-fixture';

/**
 * June to date: cus_n new at $20 (06-05); cus_x churns $50 (06-02); cus_y contracts from $100 to $70 (06-08).
 * Gained $20, lost $80: a quick ratio of 0.25.
 */
describe('the quick-ratio-below-one rule', () => {
  const databases = useTempDatabases();

  function seed() {
    const db = databases.open();
    const mirror = createMirror(db);
    mirror.subscription({ id: 'sub_n', customer: 'cus_n', versions: [{ from: '2025-06-05', items: [[price('price_n', 2000, 'month'), 1]] }] });
    mirror.subscription({ id: 'sub_x', customer: 'cus_x', versions: [{ from: '2025-03-01', items: [[price('price_x', 5000, 'month'), 1]] }, { from: '2025-06-02', items: [[price('price_x', 5000, 'month'), 1]], status: 'canceled', canceledAt: '2025-06-02' }] });
    mirror.subscription({ id: 'sub_y', customer: 'cus_y', versions: [{ from: '2025-03-01', items: [[price('price_y', 1000, 'month'), 10]] }, { from: '2025-06-08', items: [[price('price_y', 1000, 'month'), 7]] }] });
    return db;
  }

  it('fires when this month’s quick ratio is below 1, listing the losses', () => {
    const [insight, ...others] = quickRatioBelowOne.evaluate(insightContext(seed()));
    expect(others).toEqual([]);
    expect(insight).toMatchObject({
      id: 'quick-ratio-below-one:usd',
      severity: 'warning',
      sentence: 'This month MRR gained $20.00 (new, expansion, reactivation) and lost $80.00 (churn, contraction): a quick ratio of 0.25, below 1.',
      thresholds: [{ setting: 'quickRatioMinimum', value: 1 }],
      rows: {
        kind: 'movements',
        total: 8000,
        rows: [
          { customerId: 'cus_x', amount: 5000, date: '2025-06-02', note: 'churn' },
          { customerId: 'cus_y', amount: 3000, date: '2025-06-08', note: 'contraction' },
        ],
      },
    });
    expect(Object.fromEntries(insight?.figures.map((figure) => [figure.key, figure.value]) ?? [])).toEqual({ quickRatio: 0.25, gainedMrr: 2000, lostMrr: 8000 });
    expect(rowsSum(insight?.rows ?? null)).toBe(8000);
  });

  it('stays silent at or above the threshold, and in a month with no loss (the ratio is "—")', () => {
    const db = seed();
    expect(quickRatioBelowOne.evaluate(insightContext(db, { thresholds: { quickRatioMinimum: 0.25 } }))).toEqual([]);
    expect(quickRatioBelowOne.evaluate(insightContext(db, { thresholds: { quickRatioMinimum: 0.26 } }))).toHaveLength(1);
    expect(quickRatioBelowOne.evaluate(insightContext(db, { day: '2025-05-31' }))).toEqual([]);
  });
});
