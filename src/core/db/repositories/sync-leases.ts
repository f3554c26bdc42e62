import type Database from 'better-sqlite3';

/** A process's claim to sync one account (see migration 002). */
export interface SyncLease {
  accountId: string;
  token: string;
  holder: string;
  pid: number;
  host: string;
  acquiredAt: string;
  /** Unix milliseconds. */
  expiresAt: number;
}

interface SyncLeaseRecord {
  account_id: string;
  token: string;
  holder: string;
  pid: number;
  host: string;
  acquired_at: string;
  expires_at: number;
}

function fromRecord(record: SyncLeaseRecord): SyncLease {
  return { accountId: record.account_id, token: record.token, holder: record.holder, pid: record.pid, host: record.host, acquiredAt: record.acquired_at, expiresAt: record.expires_at };
}

export function readSyncLease(db: Database.Database, accountId: string): SyncLease | undefined {
  const record = db.prepare<[string], SyncLeaseRecord>('SELECT * FROM sync_leases WHERE account_id = ?').get(accountId);
  return record && fromRecord(record);
}

/**
 * Takes the account's lease unless `isHeld` says the current one still stands; returns the lease that stands after.
 * Runs as an IMMEDIATE transaction: it takes SQLite's write lock before reading, so two processes deciding at once
 * are serialised and exactly one of them wins.
 */
export function acquireSyncLease(db: Database.Database, lease: SyncLease, isHeld: (current: SyncLease) => boolean): { acquired: boolean; current: SyncLease; replaced?: SyncLease } {
  return db
    .transaction(() => {
      const current = readSyncLease(db, lease.accountId);
      if (current && current.token !== lease.token && isHeld(current)) return { acquired: false, current };
      db.prepare(
        'INSERT INTO sync_leases (account_id, token, holder, pid, host, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (account_id) DO UPDATE SET token = excluded.token, holder = excluded.holder, pid = excluded.pid, host = excluded.host, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at',
      ).run(lease.accountId, lease.token, lease.holder, lease.pid, lease.host, lease.acquiredAt, lease.expiresAt);
      return { acquired: true, current: lease, ...(current && current.token !== lease.token ? { replaced: current } : {}) };
    })
    .immediate();
}

/** Extends the lease if `token` still holds it; false when another process has taken it over. */
export function renewSyncLease(db: Database.Database, accountId: string, token: string, expiresAt: number): boolean {
  return db.prepare('UPDATE sync_leases SET expires_at = ? WHERE account_id = ? AND token = ?').run(expiresAt, accountId, token).changes === 1;
}

export function releaseSyncLease(db: Database.Database, accountId: string, token: string): void {
  db.prepare('DELETE FROM sync_leases WHERE account_id = ? AND token = ?').run(accountId, token);
}
