import type Stripe from 'stripe';

/**
 * Whose MRR history a batch of changes can have moved: a set of customer ids, or `all` when the change reaches
 * everyone (a full sync; a price, product or coupon, which many subscriptions' reconstructed history reads). The
 * metrics engine re-reads just those customers instead of rebuilding the account.
 */
export type TouchedCustomers = ReadonlySet<string> | 'all';

/** Objects shared by many subscriptions: a change to one can move any customer's history. */
const catalogObjects = new Set(['price', 'plan', 'product', 'coupon', 'promotion_code']);
/** Objects that carry money but no MRR: cash figures are read from the tables on each request, never cached. */
const cashObjects = new Set(['charge', 'refund', 'payment_intent', 'balance_transaction']);

/** The customers one event's object belongs to. */
export function customersTouchedBy(event: Pick<Stripe.Event, 'data'>): TouchedCustomers {
  const object = event.data.object as { object?: string; id?: string; customer?: unknown };
  if (object.object === undefined || cashObjects.has(object.object)) return new Set();
  if (catalogObjects.has(object.object)) return 'all';
  if (object.object === 'customer' && typeof object.id === 'string') return new Set([object.id]);
  const customer = typeof object.customer === 'string' ? object.customer : (object.customer as { id?: unknown } | null | undefined)?.id;
  return typeof customer === 'string' ? new Set([customer]) : new Set();
}

/** The union of two tallies. */
export function mergeTouched(a: TouchedCustomers, b: TouchedCustomers): TouchedCustomers {
  if (a === 'all' || b === 'all') return 'all';
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  return new Set([...a, ...b]);
}
