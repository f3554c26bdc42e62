import type Database from 'better-sqlite3';
import { type CouponTerms, type PriceTerms } from '../mrr-types';
import { couponTermsFromStripe, priceTermsFromStripe } from '../mrr/subscription-state';
import { type DiscountRecord, type InvoiceLineRecord, type InvoiceRecord, type SubscriptionRecord, type TermsCatalog } from './reconstruct';

/**
 * Reads from the mirror what MRR history is built from, for one account or for some of its customers: subscriptions
 * with their invoices (and lines) and recorded snapshots, and the price and coupon terms. Only
 * typed columns are read, except for snapshots (their JSON is the state) and prices and coupons (few).
 */

export interface SubscriptionInputs {
  subscription: SubscriptionRecord;
  invoices: InvoiceRecord[];
  /** Recorded snapshots, oldest first. */
  snapshots: { validFrom: number; raw: string }[];
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

interface SubscriptionRow {
  id: string;
  customer: string;
  currency: string;
  status: string;
  start_date: number | null;
  created: number | null;
  trial_start: number | null;
  trial_end: number | null;
  cancel_at_period_end: number;
  cancel_at: number | null;
  canceled_at: number | null;
  ended_at: number | null;
}

interface InvoiceRow {
  id: string;
  subscription: string;
  created: number | null;
  billing_reason: string | null;
  total: number | null;
  status_transitions_paid_at: number | null;
  discounts: string;
}

interface LineRow {
  subscription: string;
  invoice_id: string;
  subscription_item: string | null;
  price_id: string | null;
  quantity: number | null;
  period_start: number | null;
  amount: number;
  proration: number;
}

/**
 * Every subscription of the account (or of `customerIds`) with what its history needs. One ordered pass over each
 * table, merged by subscription id, instead of three queries per subscription (which cost a 10,000-subscription
 * account over a second); invoices and lines stream, only one subscription's worth is held at a time.
 */
export function* loadSubscriptionInputs(db: Database.Database, accountId: string, customerIds?: readonly string[]): Generator<SubscriptionInputs> {
  const byCustomer = customerIds ? 'AND customer IN (SELECT value FROM json_each(@customers))' : '';
  // A few customers' subscriptions are found through the customer index and put in id order here: asking SQLite for
  // id order would make it scan every subscription of the account instead.
  const subscriptions = (
    db
      .prepare(
        `SELECT id, customer, currency, status, start_date, created, trial_start, trial_end, cancel_at_period_end, cancel_at, canceled_at, ended_at
         FROM subscriptions WHERE account_id = @account ${byCustomer} ${customerIds ? '' : 'ORDER BY id'}`,
      )
      .all({ account: accountId, ...(customerIds ? { customers: JSON.stringify(customerIds) } : {}) }) as SubscriptionRow[]
  ).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // A few customers' subscriptions are looked up by id; a whole account is read in order.
  const subscriptionIds = customerIds ? JSON.stringify(subscriptions.map((row) => row.id)) : undefined;
  const only = (column: string) => (subscriptionIds ? `AND ${column} IN (SELECT value FROM json_each(@ids))` : '');
  const parameters = { account: accountId, ...(subscriptionIds ? { ids: subscriptionIds } : {}) };
  const invoices = grouped(
    db
      .prepare(
        `SELECT subscription, id, created, billing_reason, total, status_transitions_paid_at, discounts
         FROM invoices WHERE account_id = @account AND subscription IS NOT NULL AND deleted = 0 ${only('subscription')} ORDER BY subscription`,
      )
      .iterate(parameters) as IterableIterator<InvoiceRow>,
    (row) => row.subscription,
  );
  const lines = grouped(
    db
      .prepare(
        `SELECT subscription, invoice_id, subscription_item, price_id, quantity, period_start, amount, proration
         FROM invoice_lines WHERE account_id = @account AND subscription IS NOT NULL ${only('subscription')} ORDER BY subscription`,
      )
      .iterate(parameters) as IterableIterator<LineRow>,
    (row) => row.subscription,
  );
  const snapshots = grouped(
    db
      .prepare(
        `SELECT subscription_id, valid_from AS validFrom, raw FROM subscription_snapshots
         WHERE account_id = @account ${only('subscription_id')} ORDER BY subscription_id, valid_from`,
      )
      .iterate(parameters) as IterableIterator<{ subscription_id: string; validFrom: number; raw: string }>,
    (row) => row.subscription_id,
  );
  for (const row of subscriptions) {
    const linesByInvoice = new Map<string, InvoiceLineRecord[]>();
    for (const line of lines.take(row.id)) {
      let list = linesByInvoice.get(line.invoice_id);
      if (!list) linesByInvoice.set(line.invoice_id, (list = []));
      list.push({ subscriptionItem: line.subscription_item, priceId: line.price_id, quantity: line.quantity, periodStart: line.period_start, amount: line.amount, proration: line.proration === 1 });
    }
    yield {
      subscription: {
        id: row.id,
        customerId: row.customer,
        currency: row.currency,
        status: row.status,
        startDate: row.start_date ?? row.created ?? 0,
        trialStart: row.trial_start,
        trialEnd: row.trial_end,
        cancelAtPeriodEnd: row.cancel_at_period_end === 1,
        cancelAt: row.cancel_at,
        canceledAt: row.canceled_at,
        endedAt: row.ended_at,
      },
      invoices: invoices.take(row.id).map(
        (invoice): InvoiceRecord => ({
          id: invoice.id,
          created: invoice.created ?? 0,
          billingReason: invoice.billing_reason,
          total: invoice.total,
          paidAt: invoice.status_transitions_paid_at,
          discounts: invoice.discounts === '[]' ? [] : (JSON.parse(invoice.discounts) as DiscountRecord[]),
          lines: linesByInvoice.get(invoice.id) ?? [],
        }),
      ),
      snapshots: snapshots.take(row.id),
    };
  }
}

/**
 * Rows ordered by a key, handed out one key's group at a time, for keys asked in the same order (SQLite's BINARY
 * collation and JavaScript's `<` order ASCII ids alike). Rows of keys never asked for are skipped.
 */
function grouped<Row>(rows: IterableIterator<Row>, keyOf: (row: Row) => string): { take(key: string): Row[] } {
  let pending = rows.next();
  return {
    take(key) {
      const group: Row[] = [];
      while (!pending.done && keyOf(pending.value) < key) pending = rows.next();
      while (!pending.done && keyOf(pending.value) === key) {
        group.push(pending.value);
        pending = rows.next();
      }
      return group;
    },
  };
}
