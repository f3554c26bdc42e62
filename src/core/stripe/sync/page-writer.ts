import type Database from 'better-sqlite3';
import type Stripe from 'stripe';
import { type BackfillSlice, insertBackfillSlices, saveSliceProgress } from '../../db/repositories/backfill-slices';
import { deleteStripeObjects, upsertStripeObjects } from '../../db/repositories/stripe-objects';
import { recordSubscriptionSnapshot } from '../../db/repositories/subscription-snapshots';
import { cachedStatement } from '../../db/statement-cache';
import { invoiceLinesTable, type StripeObjectRow, type StripeTable, type StripeTableName, subscriptionItemsTable } from '../../db/tables';
import { invoiceLineRow, type Received, rowsForStripeObject, subscriptionItemRow, type TableRows } from '../rows';
import { subscriptionMrrInputsJson } from '../rows/subscription-mrr-inputs';

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
export function writePage(db: Database.Database, accountId: string, page: FetchedPage, slice: BackfillSlice | undefined, splitOff?: SplitOff): PageWriteResult {
  const prepared = preparePage(accountId, page);
  return db.transaction(() => storePage(db, accountId, prepared, slice, splitOff))();
}

export interface SplitOff {
  slice: BackfillSlice;
  runId: number;
}

export interface PageWriteBatcher {
  /** Queues a page (rows are mapped now); it is stored with every page queued in the same turn of the event loop. */
  write(page: FetchedPage, slice: BackfillSlice, splitOff?: SplitOff): Promise<PageWriteResult>;
}

/**
 * Group commit for a backfill's workers: pages that complete together (their responses arrive in one burst) are stored
 * in one transaction, each with its own slice cursor, so what a crash can lose is still only pages whose cursors were
 * not saved. One commit per burst instead of one per page: commits (WAL frames, B-tree pages rewritten each time) were
 * a third of a live-mode sync's CPU.
 */
export function createPageWriteBatcher(db: Database.Database, accountId: string): PageWriteBatcher {
  let queued: { prepared: PreparedPage; slice: BackfillSlice; splitOff?: SplitOff; resolve(result: PageWriteResult): void; reject(error: unknown): void }[] = [];
  const flush = (): void => {
    const batch = queued;
    queued = [];
    let results: PageWriteResult[];
    try {
      results = db.transaction(() => batch.map((entry) => storePage(db, accountId, entry.prepared, entry.slice, entry.splitOff)))();
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, index) => entry.resolve(results[index] as PageWriteResult));
  };
  return {
    write(page, slice, splitOff) {
      const prepared = preparePage(accountId, page);
      return new Promise((resolve, reject) => {
        if (queued.length === 0) setImmediate(flush);
        queued.push({ prepared, slice, ...(splitOff ? { splitOff } : {}), resolve, reject });
      });
    },
  };
}

interface PreparedPage {
  page: FetchedPage;
  batches: Map<StripeTableName, TableRows>;
  snapshots: { subscriptionId: string; raw: string; mrrInputs: string }[];
}

/** The rows a page maps to, per table, and its subscriptions' snapshots: the CPU half of writing a page. */
function preparePage(accountId: string, page: FetchedPage): PreparedPage {
  const batches = new Map<StripeTableName, TableRows>();
  const gather = (entry: TableRows): void => {
    const batch = batches.get(entry.table.name);
    if (batch) (batch.rows as StripeObjectRow[]).push(...entry.rows);
    else batches.set(entry.table.name, { table: entry.table, rows: [...entry.rows] } as TableRows);
  };
  const snapshots: PreparedPage['snapshots'] = [];
  for (const object of page.objects) {
    for (const entry of rowsForStripeObject(accountId, object, page.sourceTs)) {
      gather(entry);
      if (entry.table.name !== 'subscriptions') continue;
      for (const row of entry.rows) {
        snapshots.push({ subscriptionId: row.id, ...subscriptionSnapshot(object as Received<Stripe.Subscription>, page.items.get(row.id), row.raw) });
      }
    }
  }
  for (const [subscriptionId, items] of page.items) {
    gather({ table: subscriptionItemsTable, rows: items.map((item) => subscriptionItemRow(accountId, item, subscriptionId, page.sourceTs)) });
  }
  for (const [invoiceId, lines] of page.lines) {
    gather({ table: invoiceLinesTable, rows: lines.map((line) => invoiceLineRow(accountId, line, invoiceId, page.sourceTs)) });
  }
  return { page, batches, snapshots };
}

/** Stores a prepared page; runs inside the caller's transaction. */
function storePage(db: Database.Database, accountId: string, prepared: PreparedPage, slice: BackfillSlice | undefined, splitOff: SplitOff | undefined): PageWriteResult {
  const { page, batches, snapshots } = prepared;
  const result: PageWriteResult = { written: 0, skippedAsStale: 0 };
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
  return result;
}

/**
 * What a subscription snapshot stores: the subscription as received, with its complete items in place of the embedded
 * ten (and their discounts as the items list expanded them), so MRR at any instant can be computed from the snapshot
 * alone; and beside it the same subscription cut down to what MRR reads, which is what MRR history parses.
 * `receivedJson` is the object's JSON when already made: reused when the embedded items were complete.
 */
export function subscriptionSnapshot(
  subscription: Received<Stripe.Subscription>,
  completeItems: readonly Received<Stripe.SubscriptionItem>[] | undefined,
  receivedJson?: string,
): { raw: string; mrrInputs: string } {
  const embedded = subscription.items.data;
  const unchanged = completeItems === undefined || (!subscription.items.has_more && completeItems.length === embedded.length && completeItems.every((item, index) => item === embedded[index]));
  const complete = unchanged ? subscription : { ...subscription, items: { ...subscription.items, data: completeItems, has_more: false } };
  return { raw: unchanged ? (receivedJson ?? JSON.stringify(subscription)) : JSON.stringify(complete), mrrInputs: subscriptionMrrInputsJson(complete) };
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
