import type Database from 'better-sqlite3';
import { loadTermsCatalog } from '../metrics/history/history-inputs';
import { type SubscriptionState } from '../metrics/mrr-types';
import { subscriptionStateFromStripe } from '../metrics/mrr/subscription-state';

/** A subscription as it is now, for the rules about what is coming up. */
export interface CurrentSubscription {
  id: string;
  customerId: string;
  currency: string;
  trialEnd: number | null;
  currentPeriodEnd: number | null;
  state: SubscriptionState;
}

interface CurrentRow {
  id: string;
  customer: string;
  currency: string;
  trialEnd: number | null;
  currentPeriodEnd: number | null;
  raw: string;
}

/**
 * The subscriptions a rule picked (by id), each with the state MRR is computed from. The state comes from the newest
 * recorded snapshot, which is what the MRR history uses for today: it has every item and its discounts expanded,
 * where the subscription row's own JSON may carry only the first ten items. A subscription never snapshotted falls
 * back to that JSON.
 */
export function currentSubscriptions(db: Database.Database, accountId: string, subscriptionIds: readonly string[]): CurrentSubscription[] {
  if (subscriptionIds.length === 0) return [];
  const catalog = loadTermsCatalog(db, accountId);
  const rows = db
    .prepare<{ account: string; ids: string }, CurrentRow>(
      `SELECT s.id, s.customer, s.currency, s.trial_end AS trialEnd, s.current_period_end AS currentPeriodEnd,
              coalesce((SELECT snapshot.raw FROM subscription_snapshots snapshot
                        WHERE snapshot.account_id = s.account_id AND snapshot.subscription_id = s.id
                        ORDER BY snapshot.valid_from DESC LIMIT 1), s.raw) AS raw
       FROM subscriptions s WHERE s.account_id = @account AND s.id IN (SELECT value FROM json_each(@ids)) ORDER BY s.id`,
    )
    .all({ account: accountId, ids: JSON.stringify(subscriptionIds) });
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customer,
    currency: row.currency,
    trialEnd: row.trialEnd,
    currentPeriodEnd: row.currentPeriodEnd,
    state: subscriptionStateFromStripe(JSON.parse(row.raw) as unknown, catalog.coupon),
  }));
}
