import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/core';
import { dayOf, dayOfIso, isoDay } from '../../../src/core/metrics/history/days';
import { loadMrrHistory } from '../../../src/core/metrics/history/load-mrr-history';
import { toMinorUnits } from '../../../src/core/metrics/money';
import { type MrrSettings, stripeDefaultMrrSettings } from '../../../src/core/metrics/mrr-types';
import { accountOverviewAt } from '../../../src/core/metrics/account-overview';
import { cashByMonth } from '../../../src/core/metrics/cash';
import { monthOf, overviewAt } from '../../../src/core/metrics/overview';
import { readReportingSettings } from '../../../src/core/metrics/reporting-settings';
import { historyDays, subscriptionDailyMrr } from '../../../src/sim/account/ground-truth';
import { settlementRate } from '../../../src/sim/model/exchange-rates';
import { versionAt } from '../../../src/sim/render';
import { type Currency } from '../../../src/sim/model/types';
import { createMemorySecretStore } from '../../../src/core/secrets/memory-secret-store';
import { secretNames } from '../../../src/core/secrets/secret-names';
import { type ChannelName } from '../../../src/shared/channels';
import { type ChannelInput, type DrilldownFigure, maxMetricsRangeDays } from '../../../src/shared/contract';
import { type Simulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { fixedNow, startTestSimulator } from '../../support/simulator';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';
import { answerOf } from '../../support/channel-calls';

/**
 * The metrics channels over a small simulated account synced through the core's own sync service (so the sync's
 * invalidation hook is exercised too), on a clock fixed at the simulator's instant.
 */
const accountId = 'acc_metricschannels1';
const today = dayOf(fixedNow);
const movementFigures = ['new', 'reactivation', 'expansion', 'contraction', 'churn'] as const;

describe('metrics channels on a synced simulated account', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  let core: Core;
  let emptyOverview: unknown;

  const call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => answerOf(core, channel, input);

  /** The overview the channel should answer on `day`, from a history built afresh under `settings`. */
  const expected = (settings: MrrSettings, day = today) =>
    accountOverviewAt(core.context.db, accountId, loadMrrHistory(core.context.db, accountId, settings, today), day, readReportingSettings(core.context.db));

  beforeAll(async () => {
    simulator = await startTestSimulator({ seed: 11, customers: 60 });
    temp = makeTempDir();
    const secrets = createMemorySecretStore();
    core = createCore({ dataDir: temp.dir, secrets, logger: createMemoryLogger(), clock: { now: () => new Date(fixedNow * 1000) }, stripeApiBase: async () => simulator.url });
    insertTestAccount(core.context.db, accountId);
    await secrets.set(secretNames.stripeKey(accountId), simulator.apiKey, { persist: false });
    // Read before any data: the empty history is cached, and only the sync's invalidation can replace it.
    emptyOverview = await call('metrics:overview', { accountId });
    const runs = await core.sync.syncNow({ accountId, full: true, trigger: 'manual' });
    expect(runs).toMatchObject([{ status: 'succeeded' }]);
  }, 120_000);
  afterAll(async () => {
    core.close();
    temp.remove();
    await simulator.stop();
  });

  it('answers the overview of overviewAt on the same history, recomputed after the sync', async () => {
    expect(emptyOverview).toMatchObject({ at: isoDay(today), byCurrency: {}, converted: { currency: 'usd', rates: {}, isComplete: true, mrr: 0 } });
    const overview = await call('metrics:overview', { accountId });
    expect(Object.keys(overview.byCurrency).length).toBeGreaterThan(0);
    expect(overview).toEqual(expected(stripeDefaultMrrSettings));
    const earlier = today - 200;
    expect(await call('metrics:overview', { accountId, at: isoDay(earlier) })).toEqual(expected(stripeDefaultMrrSettings, earlier));
    expect(overview).toMatchObject(overviewAt(core.metrics.history(accountId), today));
  });

  it('gives month points whose net new is the change in MRR between consecutive points, to the cent', async () => {
    const history = core.metrics.history(accountId);
    const from = Math.max(history.firstDay, today - maxMetricsRangeDays + 1);
    let points = 0;
    for (const currency of history.currencies()) {
      const series = await call('metrics:series', { accountId, currency, from: isoDay(from), to: isoDay(today), interval: 'month' });
      let previous = toMinorUnits(history.mrrAt(currency, from - 1));
      for (const point of series.points) {
        expect(Math.abs(point.netNew - (point.mrr - previous)), `${currency} ${point.date}`).toBeLessThanOrEqual(1);
        // Net new is rounded once from full precision; its five parts are each rounded too, so they may be off by a few.
        expect(Math.abs(point.netNew - (point.new + point.reactivation + point.expansion - point.contraction - point.churn))).toBeLessThanOrEqual(3);
        previous = point.mrr;
        points++;
      }
      // The month to date is the overview's month: the same figures, rounded the same way.
      const overview = (await call('metrics:overview', { accountId })).byCurrency[currency];
      const last = series.points[series.points.length - 1];
      expect(last && overview && [last.mrr, last.payingCustomers, last.new, last.reactivation, last.expansion, last.contraction, last.churn, last.netNew]).toEqual(
        overview && [overview.mrr, overview.payingCustomers, overview.newMrr, overview.reactivationMrr, overview.expansionMrr, overview.contractionMrr, overview.churnedMrr, overview.netNewMrr],
      );
    }
    expect(points).toBeGreaterThan(20);
  });

  it('gives drill-downs whose rows add up to their total, for MRR and every movement type, month by month', async () => {
    const history = core.metrics.history(accountId);
    let checked = 0;
    let rowsSeen = 0;
    for (const currency of history.currencies()) {
      for (let month = monthOf(today), count = 0; count < 12; month = monthOf(month.firstDay - 1), count++) {
        const range = { accountId, currency, from: isoDay(month.firstDay), to: isoDay(Math.min(month.lastDay, today)) };
        const point = (await call('metrics:series', { ...range, interval: 'month' })).points[0];
        if (!point) throw new Error('no point');
        const figures: Record<DrilldownFigure, number> = {
          mrr: point.mrr,
          payingCustomers: point.payingCustomers,
          new: point.new,
          reactivation: point.reactivation,
          expansion: point.expansion,
          contraction: point.contraction,
          churn: point.churn,
        };
        for (const figure of ['mrr', 'payingCustomers', ...movementFigures] as const) {
          const drilldown = await call('metrics:drilldown', { ...range, figure });
          const label = `${currency} ${range.from} ${figure}`;
          const sum = figure === 'payingCustomers' ? drilldown.rows.length : drilldown.rows.reduce((total, row) => total + row.amount, 0);
          expect(drilldown.total, label).toBe(sum);
          expect(drilldown.value, label).toBe(figures[figure]);
          expect(Math.abs(drilldown.total - drilldown.value), label).toBeLessThanOrEqual(Math.max(1, drilldown.rows.length));
          expect(drilldown.rows.every((row, index, rows) => index === 0 || (rows[index - 1]?.amount ?? 0) >= row.amount), label).toBe(true);
          if (figure !== 'mrr' && figure !== 'payingCustomers') {
            const day = (row: { date?: string }) => dayOfIso(row.date ?? '');
            expect(drilldown.rows.every((row) => day(row) >= month.firstDay && day(row) <= month.lastDay), label).toBe(true);
          }
          rowsSeen += drilldown.rows.length;
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7 * 12);
    expect(rowsSeen).toBeGreaterThan(100);
  });

  it('shows a paying customer with the MRR the drill-down gave them', async () => {
    const [currency = 'usd'] = core.metrics.history(accountId).currencies();
    const drilldown = await call('metrics:drilldown', { accountId, currency, figure: 'mrr', from: isoDay(today), to: isoDay(today) });
    const top = drilldown.rows[0];
    if (!top) throw new Error('nobody pays');
    const customer = await call('metrics:customer', { accountId, customerId: top.customerId });
    expect(customer).toMatchObject({ customerId: top.customerId, email: top.email, name: top.name });
    expect(customer.mrrNow[currency]).toBe(top.amount);
    expect(customer.movements.find((movement) => movement.currency === currency)?.mrrAfter).toBe(top.amount);
    expect(customer.subscriptions.length).toBeGreaterThan(0);
    expect(customer.invoices.length).toBeGreaterThan(0);
    expect(customer.movements.map((movement) => movement.date)).toEqual(customer.movements.map((movement) => movement.date).sort().reverse());
  });

  it('converts at the newest rate the synced balance transactions show for each currency', async () => {
    const { converted, byCurrency } = await call('metrics:overview', { accountId });
    const others = Object.keys(byCurrency).filter((currency) => currency !== 'usd');
    expect(others.length).toBeGreaterThan(0);
    expect(converted.currency).toBe('usd');
    for (const currency of others) {
      // The simulator settles in usd at a rate that drifts month to month: the newest succeeded charge's is the one.
      const newest = core.context.db
        .prepare<[string, string], number>("SELECT max(created) FROM charges WHERE account_id = ? AND currency = ? AND status = 'succeeded'")
        .pluck()
        .get(accountId, currency);
      expect(converted.rates[currency], currency).toEqual({ rate: settlementRate(currency as Currency, newest ?? 0), source: 'account' });
    }
  });

  it('gives cohorts whose running month adds up to today’s paying customers and MRR', async () => {
    const history = core.metrics.history(accountId);
    for (const currency of history.currencies()) {
      const table = await call('metrics:cohorts', { accountId, currency, kind: 'mrr' });
      const running = table.cohorts.map((cohort) => cohort.months.at(-1));
      expect(running.reduce((sum, month) => sum + (month?.payingCustomers ?? 0), 0), currency).toBe(history.payingCustomersAt(currency, today));
      // Each cohort's MRR is rounded on its own: the sum may be off by half a unit per cohort.
      const mrr = running.reduce((sum, month) => sum + (month?.mrr ?? 0), 0);
      expect(Math.abs(mrr - toMinorUnits(history.mrrAt(currency, today))), currency).toBeLessThanOrEqual(table.cohorts.length / 2 + 1);
      for (const cohort of table.cohorts) expect(cohort.months[0]?.mrr).toBe(cohort.startingMrr);
    }
    const overview = await call('metrics:overview', { accountId });
    for (const figures of Object.values(overview.byCurrency)) expect(figures.trialsConverted).toBeLessThanOrEqual(figures.trialsEnded);
  });

  it('counts the trials that ended each month and converted as the simulator’s truth does', async () => {
    const account = simulator.account;
    const { firstDay: truthStart, days } = historyDays(account, fixedNow);
    const firstTruthDay = dayOf(truthStart);
    const trials: { currency: string; endedDay: number; paidDays: number[] }[] = [];
    for (let index = 0; index < account.shape.customerCount; index++) {
      const story = account.story(index);
      for (const subscription of story.subscriptions) {
        if (subscription.trialEnd === null || subscription.created > fixedNow) continue;
        const endedAt = subscription.versions[versionAt(subscription.versions, fixedNow) ?? -1]?.endedAt ?? null;
        const daily = subscriptionDailyMrr(account, subscription, truthStart, days, stripeDefaultMrrSettings, fixedNow);
        const paidDays = [...daily.keys()].filter((offset) => (daily[offset] ?? 0) > 1e-7).map((offset) => offset + firstTruthDay);
        trials.push({ currency: subscription.currency, endedDay: dayOf(Math.min(subscription.trialEnd, endedAt ?? Number.POSITIVE_INFINITY)), paidDays });
      }
    }
    let checked = 0;
    for (let month = monthOf(today); month.firstDay > today - 400; month = monthOf(month.firstDay - 1)) {
      const lastDay = Math.min(month.lastDay, today);
      const overview = await call('metrics:overview', { accountId, at: isoDay(lastDay) });
      for (const [currency, figures] of Object.entries(overview.byCurrency)) {
        const ended = trials.filter((trial) => trial.currency === currency && trial.endedDay >= month.firstDay && trial.endedDay <= lastDay);
        const converted = ended.filter((trial) => trial.paidDays.some((day) => day >= trial.endedDay && day <= lastDay));
        expect([figures.trialsEnded, figures.trialsConverted], `${currency} ${isoDay(month.firstDay)}`).toEqual([ended.length, converted.length]);
        checked += ended.length;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('gives cash per month as cash.ts computes it', async () => {
    const cash = await call('metrics:cash', { accountId, from: isoDay(today - 400), to: isoDay(today) });
    expect(cash.months).toEqual(cashByMonth(core.context.db, accountId, (today - 400) * 86_400, (today + 1) * 86_400));
    expect(cash.months.some((month) => month.failedPayments > 0)).toBe(true);
  });

  it('refuses bad dates, reversed ranges and unknown accounts with structured errors', async () => {
    const base = { accountId, currency: 'usd', interval: 'day' } as const;
    expect(await core.dispatch('metrics:series', { ...base, from: '2026-02-31', to: '2026-03-01' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await core.dispatch('metrics:series', { ...base, from: '2026-03-02', to: '2026-03-01' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await core.dispatch('metrics:drilldown', { accountId, currency: 'usd', figure: 'mrr', from: '2026-03-02', to: '2026-03-01' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await core.dispatch('metrics:overview', { accountId: 'acc_unknownaccount1' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('recomputes after the MRR settings change', async () => {
    const before = await call('metrics:overview', { accountId });
    const finite: MrrSettings = { subtractFiniteDiscounts: true, cancellation: 'requested' };
    const periodEnd: MrrSettings = { subtractFiniteDiscounts: true, cancellation: 'period_end' };
    try {
      await call('settings:update', { subtractFiniteDiscounts: true });
      const after = await call('metrics:overview', { accountId });
      expect(after).toEqual(expected(finite));
      await call('settings:update', { cancellation: 'period_end' });
      expect(await call('metrics:overview', { accountId })).toEqual(expected(periodEnd));
      // The simulated account has finite coupons and cancellations at period end: both settings move the figures.
      expect(after).not.toEqual(before);
      expect(expected(periodEnd)).not.toEqual(after);
    } finally {
      await call('settings:update', { subtractFiniteDiscounts: false, cancellation: 'requested' });
    }
    expect(await call('metrics:overview', { accountId })).toEqual(before);
  });
});
