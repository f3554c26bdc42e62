import type Database from 'better-sqlite3';
import { type CouponTerms, type PriceTerms } from '../mrr-types';
import { couponTermsFromStripe, priceTermsFromStripe } from '../mrr/subscription-state';
import { type InvoiceLineRow, type InvoiceRow, type SubscriptionInvoices } from './invoice-rows';
import { type ReaderQueries, startReaderThread } from './reader-thread';
import { type SubscriptionRecord, type TermsCatalog } from './reconstruct';
import { type PackedRows, type SnapshotRow, type SnapshotRows, type SubscriptionRow, type SubscriptionRows, subscriptionRows } from './subscription-rows';

/**
 * Reads from the mirror what MRR history is built from, for one account or for some of its customers: subscriptions
 * with their invoices (and lines) and recorded snapshots, and the price and coupon terms. Only typed columns are read,
 * except for snapshots (their MRR inputs JSON is the state) and prices and coupons (few).
 */

export interface SubscriptionInputs {
  subscription: SubscriptionRecord;
  invoices: SubscriptionInvoices;
  /** Recorded snapshots, oldest first: each the subscription's MRR inputs as JSON (or its whole JSON, for old rows). */
  snapshots: SnapshotRow[];
}

export function loadTermsCatalog(db: Database.Database, accountId: string): TermsCatalog {
  const prices = new Map<string, PriceTerms>();
  // Deleted prices keep their last terms in the tombstone's columns but their raw may be a stub: skip stubs.
  for (const raw of db.prepare<[string], string>("SELECT raw FROM prices WHERE account_id = ? AND json_extract(raw, '$.deleted') IS NOT 1").pluck().all(accountId)) {
    const terms = priceTermsFromStripe(JSON.parse(raw) as unknown);
    prices.set(terms.id, terms);
  }
  const coupons = new Map<string, CouponTerms>();
  for (const raw of db.prepare<[string], string>('SELECT raw FROM coupons WHERE account_id = ?').pluck().all(accountId)) {
    const terms = couponTermsFromStripe(JSON.parse(raw) as unknown);
    if (terms) coupons.set(terms.id, terms);
  }
  return { price: (id) => prices.get(id), coupon: (id) => coupons.get(id) };
}

/** The invoices reconstruction reads: those that bill a period or prorate a change (reconstruct.ts). */
const billingReasons = "('subscription_create', 'subscription_cycle', 'subscription_update')";

/**
 * Every subscription of the account (or of `customerIds`) with what its history needs. One ordered pass over each
 * table, merged by subscription id (subscription-rows.ts), instead of three queries per subscription (which cost a
 * 10,000-subscription account over a second); only one subscription's worth is held at a time.
 *
 * An account has about seven invoices and eight invoice lines per subscription, and handing each row to JavaScript
 * costs several times what SQLite spends finding it: so SQLite packs each subscription's invoices, and its lines, into
 * one JSON array, which one JSON.parse unpacks — 1.5 million rows for a 100,000-subscription account become 200,000 —
 * and reconstruction reads the unpacked rows as they are (invoice-rows.ts). Only the invoices and lines
 * reconstruction can use are read: lines without a subscription item are ignored there.
 */
export function* loadSubscriptionInputs(db: Database.Database, accountId: string, customerIds?: readonly string[]): Generator<SubscriptionInputs> {
  for (const rows of readSubscriptionRows(db, accountId, customerIds)) yield subscriptionInputs(rows);
}

/**
 * Every subscription of the account, as loadSubscriptionInputs reads them, but read on a second thread when
 * `readerThread` is asked for and possible (reader-thread.ts): worth it for a large account, whose reading then
 * overlaps the computing. The thread starts with the first subscription asked for, and is stopped with the last (or
 * when the caller stops asking).
 */
export function* accountSubscriptionInputs(db: Database.Database, accountId: string, options: { readerThread: boolean }): Generator<SubscriptionInputs> {
  const thread = options.readerThread ? startReaderThread(db, accountQueries, { account: accountId }) : undefined;
  // A thread that could not open the database has yielded nothing: the account is read here instead.
  const read = thread ? yield* inputsOf(thread.rows()) : false;
  if (!read) yield* loadSubscriptionInputs(db, accountId);
}

/** The inputs of the rows, and what the rows returned. */
function* inputsOf(rows: Generator<SubscriptionRows, boolean>): Generator<SubscriptionInputs, boolean> {
  try {
    for (let next = rows.next(); ; next = rows.next()) {
      if (next.done) return next.value;
      yield subscriptionInputs(next.value);
    }
  } finally {
    // Stopped early (the caller failed or stopped asking): the rows are stopped too, and with them the thread.
    rows.return(false);
  }
}

/**
 * The four reads, for the whole account or for some customers: `customerIds` switches the subscriptions read to those
 * customers' and the other reads to those subscriptions' ids (bound as @customers and @ids).
 */
function readQueries(customerIds: readonly string[] | undefined): ReaderQueries {
  const byCustomer = customerIds ? 'AND customer IN (SELECT value FROM json_each(@customers))' : '';
  const only = (column: string) => (customerIds ? `AND ${column} IN (SELECT value FROM json_each(@ids))` : '');
  return {
    // A few customers' subscriptions are found through the customer index and put in id order by the caller: asking
    // SQLite for id order, or letting it prefer the covering index, would make it scan every subscription of the
    // account instead. A whole account's come in id order from the covering index.
    subscriptions: `SELECT id, customer, currency, status, start_date, created, trial_start, trial_end, cancel_at_period_end, cancel_at, canceled_at, ended_at
       FROM subscriptions ${customerIds ? 'INDEXED BY subscriptions_by_customer' : ''} WHERE account_id = @account ${byCustomer} ${customerIds ? '' : 'ORDER BY id'}`,
    invoices: `SELECT subscription, json_group_array(json_array(id, created, billing_reason, total, status_transitions_paid_at, discounts))
       FROM invoices WHERE account_id = @account AND subscription IS NOT NULL AND deleted = 0 AND billing_reason IN ${billingReasons} ${only('subscription')}
       GROUP BY subscription ORDER BY subscription`,
    // Each subscription's lines are packed in the order the covering index (003-metrics-indexes.ts) delivers them, by
    // invoice, then item: an invoice's items enter the reconstructed state, and MRR sums them, in that order. (An
    // ORDER BY inside the aggregate would say so explicitly, but costs a sort per subscription: a quarter of the query.)
    lines: `SELECT subscription, json_group_array(json_array(invoice_id, subscription_item, price_id, quantity, period_start, amount, proration))
       FROM invoice_lines WHERE account_id = @account AND subscription IS NOT NULL AND subscription_item IS NOT NULL ${only('subscription')}
       GROUP BY subscription ORDER BY subscription`,
    // Each snapshot's MRR inputs, from the covering index; `raw` only for a row without them (migration 005).
    snapshots: `SELECT subscription_id, valid_from, mrr_inputs FROM subscription_snapshots
       WHERE account_id = @account AND mrr_inputs IS NOT NULL ${only('subscription_id')}
       UNION ALL
       SELECT subscription_id, valid_from, raw FROM subscription_snapshots
       WHERE account_id = @account AND mrr_inputs IS NULL ${only('subscription_id')}
       ORDER BY 1, 2`,
  };
}

/** The reads of a whole account (exported for the reader thread's test). */
export const accountQueries = readQueries(undefined);

/** The subscriptions' rows, read on this thread. */
function* readSubscriptionRows(db: Database.Database, accountId: string, customerIds: readonly string[] | undefined): Generator<SubscriptionRows> {
  const queries = customerIds ? readQueries(customerIds) : accountQueries;
  const subscriptionsRead = db.prepare(queries.subscriptions).raw();
  // A few customers' subscriptions are looked up by id; a whole account is read in order.
  const subscriptions = customerIds
    ? (subscriptionsRead.all({ account: accountId, customers: JSON.stringify(customerIds) }) as SubscriptionRow[]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    : (subscriptionsRead.iterate({ account: accountId }) as IterableIterator<SubscriptionRow>);
  const parameters = { account: accountId, ...(Array.isArray(subscriptions) ? { ids: JSON.stringify(subscriptions.map((row) => row[0])) } : {}) };
  const invoices = db.prepare(queries.invoices).raw().iterate(parameters) as PackedRows;
  const lines = db.prepare(queries.lines).raw().iterate(parameters) as PackedRows;
  const snapshots = db.prepare(queries.snapshots).raw().iterate(parameters) as SnapshotRows;
  try {
    yield* subscriptionRows(subscriptions, invoices, lines, snapshots);
  } finally {
    // Left early (the caller failed or stopped): the statements are finished, so the connection is free again.
    for (const rows of [subscriptions, invoices, lines, snapshots]) if (!Array.isArray(rows)) rows.return?.();
  }
}

function subscriptionInputs({ subscription: row, invoices, lines, snapshots }: SubscriptionRows): SubscriptionInputs {
  return {
    subscription: {
      id: row[0],
      customerId: row[1],
      currency: row[2],
      status: row[3],
      startDate: row[4] ?? row[5] ?? 0,
      trialStart: row[6],
      trialEnd: row[7],
      cancelAtPeriodEnd: row[8] === 1,
      cancelAt: row[9],
      canceledAt: row[10],
      endedAt: row[11],
    },
    invoices: subscriptionInvoices(invoices, lines),
    snapshots,
  };
}

/** A subscription's invoices and their lines, from the two JSON arrays SQLite packed (either may be absent). */
function subscriptionInvoices(invoicesJson: string | undefined, linesJson: string | undefined): SubscriptionInvoices {
  if (invoicesJson === undefined) return { invoices: [], lines: [] };
  return { invoices: JSON.parse(invoicesJson) as InvoiceRow[], lines: linesJson === undefined ? [] : (JSON.parse(linesJson) as InvoiceLineRow[]) };
}
