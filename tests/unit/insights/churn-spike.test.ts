import { describe, expect, it } from 'vitest';
import { churnSpike } from '../../../src/core/insights/rules/churn-spike';
import { useTempDatabases } from '../db/temp-database';
import { createMirror, insightContext, price, rowsSum } from './insight-fixture';

/**
 * Ten customers at $100/month since 2025-01-10. April: cus_10 churns (10% of the $1,000 at its start). March and May:
 * no churn. The trailing average over March–May is 10% ÷ 3 = 3.33%. June to date: cus_09 (06-03) and cus_08 (06-10)
 * churn, $200 of the $900 at the start of June = 22.2%, 6.67× the average.
 */
describe('the churn-spike rule', () => {
  const databases = useTempDatabases();

  function seed() {
    const db = databases.open();
    const mirror = createMirror(db);
    const monthly = price('price_monthly', 10000, 'month');
    const churnedOn: Record<string, string> = { cus_10: '2025-04-12', cus_09: '2025-06-03', cus_08: '2025-06-10' };
    for (let index = 1; index <= 10; index++) {
      const customer = `cus_${String(index).padStart(2, '0')}`;
      const churned = churnedOn[customer];
      mirror.subscription({
        id: `sub_${customer}`,
        customer,
        versions: [{ from: '2025-01-10', items: [[monthly, 1]] }, ...(churned ? [{ from: churned, items: [[monthly, 1]] as [Record<string, unknown>, number][], status: 'canceled', canceledAt: churned }] : [])],
      });
    }
    return db;
  }

  it('fires when churn this month is above 1.5× the trailing average, with the churned customers behind it', () => {
    const [insight, ...others] = churnSpike.evaluate(insightContext(seed()));
    expect(others).toEqual([]);
    expect(insight).toMatchObject({
      id: 'churn-spike:usd',
      rule: 'churn-spike',
      severity: 'critical',
      currency: 'usd',
      title: 'Churn is up this month',
      sentence: 'Churn this month is 22.2% of MRR ($200.00 from 2 customers), 6.67× the average of 3.3% over the 3 months before.',
      thresholds: [
        { setting: 'churnSpikeMultiple', value: 1.5 },
        { setting: 'churnTrailingMonths', value: 3 },
      ],
      drilldown: { figure: 'churn', currency: 'usd', from: '2025-06-01', to: '2025-06-15' },
    });
    const figures = Object.fromEntries(insight?.figures.map((figure) => [figure.key, figure.value]) ?? []);
    expect(figures).toEqual({ churnedMrr: 20000, churnedCustomers: 2, churnRate: 20000 / 90000, trailingAverageRate: 0.1 / 3, multiple: 20000 / 90000 / (0.1 / 3) });
    expect(insight?.rows).toEqual({
      kind: 'movements',
      amountLabel: 'MRR churned',
      total: 20000,
      rows: [
        { customerId: 'cus_08', email: '08@example.com', name: '08', amount: 10000, date: '2025-06-10', note: 'churn' },
        { customerId: 'cus_09', email: '09@example.com', name: '09', amount: 10000, date: '2025-06-03', note: 'churn' },
      ],
    });
    expect(rowsSum(insight?.rows ?? null)).toBe(figures['churnedMrr']);
  });

  it('is a warning, not critical, below twice the multiple', () => {
    expect(churnSpike.evaluate(insightContext(seed(), { thresholds: { churnSpikeMultiple: 3.5 } }))).toMatchObject([{ severity: 'warning' }]);
  });

  it('stays silent below the multiple', () => {
    expect(churnSpike.evaluate(insightContext(seed(), { thresholds: { churnSpikeMultiple: 7 } }))).toEqual([]);
  });

  it('stays silent in a month without churn, and while the history does not cover the trailing months', () => {
    const db = seed();
    expect(churnSpike.evaluate(insightContext(db, { day: '2025-05-31' }))).toEqual([]);
    // Six months back reaches December 2024, before the first subscription: no average to be above.
    expect(churnSpike.evaluate(insightContext(db, { thresholds: { churnTrailingMonths: 6 } }))).toEqual([]);
  });

  it('answers for an earlier day: April against February and March, which had none', () => {
    const [insight] = churnSpike.evaluate(insightContext(seed(), { day: '2025-04-30', thresholds: { churnTrailingMonths: 2 } }));
    expect(insight).toMatchObject({ sentence: 'Churn this month is 10.0% of MRR ($100.00 from 1 customer), none in the 2 months before.', drilldown: { from: '2025-04-01', to: '2025-04-30' } });
    expect(insight?.rows?.total).toBe(10000);
  });
});
