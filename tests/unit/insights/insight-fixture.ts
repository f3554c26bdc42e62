import type Database from 'better-sqlite3';
import { insertAccount } from '../../../src/core/db/repositories/accounts';
import { type InsightContext } from '../../../src/core/insights/insight-rule';
import { dayOfIso } from '../../../src/core/metrics/history/days';
import { loadMrrHistory } from '../../../src/core/metrics/history/load-mrr-history';
import { type MrrSettings, stripeDefaultMrrSettings } from '../../../src/core/metrics/mrr-types';
import { customerNames } from '../../../src/core/reports/metrics-report-range';
import { defaultInsightThresholds, type InsightThresholds } from '../../../src/shared/contract';
import { at, type Json, type SubscriptionFixture, writeSubscription } from '../../support/hand-made-mirror';

export { at, price, type SubscriptionFixture, type Version } from '../../support/hand-made-mirror';

/**
 * A hand-made mirror for the insight rules: subscriptions as recorded snapshots (no invoices, so each one's history is
 * exactly its versions), charges, coupons and sync runs, written the way a sync leaves them. Today is 2025-06-15 and
 * the clock reads 15:30 UTC, so every figure in the tests can be worked out by hand.
 */
export const accountId = 'acc_insightsunit001';
export const today = '2025-06-15';
export const todayDay = dayOfIso(today);
/** 2025-06-15T15:30:00Z. */
export const now = Date.parse(`${today}T15:30:00Z`) / 1000;

export interface CouponFixture {
  id: string;
  name: string;
  duration: 'once' | 'repeating' | 'forever';
  percentOff?: number;
  amountOff?: number;
  currency?: string;
}

/** A discount of `coupon` from `start`, its coupon expanded as the sync stores it; `end` only for repeating coupons. */
export function discount(id: string, coupon: CouponFixture, start: string, end: string | null = null): Json {
  return {
    id,
    object: 'discount',
    start: at(start),
    end: end === null ? null : at(end),
    source: {
      type: 'coupon',
      coupon: { id: coupon.id, object: 'coupon', name: coupon.name, percent_off: coupon.percentOff ?? null, amount_off: coupon.amountOff ?? null, currency: coupon.currency ?? null, duration: coupon.duration, duration_in_months: null },
    },
  };
}

/** The mirror of one account, written through its database. */
export function createMirror(db: Database.Database) {
  insertAccount(db, { id: accountId, displayName: 'Insights', source: 'stripe', stripeAccountId: null, keyMode: 'test', keyKind: 'secret', keyLast4: 'abcd', createdAt: '2024-01-01T00:00:00.000Z' });
  const customers = new Set<string>();
  const insertCustomer = db.prepare('INSERT INTO customers (account_id, id, raw, source_ts, created, email, name, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const customer = (id: string): void => {
    if (customers.has(id)) return;
    customers.add(id);
    insertCustomer.run(accountId, id, JSON.stringify({ id, object: 'customer' }), now, at('2024-01-01'), `${id.slice(4)}@example.com`, id.slice(4).toUpperCase(), 'usd');
  };

  return {
    /** A subscription row as its latest version, and a snapshot per version. */
    subscription(subscription: SubscriptionFixture): void {
      customer(subscription.customer);
      writeSubscription(db, accountId, subscription, now);
    },

    coupon(coupon: CouponFixture): void {
      db.prepare('INSERT INTO coupons (account_id, id, raw, source_ts, created, name, percent_off, amount_off, currency, duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        accountId, coupon.id, JSON.stringify({ id: coupon.id, object: 'coupon', name: coupon.name, duration: coupon.duration, percent_off: coupon.percentOff ?? null, amount_off: coupon.amountOff ?? null, currency: coupon.currency ?? null }), now, at('2024-01-01'),
        coupon.name, coupon.percentOff ?? null, coupon.amountOff ?? null, coupon.currency ?? null, coupon.duration,
      );
    },

    charge(charge: { id: string; customer: string; amount: number; status: 'succeeded' | 'failed'; created: number; currency?: string }): void {
      customer(charge.customer);
      db.prepare('INSERT INTO charges (account_id, id, raw, source_ts, created, customer, amount, currency, status, paid, refunded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)').run(
        accountId, charge.id, '{}', now, charge.created, charge.customer, charge.amount, charge.currency ?? 'usd', charge.status, charge.status === 'succeeded' ? 1 : 0,
      );
    },

    syncRun(run: { startedAt: string; finishedAt: string | null; status: 'running' | 'succeeded' | 'partial' | 'failed' }): void {
      db.prepare('INSERT INTO sync_logs (account_id, started_at, finished_at, "trigger", kind, status) VALUES (?, ?, ?, \'manual\', \'full\', ?)').run(accountId, run.startedAt, run.finishedAt, run.status);
    },
  };
}

/** What a rule is evaluated against: the mirror's history through today, on `day` (today unless said). */
export function insightContext(db: Database.Database, options: { day?: string; thresholds?: Partial<InsightThresholds>; settings?: MrrSettings } = {}): InsightContext {
  return {
    db,
    accountId,
    history: loadMrrHistory(db, accountId, options.settings ?? stripeDefaultMrrSettings, todayDay),
    day: options.day === undefined ? todayDay : dayOfIso(options.day),
    now,
    thresholds: { ...defaultInsightThresholds, ...options.thresholds },
    names: customerNames(db, accountId),
  };
}

/** The sum of the rows' amounts. */
export function rowsSum(rows: { rows: { amount: number }[] } | null): number {
  return (rows?.rows ?? []).reduce((sum, row) => sum + row.amount, 0);
}
