import { describe, expect, it } from 'vitest';
import { mrrAtRisk as overviewMrrAtRisk } from '../../../src/core/metrics/mrr-at-risk';
import { toMinorUnits } from '../../../src/core/metrics/money';
import { stripeDefaultMrrSettings } from '../../../src/core/metrics/mrr-types';
import { mrrAtRisk } from '../../../src/core/insights/rules/mrr-at-risk';
import { useTempDatabases } from '../db/temp-database';
import { accountId, createMirror, insightContext, price, rowsSum, todayDay } from './insight-fixture';

/**
 * usd MRR today: cus_a $100 (active), cus_b $30 (past_due), cus_c $10.01 a quarter = 333.67¢ (past_due), cus_d
 * $56.66 (active) = 18,999.67¢. At risk: 3,000 + 333.67 = 3,333.67¢ → $33.34, 17.5% of MRR. eur: cus_e €40, active.
 */
describe('the mrr-at-risk rule', () => {
  const databases = useTempDatabases();

  function seed() {
    const db = databases.open();
    const mirror = createMirror(db);
    mirror.subscription({ id: 'sub_a', customer: 'cus_a', versions: [{ from: '2025-03-01', items: [[price('price_a', 10000, 'month'), 1]] }] });
    mirror.subscription({ id: 'sub_b', customer: 'cus_b', versions: [{ from: '2025-03-01', items: [[price('price_b', 3000, 'month'), 1]] }, { from: '2025-06-10', items: [[price('price_b', 3000, 'month'), 1]], status: 'past_due' }] });
    mirror.subscription({ id: 'sub_c', customer: 'cus_c', versions: [{ from: '2025-04-01', items: [[price('price_c', 1001, 'month', 3), 1]], status: 'past_due' }] });
    mirror.subscription({ id: 'sub_d', customer: 'cus_d', versions: [{ from: '2025-04-01', items: [[price('price_d', 5666, 'month'), 1]] }] });
    mirror.subscription({ id: 'sub_e', customer: 'cus_e', currency: 'eur', versions: [{ from: '2025-04-01', items: [[price('price_e', 4000, 'month', 1, 'eur'), 1]] }] });
    return db;
  }

  it('fires when past-due MRR is at least 2% of MRR, listing the past-due subscriptions', () => {
    const db = seed();
    const insights = mrrAtRisk.evaluate(insightContext(db));
    expect(insights).toHaveLength(1);
    const [insight] = insights;
    expect(insight).toMatchObject({
      id: 'mrr-at-risk:usd',
      severity: 'critical',
      currency: 'usd',
      sentence: '2 subscriptions are past due, with $33.34 of MRR (17.5% of $190.00) that will churn if their payments keep failing.',
      thresholds: [{ setting: 'mrrAtRiskPercent', value: 2 }],
      rows: {
        kind: 'subscriptions',
        total: 3334,
        rows: [
          { customerId: 'cus_b', objectId: 'sub_b', amount: 3000 },
          { customerId: 'cus_c', objectId: 'sub_c', amount: 334 },
        ],
      },
    });
    const figures = Object.fromEntries(insight?.figures.map((figure) => [figure.key, figure.value]) ?? []);
    expect(figures).toEqual({ mrrAtRisk: 3334, pastDueSubscriptions: 2, mrr: 19000, share: expect.closeTo((3000 + 1001 / 3) / (10000 + 3000 + 1001 / 3 + 5666), 12) });
    expect(rowsSum(insight?.rows ?? null)).toBe(3334);
    // The same figure as the overview's MRR at risk.
    expect(toMinorUnits(overviewMrrAtRisk(db, accountId, stripeDefaultMrrSettings, todayDay, { isLatestDay: true }).get('usd') ?? 0)).toBe(3334);
  });

  it('stays silent below the threshold, and where nothing is past due', () => {
    const db = seed();
    expect(mrrAtRisk.evaluate(insightContext(db, { thresholds: { mrrAtRiskPercent: 17.6 } }))).toEqual([]);
    expect(mrrAtRisk.evaluate(insightContext(db, { thresholds: { mrrAtRiskPercent: 17.5 } }))).toMatchObject([{ severity: 'warning' }]);
  });

  it('counts a past-due subscription set to cancel as nothing at risk: its MRR has already gone', () => {
    const db = databases.open();
    const mirror = createMirror(db);
    mirror.subscription({ id: 'sub_a', customer: 'cus_a', versions: [{ from: '2025-03-01', items: [[price('price_a', 10000, 'month'), 1]] }] });
    mirror.subscription({ id: 'sub_b', customer: 'cus_b', versions: [{ from: '2025-03-01', items: [[price('price_b', 3000, 'month'), 1]], status: 'past_due', cancelAtPeriodEnd: true }] });
    expect(mrrAtRisk.evaluate(insightContext(db))).toEqual([]);
  });
});
