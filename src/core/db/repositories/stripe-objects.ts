import type Database from 'better-sqlite3';
import { cachedStatement } from '../statement-cache';
import { columnsOf, type StripeObjectRow, type StripeTable } from '../tables/stripe-table';

type SqlValue = string | number | bigint | null;

export interface UpsertOptions {
  /**
   * What happens when the stored row and the incoming one have the same `sourceTs`. Stripe events only have
   * one-second resolution and several can share a second, so a tie says nothing about which snapshot is newer.
   * - `'overwrite'` (default): the incoming row wins. Right for a caller that has just fetched the object fresh
   *   (the documented way to settle a tie) and for replaying the same snapshot, which rewrites identical values.
   * - `'keep'`: the stored row stays and the incoming one is counted in `skippedAsStale`. For an applier that would
   *   rather keep what it has and fetch the object fresh than let an arbitrary one of two same-second events win.
   */
  onTie?: 'overwrite' | 'keep';
}

export interface UpsertResult {
  /** Rows inserted or updated. */
  written: number;
  /** Rows not written because the stored row came from a newer source (or a tie, with `onTie: 'keep'`). */
  skippedAsStale: number;
}

/**
 * Writes `rows` into `table` with one prepared statement, in one transaction (per-row transactions are ~100× slower),
 * never letting an older snapshot overwrite a newer one: a row whose `sourceTs` is older than the stored row's is
 * skipped and counted. Called inside a caller's transaction, it simply joins it: no savepoint per call, which cost a
 * sync writing many small batches a tenth of its CPU, and no caller recovers from a failed write and goes on.
 */
export function upsertStripeObjects<Row extends StripeObjectRow>(
  db: Database.Database,
  table: StripeTable<Row>,
  rows: readonly Row[],
  options: UpsertOptions = {},
): UpsertResult {
  if (rows.length === 0) return { written: 0, skippedAsStale: 0 };
  const columns = columnsOf(table);
  const statement = cachedStatement<SqlValue[]>(db, upsertSql(table, columns, options.onTie ?? 'overwrite'));
  const writeAll = (): number => {
    let written = 0;
    for (const row of rows) {
      // `changes` is 0 when the conflict's WHERE rejected the update: that is the stale count, with no extra read.
      written += statement.run(...columns.map((column) => toSqlValue(column.read(row)))).changes;
    }
    return written;
  };
  const written = inTransaction(db, writeAll);
  return { written, skippedAsStale: rows.length - written };
}

/**
 * Removes rows outright, in one transaction; returns how many existed. For objects Stripe deletes on an event, prefer
 * upserting a tombstone (`deleted: true`) where the table has the flag: a hard delete has no `source_ts` left to stop
 * an older event that arrives late from writing the object back.
 */
export function deleteStripeObjects<Row extends StripeObjectRow>(
  db: Database.Database,
  table: StripeTable<Row>,
  accountId: string,
  ids: readonly string[],
): number {
  if (ids.length === 0) return 0;
  const statement = cachedStatement<[string, string]>(db, `DELETE FROM "${table.name}" WHERE account_id = ? AND id = ?`);
  return inTransaction(db, () => ids.reduce((deleted, id) => deleted + statement.run(accountId, id).changes, 0));
}

/** Runs `work` in the caller's transaction when there is one, else in its own. */
function inTransaction<T>(db: Database.Database, work: () => T): T {
  return db.inTransaction ? work() : db.transaction(work)();
}

export function countStripeObjects<Row extends StripeObjectRow>(
  db: Database.Database,
  table: StripeTable<Row>,
  accountId: string,
): number {
  const count = db.prepare<[string], number>(`SELECT count(*) FROM "${table.name}" WHERE account_id = ?`).pluck().get(accountId);
  return count ?? 0;
}

const upsertSqlCache = new Map<string, string>();

/** The upsert for one table and tie rule; built once, since a sync asks for it on every page. */
function upsertSql(table: { name: string; keptWhenAbsent?: readonly string[] }, columns: readonly { name: string }[], onTie: 'overwrite' | 'keep'): string {
  const key = `${table.name} ${onTie}`;
  let sql = upsertSqlCache.get(key);
  if (sql === undefined) {
    sql = buildUpsertSql(table.name, columns.map((column) => column.name), onTie, table.keptWhenAbsent ?? []);
    upsertSqlCache.set(key, sql);
  }
  return sql;
}

function buildUpsertSql(tableName: string, columnNames: readonly string[], onTie: 'overwrite' | 'keep', keptWhenAbsent: readonly string[]): string {
  const quoted = columnNames.map((name) => `"${name}"`);
  const updates = columnNames
    .filter((name) => name !== 'account_id' && name !== 'id')
    .map((name) => (keptWhenAbsent.includes(name) ? `"${name}" = coalesce(excluded."${name}", "${tableName}"."${name}")` : `"${name}" = excluded."${name}"`));
  const newerOrEqual = onTie === 'overwrite' ? '>=' : '>';
  return (
    `INSERT INTO "${tableName}" (${quoted.join(', ')}) VALUES (${quoted.map(() => '?').join(', ')}) ` +
    `ON CONFLICT (account_id, id) DO UPDATE SET ${updates.join(', ')} ` +
    `WHERE excluded.source_ts ${newerOrEqual} "${tableName}".source_ts`
  );
}

/** Booleans become 0/1 and arrays or objects JSON text; a missing value becomes NULL, which NOT NULL columns refuse. */
function toSqlValue(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return value;
  return JSON.stringify(value);
}
