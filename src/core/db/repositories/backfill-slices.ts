import type Database from 'better-sqlite3';
import { cachedStatement } from '../statement-cache';

/** One time range of one resource in a full sync, and how far paging through it got. Saved after every page. */
export interface BackfillSlice {
  accountId: string;
  resource: string;
  /** Inclusive bounds on `created`, unix seconds. */
  rangeStart: number;
  rangeEnd: number;
  /** `starting_after` for the next page: the last id written. Null before the first page. */
  cursor: string | null;
  status: 'pending' | 'running' | 'done';
  fetched: number;
}

interface SliceRecord {
  account_id: string;
  resource: string;
  range_start: number;
  range_end: number;
  cursor: string | null;
  status: BackfillSlice['status'];
  fetched: number;
}

const fromRecord = (record: SliceRecord): BackfillSlice => ({
  accountId: record.account_id,
  resource: record.resource,
  rangeStart: record.range_start,
  rangeEnd: record.range_end,
  cursor: record.cursor,
  status: record.status,
  fetched: record.fetched,
});

export function listBackfillSlices(db: Database.Database, accountId: string): BackfillSlice[] {
  return db
    .prepare<[string], SliceRecord>('SELECT * FROM backfill_slices WHERE account_id = ? ORDER BY resource, range_start DESC')
    .all(accountId)
    .map(fromRecord);
}

export function insertBackfillSlices(db: Database.Database, slices: readonly BackfillSlice[], runId: number | null): void {
  const insert = cachedStatement(
    db,
    'INSERT INTO backfill_slices (account_id, resource, range_start, range_end, cursor, status, fetched, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => slices.forEach((slice) => insert.run(slice.accountId, slice.resource, slice.rangeStart, slice.rangeEnd, slice.cursor, slice.status, slice.fetched, runId)))();
}

/**
 * Records a page's progress. Call inside the transaction that writes the page, so both land or neither does.
 * A slice is found by its resource and `rangeEnd`: slices of a resource never overlap, and splitting a busy slice
 * only ever moves its `rangeStart` up (the lower part becomes a new slice).
 */
export function saveSliceProgress(db: Database.Database, slice: BackfillSlice): void {
  cachedStatement(db, 'UPDATE backfill_slices SET range_start = ?, cursor = ?, status = ?, fetched = ? WHERE account_id = ? AND resource = ? AND range_end = ? AND range_start <= ?').run(
    slice.rangeStart,
    slice.cursor,
    slice.status,
    slice.fetched,
    slice.accountId,
    slice.resource,
    slice.rangeEnd,
    slice.rangeEnd,
  );
}

export function clearBackfillSlices(db: Database.Database, accountId: string): void {
  db.prepare('DELETE FROM backfill_slices WHERE account_id = ?').run(accountId);
}
