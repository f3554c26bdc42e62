import type Database from 'better-sqlite3';
import { cachedStatement } from '../statement-cache';

export type SnapshotSource = 'sync' | 'event' | 'webhook' | 'reconstructed';

/**
 * Records the subscription as it stood from `validFrom`, unless the latest earlier snapshot already says the same:
 * MRR history is built from these, so a sync that re-reads an unchanged subscription adds nothing. `mrrInputs` is the
 * same subscription cut down to what MRR reads (src/core/stripe/rows/subscription-mrr-inputs.ts); without it MRR
 * history reads `raw`.
 */
export function recordSubscriptionSnapshot(
  db: Database.Database,
  snapshot: { accountId: string; subscriptionId: string; validFrom: number; source: SnapshotSource; raw: string; mrrInputs?: string },
): boolean {
  // Only this function uses this statement, so pluck mode on the cached statement is safe.
  const latest = cachedStatement<[string, string, number]>(
    db,
    'SELECT raw FROM subscription_snapshots WHERE account_id = ? AND subscription_id = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1',
  ).pluck();
  const previous = latest.get(snapshot.accountId, snapshot.subscriptionId, snapshot.validFrom) as string | undefined;
  if (previous === snapshot.raw) return false;
  const insert = cachedStatement(
    db,
    `INSERT INTO subscription_snapshots (account_id, subscription_id, valid_from, source, raw, mrr_inputs) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET raw = excluded.raw, source = excluded.source, mrr_inputs = excluded.mrr_inputs`,
  );
  const result = insert.run(snapshot.accountId, snapshot.subscriptionId, snapshot.validFrom, snapshot.source, snapshot.raw, snapshot.mrrInputs ?? null);
  return result.changes > 0;
}
