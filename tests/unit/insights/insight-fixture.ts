import type Database from 'better-sqlite3';
import { insertAccount } from '../../../src/core/db/repositories/accounts';
import { recordSubscriptionSnapshot } from '../../../src/core/db/repositories/subscription-snapshots';
import { type InsightContext } from '../../../src/core/insights/insight-rule';
import { dayOfIso } from '../../../src/core/metrics/history/days';
import { loadMrrHistory } from '../../../src/core/metrics/history/load-mrr-history';
import { type MrrSettings, stripeDefaultMrrSettings } from '../../../src/core/metrics/mrr-types';
import { customerNames } from '../../../src/core/reports/metrics-report-range';
import { defaultInsightThresholds, type InsightThresholds } from '../../../src/shared/contract';

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

/** Unix seconds of a day at an hour (09:00 UTC unless said). */
export const at = (iso: string, hour = 9): number => Date.parse(`${iso}T00:00:00Z`) / 1000 + hour * 3600;

type Json = Record<string, unknown>;

export function price(id: string, unitAmount: number, interval: 'month' | 'year', intervalCount = 1, currency = 'usd'): Json {
  return { id, object: 'price', currency, unit_amount: unitAmount, unit_amount_decimal: String(unitAmount), type: 'recurring', billing_scheme: 'per_unit', recurring: { interval, interval_count: intervalCount, usage_type: 'licensed' } };
}

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

export interface Version {
  from: string;
  items: [Json, number][];
  status?: string;
  discounts?: Json[];
  canceledAt?: string;
  cancelAtPeriodEnd?: boolean;
}

export interface SubscriptionFixture {
  id: string;
  customer: string;
  currency?: string;
  versions: Version[];
  trialEnd?: number;
  currentPeriodEnd?: number;
}

function subscriptionJson(subscription: SubscriptionFixture, version: Version): Json {
  const canceledAt = version.canceledAt ? at(version.canceledAt) : null;
  return {
    id: subscription.id,
    object: 'subscription',
    customer: subscription.customer,
    currency: subscription.currency ?? 'usd',
    status: version.status ?? 'active',
    cancel_at_period_end: version.cancelAtPeriodEnd ?? false,
    cancel_at: null,
    canceled_at: canceledAt,
    ended_at: canceledAt,
    trial_end: subscription.trialEnd ?? null,
    items: { object: 'list', data: version.items.map(([itemPrice, quantity], index) => ({ id: `si_${subscription.id}_${index}`, object: 'subscription_item', price: itemPrice, quantity, discounts: [] })) },
    discounts: version.discounts ?? [],
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
      const latest = subscription.versions[subscription.versions.length - 1] as Version;
      const raw = subscriptionJson(subscription, latest);
      const start = at((subscription.versions[0] as Version).from);
      const discountRefs = (latest.discounts ?? []).map((applied) => ({ id: applied['id'], coupon: (applied['source'] as { coupon: { id: string } }).coupon.id, start: applied['start'], end: applied['end'] }));
      db.prepare(
        `INSERT INTO subscriptions (account_id, id, raw, source_ts, created, customer, status, currency, start_date, trial_end, cancel_at_period_end, canceled_at, ended_at, current_period_end, discounts)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        accountId, subscription.id, JSON.stringify(raw), now, start, subscription.customer, raw['status'], raw['currency'], start,
        subscription.trialEnd ?? null, latest.cancelAtPeriodEnd ? 1 : 0, raw['canceled_at'], raw['ended_at'], subscription.currentPeriodEnd ?? null, JSON.stringify(discountRefs),
      );
      for (const version of subscription.versions) {
        recordSubscriptionSnapshot(db, { accountId, subscriptionId: subscription.id, validFrom: at(version.from), source: 'sync', raw: JSON.stringify(subscriptionJson(subscription, version)) });
      }
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
