import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/core';
import { dayOf, isoDay } from '../../../src/core/metrics/history/days';
import { mrrAtRisk } from '../../../src/core/metrics/mrr-at-risk';
import { toMinorUnits } from '../../../src/core/metrics/money';
import { createMemorySecretStore } from '../../../src/core/secrets/memory-secret-store';
import { secretNames } from '../../../src/core/secrets/secret-names';
import { type ChannelName } from '../../../src/shared/channels';
import { type ChannelInput, defaultInsightThresholds, type Insight, type InsightThresholds } from '../../../src/shared/contract';
import { type Simulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { fixedNow, startTestSimulator } from '../../support/simulator';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';
import { answerOf } from '../../support/channel-calls';

/**
 * The insights channel over a simulated account synced through the core's own sync service, on a clock that starts at
 * the simulator's instant. Thresholds are set loose enough that every rule the account's data allows fires, then
 * tightened past each insight's own figure to check it goes silent.
 */
const accountId = 'acc_insightschannel1';
const today = dayOf(fixedNow);

const figure = (insight: Insight, key: string): number | null => insight.figures.find((candidate) => candidate.key === key)?.value ?? null;

/** A threshold just above a figure, or 0 (not checkable) when there is none or the setting's maximum is in the way. */
const justPast = (value: number | null, max: number): number => (value === null || value + 0.01 > max ? 0 : value + 0.01);
const percentOf = (share: number | null): number | null => (share === null ? null : share * 100);

/** Whole days ahead that stop just short of the day of the insight's soonest row (a trial, coupon or period end). */
const daysBeforeSoonest = (insight: Insight): number => Math.min(...(insight.rows?.rows ?? []).map((row) => dayOf(Date.parse(`${row.date}T00:00:00Z`) / 1000))) - today - 1;

describe('insights on a synced simulated account', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  let core: Core;
  let clock = fixedNow;

  const call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => answerOf(core, channel, input);

  async function insightsWith(thresholds: Partial<InsightThresholds>): Promise<Insight[]> {
    await call('settings:update', { insightThresholds: { ...defaultInsightThresholds, ...thresholds } });
    return (await call('insights:list', { accountId })).insights;
  }

  /** Loose enough for every rule to speak wherever the data gives it something to say. */
  const loose: Partial<InsightThresholds> = {
    churnSpikeMultiple: 0.01,
    failedPaymentsRisePercent: 0.01,
    failedPaymentsMinimum: 1,
    mrrAtRiskPercent: 0.01,
    concentrationTopCustomers: 5,
    concentrationPercent: 0.01,
    couponsEndingDays: 365,
    renewalsDays: 365,
    trialsEndingDays: 90,
    quickRatioMinimum: 10,
    grrFallPoints: 0.01,
  };

  beforeAll(async () => {
    simulator = await startTestSimulator({ seed: 3, customers: 200 });
    temp = makeTempDir();
    const secrets = createMemorySecretStore();
    core = createCore({ dataDir: temp.dir, secrets, logger: createMemoryLogger(), clock: { now: () => new Date(clock * 1000) }, stripeApiBase: async () => simulator.url });
    insertTestAccount(core.context.db, accountId);
    await secrets.set(secretNames.stripeKey(accountId), simulator.apiKey, { persist: false });
    const runs = await core.sync.syncNow({ accountId, full: true, trigger: 'manual' });
    expect(runs).toMatchObject([{ status: 'succeeded' }]);
  }, 120_000);
  afterAll(async () => {
    core.close();
    temp.remove();
    await simulator.stop();
  });

  it('says nothing about stale data right after a sync', async () => {
    const list = await call('insights:list', { accountId });
    expect(list).toMatchObject({ at: isoDay(today), presentStateChecked: true });
    expect(list.insights.map((insight) => insight.rule)).not.toContain('stale-data');
  });

  it('gives every insight rows that add up to the figure it quotes, most severe first', async () => {
    const insights = await insightsWith(loose);
    const rules = new Set(insights.map((insight) => insight.rule));
    // What this simulated account has: churn, failed payments, past-due subscriptions, customers of every size, trials,
    // finite coupons and yearly plans (its NRR falls with its GRR, so expansion hides nothing).
    for (const rule of ['churn-spike', 'mrr-at-risk', 'failed-payments-rising', 'quick-ratio-below-one', 'revenue-concentration', 'trials-ending', 'coupons-ending', 'annual-renewals'] as const) {
      expect(rules, rule).toContain(rule);
    }
    const severities = insights.map((insight) => ['critical', 'warning', 'info'].indexOf(insight.severity));
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
    for (const insight of insights) {
      if (!insight.rows) continue;
      expect(insight.rows.rows.reduce((sum, row) => sum + row.amount, 0), insight.id).toBe(insight.rows.total);
      expect(insight.rows.rows.every((row) => row.amount >= 0), insight.id).toBe(true);
      const money = insight.figures.filter((candidate) => candidate.unit === 'money').map((candidate) => candidate.value);
      expect(money, `${insight.id} quotes its rows' total`).toContain(insight.rows.total);
    }
  });

  it('agrees with the metrics channels on the figures they share', async () => {
    const insights = await insightsWith(loose);
    const overview = await call('metrics:overview', { accountId });
    for (const insight of insights) {
      const currency = insight.currency ?? '';
      if (insight.drilldown) {
        const drilldown = await call('metrics:drilldown', { accountId, ...insight.drilldown });
        if (insight.rule === 'churn-spike') expect(drilldown.total, insight.id).toBe(insight.rows?.total);
        if (insight.rule === 'revenue-concentration') {
          expect(drilldown.value).toBe(figure(insight, 'mrr'));
          // The top rows are the drill-down's first rows, apportioned among themselves: within a cent a row.
          const top = drilldown.rows.slice(0, insight.rows?.rows.length).reduce((sum, row) => sum + row.amount, 0);
          expect(Math.abs(top - (insight.rows?.total ?? 0))).toBeLessThanOrEqual(insight.rows?.rows.length ?? 0);
        }
      }
      if (insight.rule === 'quick-ratio-below-one') expect(figure(insight, 'quickRatio'), insight.id).toBe(overview.byCurrency[currency]?.quickRatio);
      if (insight.rule === 'mrr-at-risk') {
        const expected = mrrAtRisk(core.context.db, accountId, core.metrics.history(accountId).settings, today, { isLatestDay: true }).get(currency) ?? 0;
        expect(figure(insight, 'mrrAtRisk')).toBe(toMinorUnits(expected));
      }
      if (insight.rule === 'trials-ending') {
        const ids = core.context.db
          .prepare<[string, string, number, number], string>("SELECT id FROM subscriptions WHERE account_id = ? AND currency = ? AND status = 'trialing' AND trial_end > ? AND trial_end <= ? ORDER BY id")
          .pluck()
          .all(accountId, currency, clock, clock + 90 * 86_400);
        expect(insight.rows?.rows.map((row) => row.objectId).sort()).toEqual(ids);
      }
    }
  });

  it('goes silent when each threshold is set just past the figure that triggered it', async () => {
    const insights = await insightsWith(loose);
    const tighter: [Insight['rule'], (insight: Insight) => Partial<InsightThresholds>][] = [
      ['churn-spike', (insight) => ({ churnSpikeMultiple: justPast(figure(insight, 'multiple'), 10) })],
      ['quick-ratio-below-one', (insight) => ({ quickRatioMinimum: figure(insight, 'quickRatio') ?? 0 })],
      ['revenue-concentration', (insight) => ({ concentrationPercent: justPast(percentOf(figure(insight, 'share')), 100) })],
      ['mrr-at-risk', (insight) => ({ mrrAtRiskPercent: justPast(percentOf(figure(insight, 'share')), 100) })],
      ['failed-payments-rising', (insight) => ({ failedPaymentsMinimum: (figure(insight, 'failedPayments') ?? 0) + 1 })],
      ['trials-ending', (insight) => ({ trialsEndingDays: daysBeforeSoonest(insight) })],
      ['coupons-ending', (insight) => ({ couponsEndingDays: daysBeforeSoonest(insight) })],
      ['annual-renewals', (insight) => ({ renewalsDays: daysBeforeSoonest(insight) })],
    ];
    let checked = 0;
    for (const [rule, tighten] of tighter) {
      for (const insight of insights.filter((candidate) => candidate.rule === rule)) {
        const tightened = tighten(insight);
        // Some figures leave nothing to tighten to: a spike against no churn at all (no multiple), a ratio of 0, a date
        // within a day.
        if (Object.values(tightened).some((value) => value === undefined || value < 1e-3)) continue;
        const after = await insightsWith({ ...loose, ...tightened });
        expect(after.map((candidate) => candidate.id), `${insight.id} with ${JSON.stringify(tightened)}`).not.toContain(insight.id);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(tighter.length);
  });

  it('calls the data stale once the last sync is older than the threshold', async () => {
    await call('settings:update', { insightThresholds: defaultInsightThresholds });
    clock = fixedNow + 25 * 3600;
    try {
      const list = await call('insights:list', { accountId });
      expect(list.insights.find((insight) => insight.rule === 'stale-data')).toMatchObject({ severity: 'warning', figures: [{ key: 'hoursSinceSync', value: 25 }] });
      await call('settings:update', { insightThresholds: { staleSyncHours: 26 } });
      expect((await call('insights:list', { accountId })).insights.map((insight) => insight.rule)).not.toContain('stale-data');
    } finally {
      clock = fixedNow;
    }
  });
});
