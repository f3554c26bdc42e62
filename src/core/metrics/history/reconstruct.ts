import { type AppliedDiscount, type CouponTerms, type MrrItem, type PriceTerms, type SubscriptionState } from '../mrr-types';
import { type TimelineSegment } from './subscription-timeline';

/**
 * MRR history before Recur recorded a subscription (METRICS.md, "MRR history"): rebuilt from what Stripe keeps for
 * good — the subscription's dates and its invoices. A subscription-create or cycle invoice bills every licensed item
 * for its period, so its lines say which prices and quantities were in force from the period's start, and its
 * discounts which coupons; a subscription-update invoice's prorations say which items changed and when (the
 * positive line is the item as it became). The subscription's trial, cancellation and end dates, and when its first
 * invoice was paid, give the status around them.
 */

export interface SubscriptionRecord {
  id: string;
  customerId: string;
  currency: string;
  /** Status now: what it ended as, once `endedAt` has passed. */
  status: string;
  startDate: number;
  trialStart: number | null;
  trialEnd: number | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  canceledAt: number | null;
  endedAt: number | null;
}

export interface InvoiceLineRecord {
  subscriptionItem: string | null;
  priceId: string | null;
  quantity: number | null;
  periodStart: number | null;
  amount: number;
  proration: boolean;
}

export interface DiscountRecord {
  id: string | null;
  coupon: string | null;
  start: number | null;
  end: number | null;
}

export interface InvoiceRecord {
  id: string;
  created: number;
  billingReason: string | null;
  total: number | null;
  paidAt: number | null;
  /** Subscription-level discounts applied to the invoice. */
  discounts: DiscountRecord[];
  lines: InvoiceLineRecord[];
}

export interface TermsCatalog {
  price(id: string): PriceTerms | undefined;
  coupon(id: string): CouponTerms | undefined;
}

interface Billed {
  from: number;
  items: Map<string, { priceId: string; quantity: number | null }>;
  discounts: DiscountRecord[];
  /** The items and discounts as MRR reads them: the same at every breakpoint the state spans, so made once. */
  terms?: { items: MrrItem[]; discounts: AppliedDiscount[] };
}

const fullPeriodReasons = new Set(['subscription_create', 'subscription_cycle']);

/** The segments of `subscription`'s history before `until` (its first recorded snapshot), oldest first. */
export function reconstructTimeline(subscription: SubscriptionRecord, invoices: readonly InvoiceRecord[], catalog: TermsCatalog, until: number): TimelineSegment[] {
  const billed = billedStates(invoices);
  if (billed.length === 0) return [];
  const incomplete = incompleteWindow(invoices);

  const breakpoints = billed.map((state) => state.from);
  for (const moment of [subscription.trialStart, subscription.trialEnd, subscription.canceledAt, subscription.endedAt, incomplete?.from, incomplete?.to]) {
    if (moment !== null && moment !== undefined) breakpoints.push(moment);
  }
  breakpoints.sort((a, b) => a - b);
  const segments: TimelineSegment[] = [];
  let billedIndex = -1;
  for (let index = 0; index < breakpoints.length; index++) {
    const at = breakpoints[index] as number;
    if (at === breakpoints[index - 1]) continue;
    if (at >= until) break;
    while (billedIndex + 1 < billed.length && (billed[billedIndex + 1]?.from ?? Infinity) <= at) billedIndex++;
    const state = billed[billedIndex];
    if (!state) continue;
    segments.push({ from: at, state: stateAt(subscription, state, at, incomplete, catalog) });
  }
  return segments;
}

/** What each full-period or proration invoice says was billed from its start, in time order. */
function billedStates(invoices: readonly InvoiceRecord[]): Billed[] {
  const ordered = [...invoices].sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
  const states: Billed[] = [];
  let previous: Billed | undefined;
  for (const invoice of ordered) {
    const reason = invoice.billingReason ?? '';
    if (fullPeriodReasons.has(reason)) {
      const billed = fullPeriodBilled(invoice);
      if (!billed) continue;
      previous = billed;
      states.push(previous);
    } else if (reason === 'subscription_update' && previous) {
      const prorations = invoice.lines.filter((line) => line.proration && line.subscriptionItem !== null);
      if (prorations.length === 0) continue;
      const items = new Map(previous.items);
      for (const itemId of new Set(prorations.map((line) => line.subscriptionItem as string))) {
        const became = itemAsItBecame(prorations.filter((line) => line.subscriptionItem === itemId));
        if (became) items.set(itemId, { priceId: became.priceId as string, quantity: became.quantity });
        else items.delete(itemId);
      }
      previous = { from: Math.min(...prorations.map((line) => line.periodStart ?? invoice.created)), items, discounts: previous.discounts };
      states.push(previous);
    }
  }
  return states;
}

/** A subscription-create or cycle invoice bills every licensed item for the period: its items from the earliest start. */
function fullPeriodBilled(invoice: InvoiceRecord): Billed | undefined {
  let items: Billed['items'] | undefined;
  let from = Number.POSITIVE_INFINITY;
  for (const line of invoice.lines) {
    if (line.proration || line.subscriptionItem === null || line.priceId === null) continue;
    (items ??= new Map()).set(line.subscriptionItem, { priceId: line.priceId, quantity: line.quantity });
    from = Math.min(from, line.periodStart ?? invoice.created);
  }
  return items ? { from, items, discounts: invoice.discounts } : undefined;
}

/**
 * A changed item's proration pair is a credit for the time left at the old price ("Unused time on …") and a charge for
 * it at the new one ("Remaining time on …"), which rounds to 0 for a change in a period's last minutes: of two lines the
 * larger is the item as it became. A lone line is an item added (a charge) or removed (a credit).
 */
function itemAsItBecame(lines: readonly InvoiceLineRecord[]): InvoiceLineRecord | undefined {
  const priced = lines.filter((line) => line.priceId !== null);
  if (priced.length === 0) return undefined;
  const largest = priced.reduce((best, line) => (line.amount > best.amount ? line : best));
  return priced.length > 1 || largest.amount > 0 ? largest : undefined;
}

/**
 * A subscription is `incomplete` from its creation until its first invoice is paid, and expires if it never is
 * (Stripe's default payment behaviour). Charges do not name their invoice in this API version; the invoice's own
 * `paid_at` is enough: a first payment that succeeds at once leaves no incomplete time.
 */
function incompleteWindow(invoices: readonly InvoiceRecord[]): { from: number; to: number | null } | undefined {
  // A subscription has one subscription-create invoice; should there be more, the one with the lowest id is taken.
  let first: InvoiceRecord | undefined;
  for (const invoice of invoices) {
    if (invoice.billingReason === 'subscription_create' && (!first || invoice.id < first.id)) first = invoice;
  }
  if (!first || (first.total ?? 0) <= 0) return undefined;
  if (first.paidAt !== null && first.paidAt <= first.created) return undefined;
  return { from: first.created, to: first.paidAt };
}

function stateAt(subscription: SubscriptionRecord, billed: Billed, at: number, incomplete: { from: number; to: number | null } | undefined, catalog: TermsCatalog): SubscriptionState {
  const canceledAt = happenedBy(subscription.canceledAt, at);
  const endedAt = happenedBy(subscription.endedAt, at);
  let status = 'active';
  if (endedAt !== null) status = subscription.status;
  else if (subscription.trialStart !== null && subscription.trialEnd !== null && at >= subscription.trialStart && at < subscription.trialEnd) status = 'trialing';
  else if (incomplete && at >= incomplete.from && (incomplete.to === null || at < incomplete.to)) status = 'incomplete';

  billed.terms ??= billedTerms(billed, catalog);
  return {
    subscriptionId: subscription.id,
    customerId: subscription.customerId,
    currency: subscription.currency,
    status,
    // A cancellation is known from the moment it was requested: `canceled_at` is that moment.
    cancelAtPeriodEnd: canceledAt !== null && subscription.cancelAtPeriodEnd,
    cancelAt: canceledAt !== null ? subscription.cancelAt : null,
    canceledAt,
    endedAt,
    items: billed.terms.items,
    discounts: billed.terms.discounts,
  };
}

/** `moment` if it had happened by `at`, else null. */
function happenedBy(moment: number | null, at: number): number | null {
  return moment !== null && moment <= at ? moment : null;
}

function billedTerms(billed: Billed, catalog: TermsCatalog): NonNullable<Billed['terms']> {
  const items: MrrItem[] = [];
  for (const item of billed.items.values()) {
    const price = catalog.price(item.priceId);
    if (price) items.push({ price, quantity: item.quantity, discounts: [] });
  }
  return { items, discounts: appliedDiscounts(billed.discounts, catalog) };
}

function appliedDiscounts(discounts: readonly DiscountRecord[], catalog: TermsCatalog): AppliedDiscount[] {
  const applied: AppliedDiscount[] = [];
  for (const discount of discounts) {
    const coupon = discount.coupon === null ? undefined : catalog.coupon(discount.coupon);
    if (coupon) applied.push({ id: discount.id, coupon, start: discount.start, end: discount.end });
  }
  return applied;
}
