import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/core';
import { insertAccount } from '../../../src/core/db/repositories/accounts';
import { writeSettings } from '../../../src/core/db/repositories/settings';
import { recordSubscriptionSnapshot } from '../../../src/core/db/repositories/subscription-snapshots';
import { dayOfIso } from '../../../src/core/metrics/history/days';
import { readMrrSettings } from '../../../src/core/metrics/mrr-settings';
import { stripeDefaultMrrSettings } from '../../../src/core/metrics/mrr-types';
import { createMemorySecretStore } from '../../../src/core/secrets/memory-secret-store';
import { defaultSettings } from '../../../src/shared/contract';
import { type EventName } from '../../../src/shared/channels';
import { createMemoryLogger } from '../../support/memory-logger';
import { makeTempDir } from '../../support/temp-dir';

/**
 * Two customers with known MRR, recorded as snapshots: cus_a pays $20/month from 2025-01-10; cus_b pays $30/month
 * from 2025-02-01 with a `once` 50% coupon (in force through August), which only counts when finite discounts are
 * subtracted. Today is 2025-06-15 on a clock the tests move.
 */
const accountId = 'acc_metricsservice1';
const at = (iso: string) => Date.parse(`${iso}T09:00:00Z`) / 1000;

function subscription(id: string, customer: string, unitAmount: number, discounts: unknown[] = []): string {
  return JSON.stringify({
    id,
    object: 'subscription',
    customer,
    currency: 'usd',
    status: 'active',
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    items: { object: 'list', data: [{ id: `si_${id}`, price: { id: `price_${id}`, currency: 'usd', unit_amount: unitAmount, type: 'recurring', recurring: { interval: 'month', interval_count: 1 } }, quantity: 1 }] },
    discounts,
  });
}

const onceCoupon = { id: 'di_once', start: at('2025-02-01'), end: at('2025-08-31'), source: { coupon: { id: 'ONCE', percent_off: 50, duration: 'once' } } };

function addSubscription(db: Database.Database, id: string, customer: string, from: string, raw: string): void {
  db.prepare('INSERT INTO subscriptions (account_id, id, raw, source_ts, created, customer, status, currency, start_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    accountId, id, raw, at(from), at(from), customer, 'active', 'usd', at(from),
  );
  recordSubscriptionSnapshot(db, { accountId, subscriptionId: id, validFrom: at(from), source: 'sync', raw });
}

function seed(db: Database.Database): void {
  insertAccount(db, { id: accountId, displayName: 'Fixture', source: 'stripe', stripeAccountId: null, keyMode: 'test', keyKind: 'secret', keyLast4: 'abcd', createdAt: '2025-01-01T00:00:00.000Z' });
  addSubscription(db, 'sub_a', 'cus_a', '2025-01-10', subscription('sub_a', 'cus_a', 2000));
  addSubscription(db, 'sub_b', 'cus_b', '2025-02-01', subscription('sub_b', 'cus_b', 3000, [onceCoupon]));
}

describe('the metrics service', () => {
  let core: Core;
  let temp: ReturnType<typeof makeTempDir>;
  let now: Date;
  let events: EventName[];
  let onEvent: (event: EventName) => void;

  beforeEach(() => {
    temp = makeTempDir();
    now = new Date('2025-06-15T12:00:00Z');
    events = [];
    onEvent = () => undefined;
    core = createCore({
      dataDir: temp.dir,
      secrets: createMemorySecretStore(),
      logger: createMemoryLogger(),
      clock: { now: () => now },
      notifier: {
        emit: (event) => {
          events.push(event);
          onEvent(event);
        },
      },
    });
    seed(core.context.db);
  });
  afterEach(() => {
    core.close();
    temp.remove();
  });

  const mrrToday = () => core.metrics.history(accountId).mrrAt('usd', core.metrics.today());

  it('takes today from the core’s clock and builds the history through it', () => {
    expect(core.metrics.today()).toBe(dayOfIso('2025-06-15'));
    expect(core.metrics.history(accountId).lastDay).toBe(dayOfIso('2025-06-15'));
    expect(mrrToday()).toBe(5000);
  });

  it('builds an account’s history once, and again only after invalidate', () => {
    const first = core.metrics.history(accountId);
    expect(core.metrics.history(accountId)).toBe(first);
    addSubscription(core.context.db, 'sub_c', 'cus_c', '2025-06-01', subscription('sub_c', 'cus_c', 700));
    expect(core.metrics.history(accountId)).toBe(first);
    expect(mrrToday()).toBe(5000);
    core.metrics.invalidate(accountId);
    expect(core.metrics.history(accountId)).not.toBe(first);
    expect(mrrToday()).toBe(5700);
    const second = core.metrics.history(accountId);
    core.metrics.invalidate();
    expect(core.metrics.history(accountId)).not.toBe(second);
  });

  it('re-reads only the customers a batch touched into the cached history (the incremental recompute)', () => {
    const first = core.metrics.history(accountId);
    addSubscription(core.context.db, 'sub_c', 'cus_c', '2025-06-01', subscription('sub_c', 'cus_c', 700));
    addSubscription(core.context.db, 'sub_d', 'cus_d', '2025-06-01', subscription('sub_d', 'cus_d', 900));
    core.metrics.dataChanged(accountId, new Set(['cus_c']));
    // The same history, patched: cus_c is in it, cus_d (not named) is not yet.
    expect(core.metrics.history(accountId)).toBe(first);
    expect(mrrToday()).toBe(5700);
    expect(first.movements('usd', dayOfIso('2025-06-01'), dayOfIso('2025-06-15')).map((movement) => [movement.customerId, movement.type, movement.amount])).toEqual([['cus_c', 'new', 700]]);
    core.metrics.dataChanged(accountId, new Set());
    expect(core.metrics.history(accountId)).toBe(first);
    core.metrics.dataChanged(accountId, 'all');
    expect(core.metrics.history(accountId)).not.toBe(first);
    expect(mrrToday()).toBe(6600);
  });

  it('rebuilds when the day changes', () => {
    const first = core.metrics.history(accountId);
    now = new Date('2025-06-16T00:00:01Z');
    const next = core.metrics.history(accountId);
    expect(next).not.toBe(first);
    expect(next.lastDay).toBe(dayOfIso('2025-06-16'));
  });

  it('rebuilds when another process (the cron CLI) commits to the database', () => {
    const first = core.metrics.history(accountId);
    const other = new Database(path.join(temp.dir, 'recur.db'));
    try {
      other.prepare("INSERT INTO settings (key, value) VALUES ('unrelated', '1')").run();
    } finally {
      other.close();
    }
    expect(core.metrics.history(accountId)).not.toBe(first);
  });

  it('reads the MRR settings from the settings, Stripe’s defaults filling in, each key on its own', () => {
    expect({ subtractFiniteDiscounts: defaultSettings.subtractFiniteDiscounts, cancellation: defaultSettings.cancellation }).toEqual(stripeDefaultMrrSettings);
    expect(readMrrSettings(core.context.db)).toEqual(stripeDefaultMrrSettings);
    writeSettings(core.context.db, { subtractFiniteDiscounts: 'yes please', cancellation: 'period_end' });
    expect(readMrrSettings(core.context.db)).toEqual({ subtractFiniteDiscounts: false, cancellation: 'period_end' });
    writeSettings(core.context.db, { subtractFiniteDiscounts: true, cancellation: 'whenever' });
    expect(readMrrSettings(core.context.db)).toEqual({ subtractFiniteDiscounts: true, cancellation: 'requested' });
  });

  it('recomputes the figures after the MRR settings change through settings:update', async () => {
    const before = await core.dispatch('metrics:overview', { accountId });
    expect(before).toMatchObject({ ok: true, value: { byCurrency: { usd: { mrr: 5000 } } } });
    const history = core.metrics.history(accountId);

    const updated = await core.dispatch('settings:update', { subtractFiniteDiscounts: true });
    expect(updated).toMatchObject({ ok: true, value: { subtractFiniteDiscounts: true, cancellation: 'requested' } });
    const after = await core.dispatch('metrics:overview', { accountId });
    expect(after).toMatchObject({ ok: true, value: { byCurrency: { usd: { mrr: 3500 } } } });
    expect(core.metrics.history(accountId)).not.toBe(history);
    expect(core.metrics.history(accountId).settings).toEqual({ subtractFiniteDiscounts: true, cancellation: 'requested' });

    await core.dispatch('settings:update', { subtractFiniteDiscounts: false });
    expect(await core.dispatch('metrics:overview', { accountId })).toMatchObject({ ok: true, value: { byCurrency: { usd: { mrr: 5000 } } } });
  });

  it('refuses MRR settings outside the contract', async () => {
    expect(await core.dispatch('settings:update', { cancellation: 'never' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await core.dispatch('settings:update', { subtractFiniteDiscounts: 'on' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('is rebuilt after a failed sync run (it may have written some pages), before data:changed goes out', async () => {
    const first = core.metrics.history(accountId);
    let rebuiltWhenNotified: boolean | undefined;
    onEvent = (event) => {
      if (event === 'data:changed') rebuiltWhenNotified = core.metrics.history(accountId) !== first;
    };
    // No key is stored for the account, so the run fails at once (no network); a finished run is still a data change.
    const runs = await core.sync.syncNow({ accountId, trigger: 'manual' });
    expect(runs).toMatchObject([{ status: 'failed' }]);
    expect(events).toContain('data:changed');
    expect(rebuiltWhenNotified).toBe(true);
  });

  it('answers not_found once the account is gone, even with its history cached', async () => {
    core.metrics.history(accountId);
    core.context.db.prepare('DELETE FROM accounts WHERE id = ?').run(accountId);
    expect(await core.dispatch('metrics:overview', { accountId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
