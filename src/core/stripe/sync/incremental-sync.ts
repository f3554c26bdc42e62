import type Database from 'better-sqlite3';
import type Stripe from 'stripe';
import { claimEvent, finishEvent } from '../../db/repositories/event-ledger';
import { readEventsCursor, writeEventsCursor } from '../../db/repositories/events-cursor';
import { type PacedRequester } from '../pacing/paced-request';
import { type EventApplier } from './apply-event';
import { customersTouchedBy, mergeTouched, type TouchedCustomers } from './touched-customers';

/** Stripe keeps events for 30 days; a cursor older than this (a day's margin) may have lost events, so a full sync is due. */
export const eventRetentionSeconds = 30 * 86_400;
export const retentionSafetySeconds = 86_400;

/**
 * Events are re-read from a little before the cursor: Stripe does not order events within a second, and one created in
 * the cursor's second may appear after we read it. The ledger makes re-reading harmless.
 */
export const cursorOverlapSeconds = 300;

export class CursorTooOldError extends Error {
  constructor(readonly cursorCreated: number) {
    super(`The last event Recur applied is from ${new Date(cursorCreated * 1000).toISOString()}, older than the 30 days Stripe keeps events, so changes since then may be lost. Running a full sync instead.`);
    this.name = 'CursorTooOldError';
  }
}

export interface IncrementalOutcome {
  fetched: number;
  applied: number;
  duplicates: number;
  stale: number;
  ignored: number;
  /** The customers whose history the applied events may have moved. */
  touched: TouchedCustomers;
}

/**
 * Polls `/v1/events` after the cursor and applies them oldest first, each in its own transaction together with its
 * ledger row and the cursor's advance: a crash in between re-reads the event, and the ledger turns it into a no-op.
 */
export async function runIncrementalSync(options: {
  db: Database.Database;
  stripe: Stripe;
  requester: PacedRequester;
  applier: EventApplier;
  accountId: string;
  now(): number;
}): Promise<IncrementalOutcome> {
  const { db, accountId } = options;
  const cursor = readEventsCursor(db, accountId);
  const cursorCreated = cursor?.lastEventCreated ?? 0;
  if (options.now() - cursorCreated > eventRetentionSeconds - retentionSafetySeconds) throw new CursorTooOldError(cursorCreated);

  const events: Stripe.Event[] = [];
  for (let after: string | undefined; ; ) {
    const params: Stripe.EventListParams = { limit: 100, created: { gte: cursorCreated - cursorOverlapSeconds }, ...(after ? { starting_after: after } : {}) };
    const page = await options.requester.request('GET /v1/events', () => options.stripe.events.list(params));
    events.push(...page.data);
    after = page.data[page.data.length - 1]?.id;
    if (!page.has_more || after === undefined) break;
  }
  // Stripe lists newest first; within one second the list order is the best order known, so reverse it.
  const oldestFirst = events.map((event, position) => ({ event, position })).sort((a, b) => a.event.created - b.event.created || b.position - a.position);

  const outcome: IncrementalOutcome = { fetched: events.length, applied: 0, duplicates: 0, stale: 0, ignored: 0, touched: new Set() };
  for (const { event } of oldestFirst) {
    const receivedAt = new Date(options.now() * 1000).toISOString();
    // The poller runs under the account's lease: a row still `processing` is a killed run's, not another poll's.
    const claim = claimEvent(db, { accountId, eventId: event.id, type: event.type, source: 'poll', receivedAt, eventCreated: event.created }, { reclaimProcessing: true });
    if (claim === 'duplicate') {
      outcome.duplicates++;
      continue;
    }
    try {
      const result = await options.applier.apply(event, 'poll', (transaction) => {
        finishEvent(transaction, accountId, event.id, { status: 'processed', processedAt: receivedAt });
        const current = readEventsCursor(transaction, accountId);
        if (!current || (current.lastEventCreated ?? 0) <= event.created) {
          writeEventsCursor(transaction, accountId, { lastEventId: event.id, lastEventCreated: event.created, updatedAt: receivedAt });
        }
      });
      outcome[result]++;
      if (result === 'applied') outcome.touched = mergeTouched(outcome.touched, customersTouchedBy(event));
    } catch (error) {
      finishEvent(db, accountId, event.id, { status: 'failed', processedAt: receivedAt, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }
  return outcome;
}
