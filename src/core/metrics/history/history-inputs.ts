import type Database from 'better-sqlite3';
import { type CouponTerms, type PriceTerms } from '../mrr-types';
import { couponTermsFromStripe, priceTermsFromStripe } from '../mrr/subscription-state';
import { type DiscountRecord, type InvoiceLineRecord, type InvoiceRecord, type SubscriptionRecord, type TermsCatalog } from './reconstruct';

/**
 * Reads from the mirror what MRR history is built from, for one account or for some of its customers: subscriptions
 * with their invoices (and lines) and recorded snapshots, and the price and coupon terms. Only typed columns are read,
 * except for snapshots (their MRR inputs JSON is the state) and prices and coupons (few).
 */

export interface SubscriptionInputs {
  subscription: SubscriptionRecord;
  invoices: InvoiceRecord[];
  /** Recorded snapshots, oldest first: each the subscription's MRR inputs as JSON (or its whole JSON, for old rows). */
  snapshots: { validFrom: number; json: string }[];
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

type SubscriptionRow = [
  id: string,
  customer: string,
  currency: string,
  status: string,
  startDate: number | null,
  created: number | null,
  trialStart: number | null,
  trialEnd: number | null,
  cancelAtPeriodEnd: number,
  cancelAt: number | null,
  canceledAt: number | null,
  endedAt: number | null,
];

/** One invoice in a subscription's `json_group_array`; `discounts` is the column's JSON text, most often `[]`. */
type InvoiceEntry = [id: string, created: number | null, billingReason: string, total: number | null, paidAt: number | null, discounts: string];

type LineEntry = [invoiceId: string, subscriptionItem: string, priceId: string | null, quantity: number | null, periodStart: number | null, amount: number, proration: number];

/** The invoices reconstruction reads: those that bill a period or prorate a change (reconstruct.ts). */
const billingReasons = "('subscription_create', 'subscription_cycle', 'subscription_update')";

/**
 * Every subscription of the account (or of `customerIds`) with what its history needs. One ordered pass over each
 * table, merged by subscription id, instead of three queries per subscription (which cost a 10,000-subscription
 * account over a second); only one subscription's worth is held at a time.
 *
 * An account has about seven invoices and eight invoice lines per subscription, and handing each row to JavaScript
 * costs several times what SQLite spends finding it: so SQLite packs each subscription's invoices, and its lines, into
 * one JSON array, which one JSON.parse unpacks — 1.5 million rows for a 100,000-subscription account become 200,000.
 * Only the invoices and lines reconstruction can use are read: lines without a subscription item are ignored there.
 */
export function* loadSubscriptionInputs(db: Database.Database, accountId: string, customerIds?: readonly string[]): Generator<SubscriptionInputs> {
  const byCustomer = customerIds ? 'AND customer IN (SELECT value FROM json_each(@customers))' : '';
  // A few customers' subscriptions are found through the customer index and put in id order here: asking SQLite for
  // id order, or letting it prefer the covering index, would make it scan every subscription of the account instead.
  const subscriptions = (
    db
      .prepare(
        `SELECT id, customer, currency, status, start_date, created, trial_start, trial_end, cancel_at_period_end, cancel_at, canceled_at, ended_at
         FROM subscriptions ${customerIds ? 'INDEXED BY subscriptions_by_customer' : ''} WHERE account_id = @account ${byCustomer} ${customerIds ? '' : 'ORDER BY id'}`,
      )
      .raw()
      .all({ account: accountId, ...(customerIds ? { customers: JSON.stringify(customerIds) } : {}) }) as SubscriptionRow[]
  ).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // A few customers' subscriptions are looked up by id; a whole account is read in order.
  const subscriptionIds = customerIds ? JSON.stringify(subscriptions.map((row) => row[0])) : undefined;
  const only = (column: string) => (subscriptionIds ? `AND ${column} IN (SELECT value FROM json_each(@ids))` : '');
  const parameters = { account: accountId, ...(subscriptionIds ? { ids: subscriptionIds } : {}) };
  const invoices = grouped(
    db
      .prepare(
        `SELECT subscription, json_group_array(json_array(id, created, billing_reason, total, status_transitions_paid_at, discounts))
         FROM invoices WHERE account_id = @account AND subscription IS NOT NULL AND deleted = 0 AND billing_reason IN ${billingReasons} ${only('subscription')}
         GROUP BY subscription ORDER BY subscription`,
      )
      .raw()
      .iterate(parameters) as IterableIterator<[string, string]>,
  );
  // Each subscription's lines are packed in the order the covering index (003-metrics-indexes.ts) delivers them, by
  // invoice, then item: an invoice's items enter the reconstructed state, and MRR sums them, in that order. (An ORDER
  // BY inside the aggregate would say so explicitly, but costs a sort per subscription: a quarter of the query.)
  const lines = grouped(
    db
      .prepare(
        `SELECT subscription, json_group_array(json_array(invoice_id, subscription_item, price_id, quantity, period_start, amount, proration))
         FROM invoice_lines WHERE account_id = @account AND subscription IS NOT NULL AND subscription_item IS NOT NULL ${only('subscription')}
         GROUP BY subscription ORDER BY subscription`,
      )
      .raw()
      .iterate(parameters) as IterableIterator<[string, string]>,
  );
  // Each snapshot's MRR inputs, from the covering index; `raw` only for a row without them (migration 005).
  const snapshots = groupedRows(
    db
      .prepare(
        `SELECT subscription_id, valid_from, mrr_inputs FROM subscription_snapshots
         WHERE account_id = @account AND mrr_inputs IS NOT NULL ${only('subscription_id')}
         UNION ALL
         SELECT subscription_id, valid_from, raw FROM subscription_snapshots
         WHERE account_id = @account AND mrr_inputs IS NULL ${only('subscription_id')}
         ORDER BY 1, 2`,
      )
      .raw()
      .iterate(parameters) as IterableIterator<[string, number, string]>,
  );
  for (const row of subscriptions) {
    const id = row[0];
    yield {
      subscription: {
        id,
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
      invoices: invoiceRecords(invoices.take(id), lines.take(id)),
      snapshots: snapshots.take(id).map((snapshot) => ({ validFrom: snapshot[1], json: snapshot[2] })),
    };
  }
}

/** A subscription's invoices with their lines, from the two JSON arrays SQLite packed (either may be absent). */
function invoiceRecords(invoicesJson: string | undefined, linesJson: string | undefined): InvoiceRecord[] {
  if (invoicesJson === undefined) return [];
  const linesByInvoice = new Map<string, InvoiceLineRecord[]>();
  if (linesJson !== undefined) {
    for (const [invoiceId, subscriptionItem, priceId, quantity, periodStart, amount, proration] of JSON.parse(linesJson) as LineEntry[]) {
      let list = linesByInvoice.get(invoiceId);
      if (!list) linesByInvoice.set(invoiceId, (list = []));
      list.push({ subscriptionItem, priceId, quantity, periodStart, amount, proration: proration === 1 });
    }
  }
  return (JSON.parse(invoicesJson) as InvoiceEntry[]).map(
    ([id, created, billingReason, total, paidAt, discounts]): InvoiceRecord => ({
      id,
      created: created ?? 0,
      billingReason,
      total,
      paidAt,
      discounts: discounts === '[]' ? [] : (JSON.parse(discounts) as DiscountRecord[]),
      lines: linesByInvoice.get(id) ?? [],
    }),
  );
}

/**
 * Rows ordered by a key (their first column), handed out one key's group at a time, for keys asked in the same order
 * (SQLite's BINARY collation and JavaScript's `<` order ASCII ids alike). Rows of keys never asked for are skipped.
 */
function groupedRows<Row extends [string, ...unknown[]]>(rows: IterableIterator<Row>): { take(key: string): Row[] } {
  let pending = rows.next();
  return {
    take(key) {
      const group: Row[] = [];
      while (!pending.done && pending.value[0] < key) pending = rows.next();
      while (!pending.done && pending.value[0] === key) {
        group.push(pending.value);
        pending = rows.next();
      }
      return group;
    },
  };
}

/** One row per key (`GROUP BY key ORDER BY key`): the key's value, or undefined when the key has no row. */
function grouped(rows: IterableIterator<[string, string]>): { take(key: string): string | undefined } {
  const groups = groupedRows(rows);
  return { take: (key) => groups.take(key)[0]?.[1] };
}
