import type Database from 'better-sqlite3';
import { recordSubscriptionSnapshot } from '../../src/core/db/repositories/subscription-snapshots';

/**
 * Building blocks of hand-made mirrors: subscriptions written as a sync leaves them (the row as its latest version, a
 * recorded snapshot per version, no invoices), so a test's MRR history is exactly the versions it lists and every
 * figure can be worked out by hand.
 */
export type Json = Record<string, unknown>;

/** Unix seconds of a day at an hour (09:00 UTC unless said). */
export const at = (iso: string, hour = 9): number => Date.parse(`${iso}T00:00:00Z`) / 1000 + hour * 3600;

/** A licensed, per-unit recurring price. */
export function price(id: string, unitAmount: number, interval: 'month' | 'year', intervalCount = 1, currency = 'usd'): Json {
  return { id, object: 'price', currency, unit_amount: unitAmount, unit_amount_decimal: String(unitAmount), type: 'recurring', billing_scheme: 'per_unit', recurring: { interval, interval_count: intervalCount, usage_type: 'licensed' } };
}

/** One state of a subscription, in force from `from` (a day) until the next version. */
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
  /** Unix seconds. */
  trialEnd?: number;
  /** Unix seconds. */
  currentPeriodEnd?: number;
}

/** The subscription as Stripe would send it in one version: items complete, discounts expanded. */
export function subscriptionJson(subscription: SubscriptionFixture, version: Version): Json {
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

/** The subscription row as its latest version (read at `sourceTs`), and a snapshot per version. */
export function writeSubscription(db: Database.Database, accountId: string, subscription: SubscriptionFixture, sourceTs: number): void {
  const latest = subscription.versions[subscription.versions.length - 1] as Version;
  const raw = subscriptionJson(subscription, latest);
  const start = at((subscription.versions[0] as Version).from);
  const discountRefs = (latest.discounts ?? []).map((applied) => ({ id: applied['id'], coupon: (applied['source'] as { coupon: { id: string } }).coupon.id, start: applied['start'], end: applied['end'] }));
  db.prepare(
    `INSERT INTO subscriptions (account_id, id, raw, source_ts, created, customer, status, currency, start_date, trial_end, cancel_at_period_end, canceled_at, ended_at, current_period_end, discounts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    accountId, subscription.id, JSON.stringify(raw), sourceTs, start, subscription.customer, raw['status'], raw['currency'], start,
    subscription.trialEnd ?? null, latest.cancelAtPeriodEnd ? 1 : 0, raw['canceled_at'], raw['ended_at'], subscription.currentPeriodEnd ?? null, JSON.stringify(discountRefs),
  );
  for (const version of subscription.versions) {
    recordSubscriptionSnapshot(db, { accountId, subscriptionId: subscription.id, validFrom: at(version.from), source: 'sync', raw: JSON.stringify(subscriptionJson(subscription, version)) });
  }
}
