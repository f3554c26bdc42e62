import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/core';
import { accountOverviewAt } from '../../../src/core/metrics/account-overview';
import { dayOf, isoDay } from '../../../src/core/metrics/history/days';
import { loadMrrHistory } from '../../../src/core/metrics/history/load-mrr-history';
import { stripeDefaultMrrSettings } from '../../../src/core/metrics/mrr-types';
import { readReportingSettings } from '../../../src/core/metrics/reporting-settings';
import { createMemorySecretStore } from '../../../src/core/secrets/memory-secret-store';
import { secretNames } from '../../../src/core/secrets/secret-names';
import { type ChannelName } from '../../../src/shared/channels';
import { type ChannelInput } from '../../../src/shared/contract';
import { type Simulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { day, fixedNow, startTestSimulator, waitUntil } from '../../support/simulator';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';
import { answerOf } from '../../support/channel-calls';

/**
 * The dashboard's answers kept between launches (006-metrics-answers.ts): a relaunch on unchanged data answers the
 * overview and the charts without building the MRR history, and any change to what they were computed from — a write
 * by another process, a sync, other MRR settings, an answer an older app wrote — makes the core compute them again.
 * On a new day the day before's stand in until the history is built.
 */
const accountId = 'acc_storedanswers01';

describe('stored metrics answers across launches', () => {
  let simulator: Simulator;
  let temp: ReturnType<typeof makeTempDir>;
  const secrets = createMemorySecretStore();
  let now = fixedNow;
  let core: Core;
  let logger: ReturnType<typeof createMemoryLogger>;
  let currency: string;
  let notified: string[] = [];

  const launch = (): Core => {
    core?.close();
    logger = createMemoryLogger();
    notified = [];
    core = createCore({
      dataDir: temp.dir,
      secrets,
      logger,
      clock: { now: () => new Date(now * 1000) },
      stripeApiBase: async () => simulator.url,
      notifier: { emit: (event, payload) => notified.push(`${event} ${JSON.stringify(payload)}`) },
    });
    return core;
  };

  const call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => answerOf(core, channel, input);

  /** What the Overview asks for first: today's figures, a month-end's, and the year's MRR per month. */
  const dashboard = async () => ({
    today: await call('metrics:overview', { accountId }),
    monthEnd: await call('metrics:overview', { accountId, at: '2026-09-30' }),
    trend: await call('metrics:series', { accountId, currency, from: isoDay(dayOf(now) - 364), to: isoDay(dayOf(now)), interval: 'month' }),
  });

  const historyBuilds = () => logger.entries.filter((entry) => entry.message === 'MRR history built').length;
  const storedKeys = () => core.context.db.prepare<[string], string>('SELECT key FROM metrics_answers WHERE account_id = ? ORDER BY key').pluck().all(accountId);

  beforeAll(async () => {
    simulator = await startTestSimulator({ seed: 23, customers: 60 });
    temp = makeTempDir();
    launch();
    insertTestAccount(core.context.db, accountId);
    await secrets.set(secretNames.stripeKey(accountId), simulator.apiKey, { persist: false });
    expect(await core.sync.syncNow({ accountId, full: true, trigger: 'manual' })).toMatchObject([{ status: 'succeeded' }]);
    const overview = await call('metrics:overview', { accountId });
    const [first] = Object.keys(overview.byCurrency);
    if (!first) throw new Error('the simulated account has no MRR');
    currency = first;
  }, 120_000);
  afterAll(async () => {
    core.close();
    temp.remove();
    await simulator.stop();
  });

  it('answers a relaunch on unchanged data from the stored answers, without building the history', async () => {
    const before = await dashboard();
    expect(storedKeys()).toHaveLength(3);
    launch();
    expect(await dashboard()).toEqual(before);
    expect(historyBuilds()).toBe(0);
    // The drill-down is not kept: it needs the history, built once on first use.
    await call('metrics:drilldown', { accountId, currency, figure: 'mrr', from: before.today.at, to: before.today.at });
    expect(historyBuilds()).toBe(1);
  });

  it('computes them again after another process writes to the data they came from', async () => {
    const before = await dashboard();
    launch();
    // The cron CLI's connection, say: it records that a paying subscription ended two days ago.
    const other = new Database(core.context.app.databasePath);
    const ended = other
      .prepare<[string], { id: string }>("SELECT id FROM subscriptions WHERE account_id = ? AND status = 'active' ORDER BY id LIMIT 1")
      .get(accountId);
    if (!ended) throw new Error('no active subscription');
    other
      .prepare("UPDATE subscriptions SET status = 'canceled', canceled_at = ?, ended_at = ? WHERE account_id = ? AND id = ?")
      .run(now - 2 * day, now - 2 * day, accountId, ended.id);
    other.prepare('DELETE FROM subscription_snapshots WHERE account_id = ? AND subscription_id = ?').run(accountId, ended.id);
    other.close();
    expect(storedKeys()).toEqual([]);
    const after = await dashboard();
    expect(historyBuilds()).toBe(1);
    expect(after.today.byCurrency).not.toEqual(before.today.byCurrency);
    // The new answers are kept in turn.
    launch();
    expect(await dashboard()).toEqual(after);
    expect(historyBuilds()).toBe(0);
  });

  it('on a new day, answers “today” with the day before’s until the history is built just after, then with today’s', async () => {
    const yesterday = await dashboard();
    now = fixedNow + day;
    launch();
    // The app opened the next morning: the day before's figures at once, saying which day they are about.
    expect(await call('metrics:overview', { accountId })).toEqual(yesterday.today);
    expect(yesterday.today.at).toBe(isoDay(dayOf(fixedNow)));
    expect(historyBuilds()).toBe(0);
    // Then the history is built, and the renderer is told to ask again.
    await waitUntil(() => notified.includes('data:changed {"scopes":["data"]}'), 'the renderer told to ask again');
    expect(historyBuilds()).toBe(1);
    const today = await call('metrics:overview', { accountId });
    expect(today.at).toBe(isoDay(dayOf(now)));
    expect(today).toEqual(accountOverviewAt(core.context.db, accountId, loadMrrHistory(core.context.db, accountId, stripeDefaultMrrSettings, dayOf(now)), dayOf(now), readReportingSettings(core.context.db)));
    expect(historyBuilds()).toBe(1);
    // Kept: today's answers, and the day before's (until today's are complete).
    expect(core.context.db.prepare<[string], number>('SELECT DISTINCT day FROM metrics_answers WHERE account_id = ? ORDER BY day').pluck().all(accountId)).toEqual([dayOf(fixedNow), dayOf(now)]);
    now = fixedNow;
  });

  it('keys them by the MRR settings: switching back answers from the stored ones', async () => {
    launch();
    const stripeDefault = await dashboard();
    const builds = historyBuilds();
    await call('settings:update', { subtractFiniteDiscounts: true });
    const withFinite = await dashboard();
    expect(historyBuilds()).toBe(builds + 1);
    await call('settings:update', { subtractFiniteDiscounts: false });
    launch();
    expect(await dashboard()).toEqual(stripeDefault);
    expect(historyBuilds()).toBe(0);
    await call('settings:update', { subtractFiniteDiscounts: true });
    expect(await dashboard()).toEqual(withFinite);
    expect(historyBuilds()).toBe(0);
    await call('settings:update', { subtractFiniteDiscounts: false });
  });

  it('computes again, and says so in the log, an answer that does not read as the contract’s shape', async () => {
    const expected = await dashboard();
    core.context.db.prepare("UPDATE metrics_answers SET answer = '{\"at\":1}' WHERE account_id = ? AND key LIKE '%overview%'").run(accountId);
    core.context.db.prepare("UPDATE metrics_answers SET answer = 'not json' WHERE account_id = ? AND key LIKE '%series%'").run(accountId);
    launch();
    expect(await dashboard()).toEqual(expected);
    expect(logger.entries.filter((entry) => entry.message === 'A stored metrics answer was unreadable; computing it again')).toHaveLength(3);
  });

  it('drops them when a sync of this process changes the data', async () => {
    launch();
    await dashboard();
    expect(storedKeys()).not.toEqual([]);
    // A full sync rewrites every row from the simulator, undoing the other process's edit above.
    expect(await core.sync.syncNow({ accountId, full: true, trigger: 'manual' })).toMatchObject([{ status: 'succeeded' }]);
    expect(storedKeys()).toEqual([]);
  });
});
