import type Database from 'better-sqlite3';

/** A connected Stripe account (or the demo account) as Recur knows it. The key itself lives in the SecretStore. */
export interface AccountRow {
  /** Recur's own id, `acc_…`. */
  id: string;
  displayName: string;
  source: 'stripe' | 'demo';
  /** Stripe's `acct_…`; null until the first sync has asked Stripe. */
  stripeAccountId: string | null;
  keyMode: 'live' | 'test' | null;
  keyKind: 'secret' | 'restricted' | null;
  keyLast4: string | null;
  /** ISO 8601. */
  createdAt: string;
}

/** The table's columns; the CHECK constraints guarantee the unions. */
interface AccountRecord {
  id: string;
  display_name: string;
  source: 'stripe' | 'demo';
  stripe_account_id: string | null;
  key_mode: 'live' | 'test' | null;
  key_kind: 'secret' | 'restricted' | null;
  key_last4: string | null;
  created_at: string;
}

const selectColumns = 'id, display_name, source, stripe_account_id, key_mode, key_kind, key_last4, created_at';

/** Oldest first, so the account list and the default selection are stable; accounts connected within the same
 * millisecond keep the order they were connected in (rowid), not the order of their random ids. */
export function listAccounts(db: Database.Database): AccountRow[] {
  return db
    .prepare<[], AccountRecord>(`SELECT ${selectColumns} FROM accounts ORDER BY created_at, rowid`)
    .all()
    .map(toAccountRow);
}

export function findAccount(db: Database.Database, id: string): AccountRow | undefined {
  const record = db.prepare<[string], AccountRecord>(`SELECT ${selectColumns} FROM accounts WHERE id = ?`).get(id);
  return record && toAccountRow(record);
}

export function findDemoAccount(db: Database.Database): AccountRow | undefined {
  const record = db
    .prepare<[], AccountRecord>(`SELECT ${selectColumns} FROM accounts WHERE source = 'demo'`)
    .get();
  return record && toAccountRow(record);
}

/** Throws a SQLITE_CONSTRAINT error for a duplicate id or a second demo account (there can be only one). */
export function insertAccount(db: Database.Database, row: AccountRow): void {
  db.prepare<[AccountRecord]>(
    `INSERT INTO accounts (${selectColumns}) VALUES ` +
      '(@id, @display_name, @source, @stripe_account_id, @key_mode, @key_kind, @key_last4, @created_at)',
  ).run(toAccountRecord(row));
}

/** false when there is no such account. */
export function renameAccount(db: Database.Database, id: string, displayName: string): boolean {
  return db.prepare<[string, string]>('UPDATE accounts SET display_name = ? WHERE id = ?').run(displayName, id).changes > 0;
}

/**
 * Removes the account and, through ON DELETE CASCADE, every row that belongs to it (Stripe objects, snapshots,
 * cursor, slices, events, logs). Relies on `foreign_keys = ON`, which openDatabase sets. false when missing.
 */
export function deleteAccount(db: Database.Database, id: string): boolean {
  return db.prepare<[string]>('DELETE FROM accounts WHERE id = ?').run(id).changes > 0;
}

function toAccountRow(record: AccountRecord): AccountRow {
  return {
    id: record.id,
    displayName: record.display_name,
    source: record.source,
    stripeAccountId: record.stripe_account_id,
    keyMode: record.key_mode,
    keyKind: record.key_kind,
    keyLast4: record.key_last4,
    createdAt: record.created_at,
  };
}

function toAccountRecord(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    display_name: row.displayName,
    source: row.source,
    stripe_account_id: row.stripeAccountId,
    key_mode: row.keyMode,
    key_kind: row.keyKind,
    key_last4: row.keyLast4,
    created_at: row.createdAt,
  };
}

/** Stripe's own id for the account (`acct_…`), learned on the first sync. */
export function setStripeAccountId(db: Database.Database, id: string, stripeAccountId: string): void {
  db.prepare('UPDATE accounts SET stripe_account_id = ? WHERE id = ?').run(stripeAccountId, id);
}

/** The account connected to this Stripe account in this mode, if any (a Stripe account has a test and a live side). */
export function findAccountByStripeAccount(db: Database.Database, stripeAccountId: string, keyMode: 'live' | 'test'): AccountRow | undefined {
  const record = db
    .prepare<[string, string], AccountRecord>(`SELECT ${selectColumns} FROM accounts WHERE source = 'stripe' AND stripe_account_id = ? AND key_mode = ? ORDER BY created_at, rowid LIMIT 1`)
    .get(stripeAccountId, keyMode);
  return record && toAccountRow(record);
}

/** A new key's kind and last four characters, for an account whose key was replaced (the key itself is a secret). */
export function setAccountKey(db: Database.Database, id: string, key: { keyKind: 'secret' | 'restricted'; keyLast4: string }): void {
  db.prepare('UPDATE accounts SET key_kind = ?, key_last4 = ? WHERE id = ?').run(key.keyKind, key.keyLast4, id);
}
