import { describe, expect, it } from 'vitest';
import { trialsEnding } from '../../../src/core/insights/rules/trials-ending';
import { useTempDatabases } from '../db/temp-database';
import { at, createMirror, insightContext, price, rowsSum } from './insight-fixture';

/**
 * Now is 2025-06-15 15:30 UTC; the next 7 days run to 06-22 15:30. Ending in them: sub_t1 ($49/month, 06-18) and
 * sub_t2 ($10.01 a quarter = 333.67¢/month, 06-22 15:00): 5,233.67¢ → $52.34 if both convert. Not in them: sub_t3
 * (06-25), sub_t4 (its trial end has passed), and cus_p's active subscription.
 */
describe('the trials-ending rule', () => {
  const databases = useTempDatabases();

  function seed() {
    const db = databases.open();
    const mirror = createMirror(db);
    const trial = (id: string, customer: string, itemPrice: Record<string, unknown>, trialEnd: number) =>
      mirror.subscription({ id, customer, trialEnd, versions: [{ from: '2025-06-08', items: [[itemPrice, 1]], status: 'trialing' }] });
    trial('sub_t1', 'cus_t1', price('price_49', 4900, 'month'), at('2025-06-18'));
    trial('sub_t2', 'cus_t2', price('price_q', 1001, 'month', 3), at('2025-06-22', 15));
    trial('sub_t3', 'cus_t3', price('price_49', 4900, 'month'), at('2025-06-25'));
    trial('sub_t4', 'cus_t4', price('price_49', 4900, 'month'), at('2025-06-15', 12));
    mirror.subscription({ id: 'sub_p', customer: 'cus_p', versions: [{ from: '2025-05-01', items: [[price('price_49', 4900, 'month'), 1]] }] });
    return db;
  }

  it('lists the trials ending in the next 7 days, with the MRR each brings if it converts', () => {
    const [insight, ...others] = trialsEnding.evaluate(insightContext(seed()));
    expect(others).toEqual([]);
    expect(insight).toMatchObject({
      id: 'trials-ending:usd',
      severity: 'info',
      title: 'Trials ending soon',
      sentence: '2 trials end in the next 7 days; converted, they add $52.34 of MRR.',
      thresholds: [{ setting: 'trialsEndingDays', value: 7 }],
      rows: {
        kind: 'subscriptions',
        total: 5234,
        rows: [
          { customerId: 'cus_t1', objectId: 'sub_t1', amount: 4900, date: '2025-06-18' },
          { customerId: 'cus_t2', objectId: 'sub_t2', amount: 334, date: '2025-06-22' },
        ],
      },
    });
    expect(Object.fromEntries(insight?.figures.map((figure) => [figure.key, figure.value]) ?? [])).toEqual({ trials: 2, potentialMrr: 5234 });
    expect(rowsSum(insight?.rows ?? null)).toBe(5234);
  });

  it('stays silent when no trial ends within the days ahead', () => {
    // sub_t1 ends 2 days 17½ hours from now.
    expect(trialsEnding.evaluate(insightContext(seed(), { thresholds: { trialsEndingDays: 2 } }))).toEqual([]);
  });
});
