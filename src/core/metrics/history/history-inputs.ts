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
  invoice_id: string;
  subscription_item: string | null;
  price_id: string | null;
  quantity: number | null;
  period_start: number | null;
  amount: number;
  proration: number;
}

/**
 * Every subscription of the account (or of `customerIds`) with what its history needs. Streams by subscription
 * rather than loading every invoice of a large account at once.
 */
export function* loadSubscriptionInputs(db: Database.Database, accountId: string, customerIds?: readonly string[]): Generator<SubscriptionInputs> {
  const filter = customerIds ? 'AND customer IN (SELECT value FROM json_each(?))' : '';
  const parameters: unknown[] = customerIds ? [accountId, JSON.stringify(customerIds)] : [accountId];
  const subscriptions = db
    .prepare(
      `SELECT id, customer, currency, status, start_date, created, trial_start, trial_end, cancel_at_period_end, cancel_at, canceled_at, ended_at
       FROM subscriptions WHERE account_id = ? ${filter} ORDER BY customer, id`,
    )
    .all(...parameters) as SubscriptionRow[];
  const invoicesOf = db.prepare<[string, string]>(
    `SELECT i.id, i.subscription, i.created, i.billing_reason, i.total, i.status_transitions_paid_at, i.discounts
     FROM invoices i WHERE i.account_id = ? AND i.subscription = ? AND i.deleted = 0`,
  );
  const linesOf = db.prepare<[string, string]>(
    `SELECT l.invoice_id, l.subscription_item, l.price_id, l.quantity, l.period_start, l.amount, l.proration
     FROM invoice_lines l WHERE l.account_id = ? AND l.subscription = ?`,
  );
  const snapshotsOf = db.prepare<[string, string], { validFrom: number; raw: string }>(
    'SELECT valid_from AS validFrom, raw FROM subscription_snapshots WHERE account_id = ? AND subscription_id = ? ORDER BY valid_from',
  );
  for (const row of subscriptions) {
    const lines = new Map<string, InvoiceLineRecord[]>();
    for (const line of linesOf.all(accountId, row.id) as LineRow[]) {
      let list = lines.get(line.invoice_id);
      if (!list) lines.set(line.invoice_id, (list = []));
      list.push({ subscriptionItem: line.subscription_item, priceId: line.price_id, quantity: line.quantity, periodStart: line.period_start, amount: line.amount, proration: line.proration === 1 });
    }
    const invoices = (invoicesOf.all(accountId, row.id) as InvoiceRow[]).map(
      (invoice): InvoiceRecord => ({
        id: invoice.id,
        created: invoice.created ?? 0,
        billingReason: invoice.billing_reason,
        total: invoice.total,
        paidAt: invoice.status_transitions_paid_at,
        discounts: JSON.parse(invoice.discounts) as DiscountRecord[],
        lines: lines.get(invoice.id) ?? [],
      }),
    );
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
      invoices,
      snapshots: snapshotsOf.all(accountId, row.id),
    };
  }
}
