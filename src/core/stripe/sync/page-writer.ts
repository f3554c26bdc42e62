import type Database from 'better-sqlite3';
import type Stripe from 'stripe';
import { type BackfillSlice, insertBackfillSlices, saveSliceProgress } from '../../db/repositories/backfill-slices';
import { deleteStripeObjects, upsertStripeObjects } from '../../db/repositories/stripe-objects';
import { recordSubscriptionSnapshot } from '../../db/repositories/subscription-snapshots';
import { invoiceLinesTable, type StripeObjectRow, type StripeTable, subscriptionItemsTable } from '../../db/tables';
import { invoiceLineRow, type Received, rowsForStripeObject, subscriptionItemRow, type TableRows } from '../rows';

/** A page as fetched, with the complete item and line lists of the subscriptions and invoices on it. */
export interface FetchedPage {
  objects: readonly { id: string; object: string }[];
  /** Subscription id → all its items (from the embedded list, or the items endpoint when it was truncated). */
  items: ReadonlyMap<string, readonly Received<Stripe.SubscriptionItem>[]>;
  /** Invoice id → all its lines. */
  lines: ReadonlyMap<string, readonly Received<Stripe.InvoiceLineItem>[]>;
  /** The server's time when the page was read: the snapshot time stale protection compares. */
  sourceTs: number;
}

export interface PageWriteResult {
  written: number;
  skippedAsStale: number;
}

/**
 * Writes one page in one transaction: its objects, their complete items and lines (dropping items and lines no longer
 * there), a dated snapshot of each subscription, the slice's new cursor (and the slice split off it, if any). A crash therefore loses at most the page
 * in flight, and a restart resumes from the cursor without refetching what was written.
 */
export function writePage(db: Database.Database, accountId: string, page: FetchedPage, slice: BackfillSlice | undefined, splitOff?: { slice: BackfillSlice; runId: number }): PageWriteResult {
  const result: PageWriteResult = { written: 0, skippedAsStale: 0 };
  const add = (outcome: PageWriteResult) => {
    result.written += outcome.written;
    result.skippedAsStale += outcome.skippedAsStale;
  };
  db.transaction(() => {
    for (const object of page.objects) {
      for (const entry of rowsForStripeObject(accountId, object, page.sourceTs)) add(upsertTableRows(db, entry));
      if (object.object === 'subscription') {
        recordSubscriptionSnapshot(db, { accountId, subscriptionId: object.id, validFrom: page.sourceTs, source: 'sync', raw: JSON.stringify(object) });
      }
    }
    for (const [subscriptionId, items] of page.items) {
      add(upsertStripeObjects(db, subscriptionItemsTable, items.map((item) => subscriptionItemRow(accountId, item, subscriptionId, page.sourceTs))));
      removeMissing(db, 'subscription_items', 'subscription_id', accountId, subscriptionId, items.map((item) => item.id), (ids) => deleteStripeObjects(db, subscriptionItemsTable, accountId, ids));
    }
    for (const [invoiceId, lines] of page.lines) {
      add(upsertStripeObjects(db, invoiceLinesTable, lines.map((line) => invoiceLineRow(accountId, line, invoiceId, page.sourceTs))));
      removeMissing(db, 'invoice_lines', 'invoice_id', accountId, invoiceId, lines.map((line) => line.id), (ids) => deleteStripeObjects(db, invoiceLinesTable, accountId, ids));
    }
    if (slice) saveSliceProgress(db, slice);
    // The older half of a split slice is saved with the page that narrowed the slice, or the range would be lost.
    if (splitOff) insertBackfillSlices(db, [splitOff.slice], splitOff.runId);
  })();
  return result;
}

/** Each entry pairs a table with rows of its own type; a union cannot carry that pairing, so it is widened once here. */
export function upsertTableRows(db: Database.Database, entry: TableRows): PageWriteResult {
  return upsertStripeObjects(db, entry.table as StripeTable<StripeObjectRow>, entry.rows);
}

/** Items removed from a subscription (or lines from a draft invoice) since the last sync are deleted with it. */
function removeMissing(
  db: Database.Database,
  table: 'subscription_items' | 'invoice_lines',
  parentColumn: 'subscription_id' | 'invoice_id',
  accountId: string,
  parentId: string,
  presentIds: readonly string[],
  remove: (ids: string[]) => void,
): void {
  const present = new Set(presentIds);
  const stored = db.prepare<[string, string], string>(`SELECT id FROM ${table} WHERE account_id = ? AND ${parentColumn} = ?`).pluck().all(accountId, parentId);
  const missing = stored.filter((id) => !present.has(id));
  if (missing.length > 0) remove(missing);
}
