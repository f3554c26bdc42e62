import { describe, expect, it } from 'vitest';
import { revenueConcentration } from '../../../src/core/insights/rules/revenue-concentration';
import { useTempDatabases } from '../db/temp-database';
import { createMirror, insightContext, price, rowsSum } from './insight-fixture';

/**
 * cus_big1 $500/month, cus_big2 $1,000.01 a quarter (33,333.67¢/month), three customers at $50: MRR 98,333.67¢.
 * The two largest bring 83,333.67¢ → $833.34, 84.7% of MRR.
 */
describe('the revenue-concentration rule', () => {
  const databases = useTempDatabases();

  function seed() {
    const db = databases.open();
    const mirror = createMirror(db);
    mirror.subscription({ id: 'sub_big1', customer: 'cus_big1', versions: [{ from: '2025-02-01', items: [[price('price_big1', 50000, 'month'), 1]] }] });
    mirror.subscription({ id: 'sub_big2', customer: 'cus_big2', versions: [{ from: '2025-02-01', items: [[price('price_big2', 100001, 'month', 3), 1]] }] });
    for (const customer of ['cus_s1', 'cus_s2', 'cus_s3']) mirror.subscription({ id: `sub_${customer.slice(4)}`, customer, versions: [{ from: '2025-03-01', items: [[price('price_small', 5000, 'month'), 1]] }] });
    return db;
  }

  it('fires when the largest customers bring at least the threshold share of MRR, listing them', () => {
    const [insight, ...others] = revenueConcentration.evaluate(insightContext(seed(), { thresholds: { concentrationTopCustomers: 2 } }));
    expect(others).toEqual([]);
    expect(insight).toMatchObject({
      id: 'revenue-concentration:usd',
      sentence: 'The 2 largest customers bring 84.7% of MRR ($833.34 of $983.34, from 5 paying customers).',
      thresholds: [
        { setting: 'concentrationTopCustomers', value: 2 },
        { setting: 'concentrationPercent', value: 50 },
      ],
      rows: {
        kind: 'customers',
        total: 83334,
        rows: [
          { customerId: 'cus_big1', amount: 50000 },
          { customerId: 'cus_big2', amount: 33334 },
        ],
      },
      drilldown: { figure: 'mrr', currency: 'usd', from: '2025-06-15', to: '2025-06-15' },
    });
    expect(Object.fromEntries(insight?.figures.map((figure) => [figure.key, figure.value]) ?? [])).toEqual({
      topMrr: 83334,
      mrr: 98334,
      share: expect.closeTo((50000 + 100001 / 3) / (50000 + 100001 / 3 + 15000), 12),
      payingCustomers: 5,
    });
    expect(rowsSum(insight?.rows ?? null)).toBe(83334);
  });

  it('stays silent below the share, and with no more paying customers than it adds up', () => {
    const db = seed();
    expect(revenueConcentration.evaluate(insightContext(db, { thresholds: { concentrationTopCustomers: 2, concentrationPercent: 85 } }))).toEqual([]);
    expect(revenueConcentration.evaluate(insightContext(db, { thresholds: { concentrationTopCustomers: 2, concentrationPercent: 84.7 } }))).toHaveLength(1);
    // Ten largest of five customers: always 100%, so nothing to say.
    expect(revenueConcentration.evaluate(insightContext(db))).toEqual([]);
  });
});
