import type Database from 'better-sqlite3';
import { type MrrSettings } from '../mrr-types';
import { subscriptionStateFromStripe } from '../mrr/subscription-state';
import { dayOf } from './days';
import { accountSubscriptionInputs, loadSubscriptionInputs, loadTermsCatalog, type SubscriptionInputs } from './history-inputs';
import { buildMrrHistory, type MrrHistory } from './mrr-history';
import { reconstructTimeline, type TermsCatalog } from './reconstruct';
import { type SubscriptionTimeline } from './subscription-timeline';

/**
 * A subscription's whole history: reconstructed from its invoices up to its first recorded snapshot, then the
 * snapshots themselves (each a subscription as Stripe sent it, items complete, discounts expanded).
 */
export function timelineOf(inputs: SubscriptionInputs, catalog: TermsCatalog): SubscriptionTimeline {
  const { subscription, snapshots } = inputs;
  const firstRecorded = snapshots[0]?.validFrom ?? Number.POSITIVE_INFINITY;
  const segments = reconstructTimeline(subscription, inputs.invoices, catalog, firstRecorded);
  for (const snapshot of snapshots) segments.push({ from: snapshot.validFrom, state: subscriptionStateFromStripe(JSON.parse(snapshot.json) as unknown, catalog.coupon) });
  return { subscriptionId: subscription.id, customerId: subscription.customerId, currency: subscription.currency, segments };
}

/**
 * Below this many subscriptions an account is read on the calling thread (reader-thread.ts): a second thread takes
 * about 50 ms to start, which measured more than it saves up to some 7,000 subscriptions.
 */
const readerThreadMinimum = 10_000;

/** The account's MRR history from its first subscription through `lastDay` (default: today). */
export function loadMrrHistory(db: Database.Database, accountId: string, settings: MrrSettings, lastDay = dayOf(Date.now() / 1000)): MrrHistory {
  const [first, subscriptions] = db
    .prepare<[string], [number | null, number]>('SELECT min(coalesce(start_date, created)), count(*) FROM subscriptions WHERE account_id = ?')
    .raw()
    .get(accountId) ?? [null, 0];
  const catalog = loadTermsCatalog(db, accountId);
  const firstDay = first === null ? lastDay : Math.min(lastDay, dayOf(first));
  const timelines = function* (): Generator<SubscriptionTimeline> {
    for (const inputs of accountSubscriptionInputs(db, accountId, { readerThread: subscriptions >= readerThreadMinimum })) yield timelineOf(inputs, catalog);
  };
  return buildMrrHistory(timelines(), settings, { firstDay, lastDay });
}

/** Incremental: re-reads only `customerIds` (those a sync batch touched) and swaps their histories in. */
export function refreshCustomers(db: Database.Database, accountId: string, history: MrrHistory, customerIds: readonly string[]): void {
  if (customerIds.length === 0) return;
  const catalog = loadTermsCatalog(db, accountId);
  const timelines = [...loadSubscriptionInputs(db, accountId, customerIds)].map((inputs) => timelineOf(inputs, catalog));
  history.replaceCustomers(new Set(customerIds), timelines);
}
