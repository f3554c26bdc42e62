import type Database from 'better-sqlite3';
import type Stripe from 'stripe';
import { recordSubscriptionSnapshot } from '../../db/repositories/subscription-snapshots';
import { cachedStatement } from '../../db/statement-cache';
import { type PacedRequester } from '../pacing/paced-request';
import { classifyStripeError } from '../pacing/stripe-error-kind';
import { type Received, rowsForStripeObject, type TableRows } from '../rows';
import { serverTimeOf } from '../stripe-connection';
import { completeItems, completeLines } from './complete-children';
import { discountExpansions, expandedDiscounts, unexpandedDiscountIds, withDiscountsExpanded } from './discount-expansion';
import { type FetchedPage, subscriptionSnapshot, upsertTableRows, writePage } from './page-writer';

/** The one way any source (polled events, webhooks) changes the mirror: each event through here, once. */
export interface EventApplier {
  /**
   * Fetches what the event's snapshot lacks (truncated items or lines; a fresh copy on a same-second tie), then writes
   * in one transaction, with `commit` (ledger row, cursor) inside it. Answers what happened to the event.
   */
  apply(event: Stripe.Event, source: 'poll' | 'webhook', commit?: (db: Database.Database) => void): Promise<EventOutcome>;
}

export type EventOutcome = 'applied' | 'stale' | 'ignored';

/** Objects Stripe deletes, whose `*.deleted` event leaves a tombstone. */
const deletedEventTypes = new Set(['customer.deleted', 'product.deleted', 'price.deleted', 'coupon.deleted', 'invoice.deleted']);

function lacksTiers(object: { object: string }): boolean {
  if (object.object !== 'price') return false;
  const price = object as { billing_scheme?: string; tiers?: unknown };
  return price.billing_scheme === 'tiered' && !Array.isArray(price.tiers);
}

export function createEventApplier(options: { db: Database.Database; stripe: Stripe; requester: PacedRequester; accountId: string; now(): number }): EventApplier {
  const { db, stripe, requester, accountId } = options;

  const storedSourceTs = (table: string, id: string): { sourceTs: number; raw: string } | undefined =>
    cachedStatement<[string, string]>(db, `SELECT source_ts AS sourceTs, raw FROM "${table}" WHERE account_id = ? AND id = ?`).get(accountId, id) as { sourceTs: number; raw: string } | undefined;

  /** A fresh copy of an object, for a same-second tie: Stripe does not order events within one second. */
  const retrieveFresh = async (object: { id: string; object: string }): Promise<{ object: { id: string; object: string }; sourceTs: number } | undefined> => {
    const fetchers: Record<string, () => Promise<{ id: string; object: string }>> = {
      customer: () => stripe.customers.retrieve(object.id),
      subscription: () => stripe.subscriptions.retrieve(object.id, { expand: [...discountExpansions.subscriptionRetrieve] }),
      invoice: () => stripe.invoices.retrieve(object.id, { expand: [...discountExpansions.invoiceRetrieve] }),
      charge: () => stripe.charges.retrieve(object.id, { expand: ['balance_transaction'] }),
      refund: () => stripe.refunds.retrieve(object.id),
      product: () => stripe.products.retrieve(object.id),
      price: () => stripe.prices.retrieve(object.id, { expand: ['tiers'] }),
      coupon: () => stripe.coupons.retrieve(object.id),
    };
    const fetcher = fetchers[object.object];
    if (!fetcher) return undefined;
    const fresh = await requester.request(`GET /v1/${object.object}s/:id`, fetcher);
    return { object: fresh, sourceTs: serverTimeOf(fresh, options.now) };
  };

  /**
   * Stripe sets a customer's `currency` with its first subscription or invoice. It usually says so with a
   * `customer.updated` (stripe/stripe-python#933), but not always (mozilla/fxa#12297: none for PayPal customers), and
   * the customer's row would keep `currency: null` until the next full sync. So a customer stored without a currency,
   * or not stored yet (its `customer.created` may come later: events are not ordered), is fetched fresh when a
   * subscription or invoice of theirs arrives: about one request per new customer. A key that may not read customers
   * (or a customer Stripe no longer knows) only leaves the currency as it was.
   */
  const refreshCustomerWithoutCurrency = async (object: { id: string; object: string }): Promise<{ object: { id: string; object: string }; sourceTs: number } | undefined> => {
    if (object.object !== 'subscription' && object.object !== 'invoice') return undefined;
    const { customer } = object as { customer?: string | { id: string } | null };
    const customerId = typeof customer === 'string' ? customer : customer?.id;
    if (customerId === undefined) return undefined;
    const stored = cachedStatement<[string, string]>(db, 'SELECT currency, deleted FROM customers WHERE account_id = ? AND id = ?').get(accountId, customerId) as { currency: string | null; deleted: number } | undefined;
    const awaitsCurrency = stored === undefined || (stored.currency === null && stored.deleted === 0);
    if (!awaitsCurrency) return undefined;
    try {
      return await retrieveFresh({ id: customerId, object: 'customer' });
    } catch (error) {
      const { kind } = classifyStripeError(error);
      if (kind === 'permission' || kind === 'not-found') return undefined;
      throw error;
    }
  };

  /**
   * Discounts applied since the stored snapshot are only ids in the event: a fresh, expanded copy of the object says
   * which coupons they apply. The event's own snapshot is kept (it is the state at the event's time); only its
   * discount ids are filled in. When the object is gone by now, or the key may not read it, the ids stay ids.
   */
  const expandNewDiscounts = async (object: { id: string; object: string }): Promise<{ id: string; object: string }> => {
    try {
      const fresh = await retrieveFresh(object);
      return fresh ? withDiscountsExpanded(object, expandedDiscounts(fresh.object)) : object;
    } catch (error) {
      const { kind } = classifyStripeError(error);
      if (kind === 'permission' || kind === 'not-found') return object;
      throw error;
    }
  };

  const completeChildren = async (object: { id: string; object: string }): Promise<Pick<FetchedPage, 'items' | 'lines'>> => ({
    items: object.object === 'subscription' ? await completeItems(stripe, requester, [object as Received<Stripe.Subscription>]) : new Map(),
    lines: object.object === 'invoice' ? await completeLines(stripe, requester, [object as Received<Stripe.Invoice>]) : new Map(),
  });

  return {
    async apply(event, source, commit) {
      let object = event.data.object as unknown as { id: string; object: string };
      let sourceTs = event.created;
      const isDeletion = deletedEventTypes.has(event.type);
      const entries: TableRows[] = rowsForStripeObject(accountId, object, sourceTs, { deleted: isDeletion });
      if (entries.length === 0) {
        db.transaction(() => commit?.(db))();
        return 'ignored';
      }
      const table = entries[0]?.table.name ?? '';
      const stored = storedSourceTs(table, object.id);
      if (stored && stored.sourceTs > sourceTs) {
        db.transaction(() => commit?.(db))();
        return 'stale';
      }
      // An event names discounts by id only: those the stored snapshot has expanded are filled in from it.
      if (!isDeletion && stored) object = withDiscountsExpanded(object, expandedDiscounts(JSON.parse(stored.raw) as { object: string }));
      if (!isDeletion && stored && stored.sourceTs === sourceTs && stored.raw !== JSON.stringify(object)) {
        const fresh = await retrieveFresh(object);
        if (fresh) ({ object, sourceTs } = fresh);
      }
      if (!isDeletion && unexpandedDiscountIds(object).length > 0) object = await expandNewDiscounts(object);
      // Events never carry a tiered price's tiers (Stripe sends them only when expanded): the price is read fresh.
      if (!isDeletion && lacksTiers(object)) {
        const fresh = await retrieveFresh(object);
        if (fresh) ({ object, sourceTs } = fresh);
      }
      const children = isDeletion ? { items: new Map(), lines: new Map() } : await completeChildren(object);
      const customer = isDeletion ? undefined : await refreshCustomerWithoutCurrency(object);
      let outcome: EventOutcome = 'applied';
      db.transaction(() => {
        const written = rowsForStripeObject(accountId, object, sourceTs, { deleted: isDeletion }).reduce((sum, entry) => sum + upsertTableRows(db, entry).written, 0);
        if (written === 0) outcome = 'stale';
        else {
          if (customer) rowsForStripeObject(accountId, customer.object, customer.sourceTs).forEach((entry) => upsertTableRows(db, entry));
          writePage(db, accountId, { objects: [], items: children.items, lines: children.lines, sourceTs }, undefined);
          if (object.object === 'subscription') {
            const snapshot = subscriptionSnapshot(object as Received<Stripe.Subscription>, children.items.get(object.id));
            recordSubscriptionSnapshot(db, { accountId, subscriptionId: object.id, validFrom: sourceTs, source: source === 'poll' ? 'event' : 'webhook', ...snapshot });
          }
        }
        commit?.(db);
      })();
      return outcome;
    },
  };
}
