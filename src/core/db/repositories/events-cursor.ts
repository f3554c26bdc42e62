import type Database from 'better-sqlite3';

/** Where incremental sync resumes: the newest event applied (or, before any, the newest event when the backfill began). */
export interface EventsCursor {
  lastEventId: string | null;
  lastEventCreated: number | null;
  updatedAt: string;
}

export function readEventsCursor(db: Database.Database, accountId: string): EventsCursor | undefined {
  const row = db
    .prepare<[string], { last_event_id: string | null; last_event_created: number | null; updated_at: string }>(
      'SELECT last_event_id, last_event_created, updated_at FROM events_cursor WHERE account_id = ?',
    )
    .get(accountId);
  return row ? { lastEventId: row.last_event_id, lastEventCreated: row.last_event_created, updatedAt: row.updated_at } : undefined;
}

export function writeEventsCursor(db: Database.Database, accountId: string, cursor: EventsCursor): void {
  db.prepare(
    'INSERT INTO events_cursor (account_id, last_event_id, last_event_created, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET last_event_id = excluded.last_event_id, last_event_created = excluded.last_event_created, updated_at = excluded.updated_at',
  ).run(accountId, cursor.lastEventId, cursor.lastEventCreated, cursor.updatedAt);
}
