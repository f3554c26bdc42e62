import { describe, expect, it } from 'vitest';
import { expansionHidingChurn } from '../../../src/core/insights/rules/expansion-hiding-churn';
import { useTempDatabases } from '../db/temp-database';
import { createMirror, insightContext, price, rowsSum } from './insight-fixture';

/**
 * cus_a, cus_b, cus_c and cus_d pay $100/month from 2024-01-01. cus_c churns on 2025-04-01; cus_a grows to $250 on
 * 2025-05-01. Ninety days ago (2025-03-17) GRR and NRR were both 100%. Today, of last year's $400: $450 now (NRR
 * 112.5%), $300 capped (GRR 75%) — a 25-point fall hidden by cus_a's $150 of expansion.
 */
describe('the expansion-hiding-churn rule', () => {
  const databases = useTempDatabases();

  function seed(options: { expands: boolean }) {
    const db = databases.open();
    const mirror = createMirror(db);
    const monthly = price('price_monthly', 10000, 'month');
    mirror.subscription({ id: 'sub_a', customer: 'cus_a', versions: [{ from: '2024-01-01', items: [[monthly, 1]] }, ...(options.expands ? [{ from: '2025-05-01', items: [[monthly, 1], [price('price_addon', 15000, 'month'), 1]] as [Record<string, unknown>, number][] }] : [])] });
    mirror.subscription({ id: 'sub_b', customer: 'cus_b', versions: [{ from: '2024-01-01', items: [[monthly, 1]] }] });
    mirror.subscription({ id: 'sub_c', customer: 'cus_c', versions: [{ from: '2024-01-01', items: [[monthly, 1]] }, { from: '2025-04-01', items: [[monthly, 1]], status: 'canceled', canceledAt: '2025-04-01' }] });
    mirror.subscription({ id: 'sub_d', customer: 'cus_d', versions: [{ from: '2024-01-01', items: [[monthly, 1]] }] });
    return db;
  }

  it('fires when GRR fell 5 points or more in 90 days while NRR held, listing what last year’s customers lost', () => {
    const [insight, ...others] = expansionHidingChurn.evaluate(insightContext(seed({ expands: true })));
    expect(others).toEqual([]);
    expect(insight).toMatchObject({
      id: 'expansion-hiding-churn:usd',
      severity: 'warning',
      title: 'Expansion is hiding churn',
      sentence:
        "Gross revenue retention fell from 100.0% to 75.0% in 90 days while net retention held at 112.5% (from 100.0%): last year's customers lost $100.00 of MRR, made up by $150.00 of expansion from the rest.",
      thresholds: [{ setting: 'grrFallPoints', value: 5 }],
      rows: { kind: 'customers', total: 10000, rows: [{ customerId: 'cus_c', amount: 10000 }] },
    });
    expect(Object.fromEntries(insight?.figures.map((figure) => [figure.key, figure.value]) ?? [])).toEqual({ grr: 0.75, previousGrr: 1, nrr: 1.125, previousNrr: 1, lostMrr: 10000, expansionMrr: 15000 });
    expect(rowsSum(insight?.rows ?? null)).toBe(10000);
  });

  it('stays silent when GRR fell less than the threshold', () => {
    const db = seed({ expands: true });
    expect(expansionHidingChurn.evaluate(insightContext(db, { thresholds: { grrFallPoints: 25.01 } }))).toEqual([]);
    expect(expansionHidingChurn.evaluate(insightContext(db, { thresholds: { grrFallPoints: 25 } }))).toHaveLength(1);
  });

  it('stays silent when NRR fell too: the churn is not hidden', () => {
    expect(expansionHidingChurn.evaluate(insightContext(seed({ expands: false })))).toEqual([]);
  });
});
