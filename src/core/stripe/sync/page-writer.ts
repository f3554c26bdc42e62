import type Database from 'better-sqlite3';
import type Stripe from 'stripe';
import { type BackfillSlice, insertBackfillSlices, saveSliceProgress } from '../../db/repositories/backfill-slices';
import { deleteStripeObjects, upsertStripeObjects } from '../../db/repositories/stripe-objects';
import { recordSubscriptionSnapshot } from '../../db/repositories/subscription-snapshots';
import { cachedStatement } from '../../db/statement-cache';
import { invoiceLinesTable, type StripeObjectRow, type StripeTable, type StripeTableName, subscriptionItemsTable } from '../../db/tables';
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
 * there), a dated snapshot of each subscription, the slice's new cursor (and the slice split off it, if any). A crash
 * therefore loses at most the page in flight, and a restart resumes from the cursor without refetching what was
 * written. Rows are gathered per table and each table written in one batch: a page costs a handful of statements'
 * worth of overhead, not one per object.
 */
export function writePage(db: Database.Database, accountId: string, page: FetchedPage, slice: BackfillSlice | undefined, splitOff?: { slice: BackfillSlice; runId: number }): PageWriteResult {
  const batches = new Map<StripeTableName, TableRows>();
  const gather = (entry: TableRows): void => {
    const batch = batches.get(entry.table.name);
    if (batch) (batch.rows as StripeObjectRow[]).push(...entry.rows);
    else batches.set(entry.table.name, { table: entry.table, rows: [...entry.rows] } as TableRows);
  };
  const snapshots: { subscriptionId: string; raw: string }[] = [];
  for (const object of page.objects) {
    for (const entry of rowsForStripeObject(accountId, object, page.sourceTs)) {
      gather(entry);
      if (entry.table.name !== 'subscriptions') continue;
      for (const row of entry.rows) {
        snapshots.push({ subscriptionId: row.id, raw: subscriptionSnapshotJson(object as Received<Stripe.Subscription>, page.items.get(row.id), row.raw) });
      }
    }
  }
  for (const [subscriptionId, items] of page.items) {
    gather({ table: subscriptionItemsTable, rows: items.map((item) => subscriptionItemRow(accountId, item, subscriptionId, page.sourceTs)) });
  }
  for (const [invoiceId, lines] of page.lines) {
    gather({ table: invoiceLinesTable, rows: lines.map((line) => invoiceLineRow(accountId, line, invoiceId, page.sourceTs)) });
  }

  const result: PageWriteResult = { written: 0, skippedAsStale: 0 };
  db.transaction(() => {
    for (const entry of batches.values()) {
      const outcome = upsertTableRows(db, entry);
      result.written += outcome.written;
      result.skippedAsStale += outcome.skippedAsStale;
    }
    for (const snapshot of snapshots) recordSubscriptionSnapshot(db, { accountId, ...snapshot, validFrom: page.sourceTs, source: 'sync' });
    removeMissingChildren(db, subscriptionItemsTable, 'subscription_id', accountId, page.items);
    removeMissingChildren(db, invoiceLinesTable, 'invoice_id', accountId, page.lines);
    if (slice) saveSliceProgress(db, slice);
    // The older half of a split slice is saved with the page that narrowed the slice, or the range would be lost.
    if (splitOff) insertBackfillSlices(db, [splitOff.slice], splitOff.runId);
  })();
  return result;
}

/**
 * What a subscription snapshot stores: the subscription as received, with its complete items in place of the embedded
 * ten (and their discounts as the items list expanded them), so MRR at any instant can be computed from the snapshot
 * alone. `receivedJson` is the object's JSON when already made: reused when the embedded items were complete.
 */
export function subscriptionSnapshotJson(subscription: Received<Stripe.Subscription>, completeItems: readonly Received<Stripe.SubscriptionItem>[] | undefined, receivedJson?: string): string {
  const embedded = subscription.items.data;
  const unchanged = completeItems === undefined || (!subscription.items.has_more && completeItems.length === embedded.length && completeItems.every((item, index) => item === embedded[index]));
  if (unchanged) return receivedJson ?? JSON.stringify(subscription);
  return JSON.stringify({ ...subscription, items: { ...subscription.items, data: completeItems, has_more: false } });
}

/** Each entry pairs a table with rows of its own type; a union cannot carry that pairing, so it is widened once here. */
export function upsertTableRows(db: Database.Database, entry: TableRows): PageWriteResult {
  return upsertStripeObjects(db, entry.table as StripeTable<StripeObjectRow>, entry.rows);
}

/**
 * Items removed from a subscription (or lines from a draft invoice) since the last sync are deleted with it: one read
 * finds, for every parent on the page at once, the stored children that are no longer in its complete list.
 */
function removeMissingChildren<Row extends StripeObjectRow>(
  db: Database.Database,
  table: StripeTable<Row>,
  parentColumn: 'subscription_id' | 'invoice_id',
  accountId: string,
  children: ReadonlyMap<string, readonly { id: string }[]>,
): void {
  if (children.size === 0) return;
  const stored = cachedStatement<[string, string]>(
    db,
    `SELECT id, ${parentColumn} AS parent FROM "${table.name}" WHERE account_id = ? AND ${parentColumn} IN (SELECT value FROM json_each(?))`,
  ).all(accountId, JSON.stringify([...children.keys()])) as { id: string; parent: string }[];
  const present = new Set<string>();
  for (const list of children.values()) for (const child of list) present.add(child.id);
  const missing = stored.filter((row) => !present.has(row.id)).map((row) => row.id);
  deleteStripeObjects(db, table, accountId, missing);
}
