import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/core';
import { writeSettings } from '../../../src/core/db/repositories/settings';
import { createMemorySecretStore } from '../../../src/core/secrets/memory-secret-store';
import { type ChannelName } from '../../../src/shared/channels';
import { type ChannelInput, defaultInsightThresholds } from '../../../src/shared/contract';
import { createMemoryLogger } from '../../support/memory-logger';
import { makeTempDir } from '../../support/temp-dir';
import { accountId, at, createMirror, price } from '../insights/insight-fixture';
import { answerOf, refusalOf } from '../../support/channel-calls';

/**
 * The insights channel over a hand-made mirror, on the core's clock fixed at 2025-06-15 15:30 UTC:
 * - ten customers at $100/month since 2025-01-10; cus_10 churns in April, cus_09 and cus_08 in June: June's churn
 *   (22.2% of MRR) is 6.67× the March–May average (critical);
 * - cus_pd, new at $300/month on 06-05, past due since 06-12: $300 of $1,000 MRR at risk (critical);
 * - the last successful sync finished 53 hours ago (warning);
 * - cus_t's $49/month trial ends on 06-18 (information).
 */
describe('the insights channel', () => {
  let core: Core;
  let temp: ReturnType<typeof makeTempDir>;

  beforeEach(() => {
    temp = makeTempDir();
    core = createCore({ dataDir: temp.dir, secrets: createMemorySecretStore(), logger: createMemoryLogger(), clock: { now: () => new Date('2025-06-15T15:30:00Z') } });
    const mirror = createMirror(core.context.db);
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
    const large = price('price_large', 30000, 'month');
    mirror.subscription({ id: 'sub_pd', customer: 'cus_pd', versions: [{ from: '2025-06-05', items: [[large, 1]] }, { from: '2025-06-12', items: [[large, 1]], status: 'past_due' }] });
    mirror.subscription({ id: 'sub_t', customer: 'cus_t', trialEnd: at('2025-06-18'), versions: [{ from: '2025-06-04', items: [[price('price_49', 4900, 'month'), 1]], status: 'trialing' }] });
    mirror.syncRun({ startedAt: '2025-06-13T09:55:00.000Z', finishedAt: '2025-06-13T10:00:00.000Z', status: 'succeeded' });
  });
  afterEach(() => {
    core.close();
    temp.remove();
  });

  const call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => answerOf(core, channel, input);

  const refusal = (channel: ChannelName, input: unknown) => refusalOf(core, channel, input);

  it('lists today’s insights, critical first, each with rows that add up to its figure', async () => {
    const list = await call('insights:list', { accountId });
    expect(list.at).toBe('2025-06-15');
    expect(list.presentStateChecked).toBe(true);
    expect(list.insights.map((insight) => [insight.id, insight.severity])).toEqual([
      ['churn-spike:usd', 'critical'],
      ['mrr-at-risk:usd', 'critical'],
      ['stale-data', 'warning'],
      ['trials-ending:usd', 'info'],
    ]);
    const [churn, risk, , trials] = list.insights;
    expect(churn?.rows?.total).toBe(20000);
    expect(risk).toMatchObject({ sentence: '1 subscription is past due, with $300.00 of MRR (30.0% of $1,000.00) that will churn if their payments keep failing.', rows: { total: 30000, rows: [{ customerId: 'cus_pd', objectId: 'sub_pd', amount: 30000 }] } });
    expect(trials).toMatchObject({ rows: { total: 4900, rows: [{ objectId: 'sub_t', date: '2025-06-18' }] } });
    for (const insight of list.insights) expect(insight.rows?.rows.reduce((sum, row) => sum + row.amount, 0) ?? null, insight.id).toBe(insight.rows?.total ?? null);
  });

  it('points at a drill-down the metrics channel answers with the same rows and total', async () => {
    const churn = (await call('insights:list', { accountId })).insights.find((insight) => insight.rule === 'churn-spike');
    if (!churn?.drilldown || !churn.rows) throw new Error('no churn insight');
    const drilldown = await call('metrics:drilldown', { accountId, ...churn.drilldown });
    expect(drilldown.total).toBe(churn.rows.total);
    expect(drilldown.rows.map((row) => [row.customerId, row.amount, row.date])).toEqual(churn.rows.rows.map((row) => [row.customerId, row.amount, row.date]));
  });

  it('answers for an earlier day without the rules about the present, and reads a later day as today', async () => {
    expect(await call('insights:list', { accountId, at: '2025-05-31' })).toEqual({ at: '2025-05-31', presentStateChecked: false, insights: [] });
    const april = await call('insights:list', { accountId, at: '2025-04-30' });
    // April lost cus_10 and gained nobody; its churn has no three complete months before it to be compared with.
    expect(april.insights.map((insight) => [insight.id, insight.sentence])).toEqual([
      ['quick-ratio-below-one:usd', 'This month MRR gained $0.00 (new, expansion, reactivation) and lost $100.00 (churn, contraction): a quick ratio of 0, below 1.'],
    ]);
    expect((await call('insights:list', { accountId, at: '2031-01-01' })).at).toBe('2025-06-15');
  });

  it.each([
    [{ accountId, at: 'yesterday' }, 'at'],
    [{ accountId: 'acc_x' }, 'accountId'],
    [{ accountId, at: '2025-06-15', thresholds: {} }, 'thresholds'],
    [undefined, 'expected object'],
  ])('refuses %j as invalid_input, naming %s', async (input, words) => {
    const error = await refusal('insights:list', input);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(words);
  });

  it('refuses an account that is not connected', async () => {
    expect(await refusal('insights:list', { accountId: 'acc_notconnected01' })).toMatchObject({ code: 'not_found', message: expect.stringContaining('no longer connected') });
  });

  describe('thresholds as settings', () => {
    it('starts from the defaults and changes one threshold at a time, keeping the others', async () => {
      expect((await call('settings:get', undefined)).insightThresholds).toEqual(defaultInsightThresholds);
      const updated = await call('settings:update', { insightThresholds: { churnSpikeMultiple: 7 } });
      expect(updated.insightThresholds).toEqual({ ...defaultInsightThresholds, churnSpikeMultiple: 7 });
      const again = await call('settings:update', { insightThresholds: { mrrAtRiskPercent: 31 } });
      expect(again.insightThresholds).toEqual({ ...defaultInsightThresholds, churnSpikeMultiple: 7, mrrAtRiskPercent: 31 });
      // 6.67× is below 7×, and 30% below 31%: both insights go, at once.
      expect((await call('insights:list', { accountId })).insights.map((insight) => insight.id)).toEqual(['stale-data', 'trials-ending:usd']);
      const [stale] = (await call('insights:list', { accountId })).insights;
      expect(stale?.thresholds).toEqual([{ setting: 'staleSyncHours', value: 24, description: 'the last successful sync is at most 24 hours old' }]);
    });

    it.each([
      [{ churnSpikeMultiple: -1 }, 'insightThresholds.churnSpikeMultiple: Give the churn multiple above 0.'],
      [{ churnSpikeMultiple: 0 }, 'Give the churn multiple above 0.'],
      [{ mrrAtRiskPercent: 150 }, 'insightThresholds.mrrAtRiskPercent: Give the MRR-at-risk percentage of at most 100.'],
      [{ trialsEndingDays: 2.5 }, 'Give the trial days ahead as a whole number.'],
      [{ staleSyncHours: 10_000 }, 'Give the hours before data is stale of at most 720.'],
      [{ concentrationTopCustomers: '10' }, 'Give the number of top customers as a number.'],
      [{ churnSpikeMultipel: 2 }, 'churnSpikeMultipel'],
    ])('refuses the threshold change %j with a clear message', async (change, message) => {
      const error = await refusal('settings:update', { insightThresholds: change });
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain(message);
      expect((await call('settings:get', undefined)).insightThresholds).toEqual(defaultInsightThresholds);
    });

    it('falls back to the default of a stored threshold that no longer parses, keeping the others', async () => {
      writeSettings(core.context.db, { insightThresholds: { churnSpikeMultiple: 'lots', trialsEndingDays: 3 } });
      expect((await call('settings:get', undefined)).insightThresholds).toEqual({ ...defaultInsightThresholds, trialsEndingDays: 3 });
    });
  });
});
