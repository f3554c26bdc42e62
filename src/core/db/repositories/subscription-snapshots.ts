import type Database from 'better-sqlite3';

export type SnapshotSource = 'sync' | 'event' | 'webhook' | 'reconstructed';

/**
 * Records the subscription as it stood from `validFrom`, unless the latest earlier snapshot already says the same:
 * MRR history is built from these, so a sync that re-reads an unchanged subscription adds nothing.
 */
export function recordSubscriptionSnapshot(
  db: Database.Database,
  snapshot: { accountId: string; subscriptionId: string; validFrom: number; source: SnapshotSource; raw: string },
): boolean {
  const previous = db
    .prepare<[string, string, number], string>(
      'SELECT raw FROM subscription_snapshots WHERE account_id = ? AND subscription_id = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1',
    )
    .pluck()
    .get(snapshot.accountId, snapshot.subscriptionId, snapshot.validFrom);
  if (previous === snapshot.raw) return false;
  const result = db
    .prepare('INSERT INTO subscription_snapshots (account_id, subscription_id, valid_from, source, raw) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET raw = excluded.raw, source = excluded.source')
    .run(snapshot.accountId, snapshot.subscriptionId, snapshot.validFrom, snapshot.source, snapshot.raw);
  return result.changes > 0;
}
