import type Database from 'better-sqlite3';

export type EventSource = 'poll' | 'webhook';
export type EventStatus = 'processing' | 'processed' | 'failed' | 'ignored';

export interface LedgerEntry {
  accountId: string;
  eventId: string;
  type: string;
  source: EventSource;
  status: EventStatus;
  receivedAt: string;
  processedAt: string | null;
  error: string | null;
  eventCreated: number | null;
  attempts: number;
}

/**
 * The event-id ledger (`stripe_webhook_events`), shared by polled and webhook events: recording an event id claims
 * it, so the same event, arriving again by either route, is counted as a duplicate and applied only once.
 * Answers `claimed` when this delivery should be applied, `duplicate` when the event was seen before.
 */
export function claimEvent(
  db: Database.Database,
  event: { accountId: string; eventId: string; type: string; source: EventSource; receivedAt: string; eventCreated: number },
  options: { reclaimProcessing?: boolean } = {},
): 'claimed' | 'duplicate' {
  const inserted = db
    .prepare(
      "INSERT INTO stripe_webhook_events (account_id, event_id, type, source, status, received_at, event_created) VALUES (?, ?, ?, ?, 'processing', ?, ?) ON CONFLICT (account_id, event_id) DO NOTHING",
    )
    .run(event.accountId, event.eventId, event.type, event.source, event.receivedAt, event.eventCreated);
  if (inserted.changes > 0) return 'claimed';
  // A failed earlier attempt may be retried; anything else is a duplicate delivery, counted on the same row.
  // `reclaimProcessing` (the poller, which holds the account's sync lease) also retries a row left `processing`: the
  // claim commits before the event's fetches and write, so a process killed in between leaves it so for good, and
  // counting it a duplicate lost the event once the cursor moved past it (found by tests/reliability/crash-resume).
  // Applying an event again is harmless: the applier is idempotent and stale-protected.
  const retried = db
    .prepare(
      "UPDATE stripe_webhook_events SET attempts = attempts + 1, status = 'processing', error = NULL WHERE account_id = ? AND event_id = ? AND (status = 'failed' OR (? AND status = 'processing'))",
    )
    .run(event.accountId, event.eventId, options.reclaimProcessing === true ? 1 : 0);
  if (retried.changes > 0) return 'claimed';
  db.prepare('UPDATE stripe_webhook_events SET attempts = attempts + 1 WHERE account_id = ? AND event_id = ?').run(event.accountId, event.eventId);
  return 'duplicate';
}

export function finishEvent(db: Database.Database, accountId: string, eventId: string, outcome: { status: Exclude<EventStatus, 'processing'>; processedAt: string; error?: string | null }): void {
  db.prepare('UPDATE stripe_webhook_events SET status = ?, processed_at = ?, error = ? WHERE account_id = ? AND event_id = ?').run(
    outcome.status,
    outcome.processedAt,
    outcome.error ?? null,
    accountId,
    eventId,
  );
}

interface LedgerRecord {
  account_id: string;
  event_id: string;
  type: string;
  source: EventSource;
  status: EventStatus;
  received_at: string;
  processed_at: string | null;
  error: string | null;
  event_created: number | null;
  attempts: number;
}

export function listLedgerEntries(db: Database.Database, accountId: string, limit = 200): LedgerEntry[] {
  return db
    .prepare<[string, number], LedgerRecord>('SELECT * FROM stripe_webhook_events WHERE account_id = ? ORDER BY received_at DESC, event_id DESC LIMIT ?')
    .all(accountId, limit)
    .map((record) => ({
      accountId: record.account_id,
      eventId: record.event_id,
      type: record.type,
      source: record.source,
      status: record.status,
      receivedAt: record.received_at,
      processedAt: record.processed_at,
      error: record.error,
      eventCreated: record.event_created,
      attempts: record.attempts,
    }));
}
