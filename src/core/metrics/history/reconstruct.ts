import { type AppliedDiscount, type CouponTerms, type MrrItem, type PriceTerms, type SubscriptionState } from '../mrr-types';
import { type InvoiceLineRow, type InvoiceRow, type SubscriptionInvoices } from './invoice-rows';
import { type TimelineSegment } from './subscription-timeline';

/**
 * MRR history before Recur recorded a subscription (METRICS.md, "MRR history"): rebuilt from what Stripe keeps for
 * good — the subscription's dates and its invoices. A subscription-create or cycle invoice bills every licensed item
 * for its period, so its lines say which prices and quantities were in force from the period's start, and its
 * discounts which coupons; a subscription-update invoice's prorations say which items changed and when (the
 * positive line is the item as it became). The subscription's trial, cancellation and end dates, and when its first
 * invoice was paid, give the status around them.
 *
 * It runs for every subscription of a full recompute, on the invoice rows as SQLite packed them (invoice-rows.ts):
 * an object per invoice and per line, made only to be read once here, cost a 100,000-subscription recompute a few
 * hundred milliseconds of allocation and garbage collection.
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

export interface DiscountRecord {
  id: string | null;
  coupon: string | null;
  start: number | null;
  end: number | null;
}

export interface TermsCatalog {
  price(id: string): PriceTerms | undefined;
  coupon(id: string): CouponTerms | undefined;
}

/**
 * What was billed, as the invoice says it: the items (each the line that billed it: item, price, quantity) in the order
 * they entered, and the invoice's discounts as stored (JSON text). Most invoices of a subscription bill what the one
 * before did — a monthly renewal of the same plan — and then share the previous one's terms object, so a renewal
 * adds no segment (see reconstructTimeline) and its terms are read into MRR's shape once.
 */
interface BilledTerms {
  items: InvoiceLineRow[];
  discounts: string;
  /** The items and discounts as MRR reads them: the same for every segment of these terms, so made once. */
  mrr?: { items: MrrItem[]; discounts: AppliedDiscount[] };
}

interface Billed {
  from: number;
  terms: BilledTerms;
}

/** The segments of `subscription`'s history before `until` (its first recorded snapshot), oldest first. */
export function reconstructTimeline(subscription: SubscriptionRecord, invoices: SubscriptionInvoices, catalog: TermsCatalog, until: number): TimelineSegment[] {
  const billed = billedStates(invoices);
  if (billed.length === 0) return [];
  const incomplete = incompleteWindow(invoices.invoices);

  const breakpoints = billed.map((state) => state.from);
  for (const moment of [subscription.trialStart, subscription.trialEnd, subscription.canceledAt, subscription.endedAt, incomplete?.from, incomplete?.to]) {
    if (moment !== null && moment !== undefined) breakpoints.push(moment);
  }
  breakpoints.sort((a, b) => a - b);
  const segments: TimelineSegment[] = [];
  let billedIndex = -1;
  // What the last segment was made of. A breakpoint that changes none of it (a renewal billing the same terms) would
  // add a segment equal to the one before: the state in force at every instant is the same without it, and so is
  // every MRR amount (within a segment MRR moves only where a discount starts or ends), so none is added.
  let lastTerms: BilledTerms | undefined;
  let lastStatus = '';
  let lastCanceledAt: number | null = null;
  let lastEndedAt: number | null = null;
  for (let index = 0; index < breakpoints.length; index++) {
    const at = breakpoints[index] as number;
    if (at === breakpoints[index - 1]) continue;
    if (at >= until) break;
    while (billedIndex + 1 < billed.length && (billed[billedIndex + 1]?.from ?? Infinity) <= at) billedIndex++;
    const state = billed[billedIndex];
    if (!state) continue;
    const canceledAt = happenedBy(subscription.canceledAt, at);
    const endedAt = happenedBy(subscription.endedAt, at);
    const status = statusAt(subscription, at, endedAt, incomplete);
    if (state.terms === lastTerms && status === lastStatus && canceledAt === lastCanceledAt && endedAt === lastEndedAt) continue;
    segments.push({ from: at, state: stateOf(subscription, state.terms, status, canceledAt, endedAt, catalog) });
    lastTerms = state.terms;
    lastStatus = status;
    lastCanceledAt = canceledAt;
    lastEndedAt = endedAt;
  }
  return segments;
}

/** What each full-period or proration invoice says was billed from its start, in time order. */
function billedStates({ invoices, lines }: SubscriptionInvoices): Billed[] {
  const ranges = lineRanges(invoices, lines);
  const states: Billed[] = [];
  let previous: Billed | undefined;
  for (const index of timeOrder(invoices)) {
    const invoice = invoices[index] as InvoiceRow;
    const reason = invoice[2];
    const start = ranges.bounds[2 * index] as number;
    const end = ranges.bounds[2 * index + 1] as number;
    if (reason === 'subscription_create' || reason === 'subscription_cycle') {
      const billed = fullPeriodBilled(invoice, ranges.lines, start, end, previous?.terms);
      if (!billed) continue;
      previous = billed;
      states.push(previous);
    } else if (reason === 'subscription_update' && previous) {
      const billed = prorationBilled(invoice, ranges.lines, start, end, previous.terms);
      if (!billed) continue;
      previous = billed;
      states.push(previous);
    }
  }
  return states;
}

/**
 * The invoices' indexes in time order (by creation, then id). SQLite hands them over in id order, which is often time
 * order already: then nothing is sorted.
 */
function timeOrder(invoices: readonly InvoiceRow[]): number[] {
  const order = indexes(invoices.length);
  for (let index = 1; index < invoices.length; index++) {
    if (byTime(invoices[index - 1] as InvoiceRow, invoices[index] as InvoiceRow) > 0) {
      return order.sort((a, b) => byTime(invoices[a] as InvoiceRow, invoices[b] as InvoiceRow));
    }
  }
  return order;
}

function indexes(count: number): number[] {
  const all: number[] = [];
  for (let index = 0; index < count; index++) all.push(index);
  return all;
}

function byTime(a: InvoiceRow, b: InvoiceRow): number {
  return (a[1] ?? 0) - (b[1] ?? 0) || (a[0] < b[0] ? -1 : 1);
}

/**
 * Where each invoice's lines are: `lines[bounds[2i]]` up to (not including) `lines[bounds[2i + 1]]` for `invoices[i]`,
 * each invoice's lines in the order they came. SQLite packs both in invoice-id order (its covering indexes' order), so
 * one walk along both pairs them; should either come in another order, a copy is sorted first (a stable sort: an
 * invoice's lines keep their order, in which its items enter the reconstructed state and MRR sums them).
 */
function lineRanges(invoices: readonly InvoiceRow[], lines: readonly InvoiceLineRow[]): { lines: readonly InvoiceLineRow[]; bounds: number[] } {
  let grouped = true;
  for (let index = 1; index < lines.length && grouped; index++) grouped = (lines[index - 1] as InvoiceLineRow)[0] <= (lines[index] as InvoiceLineRow)[0];
  const byInvoice = grouped ? lines : [...lines].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let inIdOrder = true;
  for (let index = 1; index < invoices.length && inIdOrder; index++) inIdOrder = (invoices[index - 1] as InvoiceRow)[0] < (invoices[index] as InvoiceRow)[0];
  const idOrder = inIdOrder ? undefined : indexes(invoices.length).sort((a, b) => ((invoices[a] as InvoiceRow)[0] < (invoices[b] as InvoiceRow)[0] ? -1 : 1));

  const bounds: number[] = [];
  for (let index = 0; index < 2 * invoices.length; index++) bounds.push(0);
  let line = 0;
  for (let step = 0; step < invoices.length; step++) {
    const index = idOrder ? (idOrder[step] as number) : step;
    const id = (invoices[index] as InvoiceRow)[0];
    while (line < byInvoice.length && (byInvoice[line] as InvoiceLineRow)[0] < id) line++;
    bounds[2 * index] = line;
    while (line < byInvoice.length && (byInvoice[line] as InvoiceLineRow)[0] === id) line++;
    bounds[2 * index + 1] = line;
  }
  return { lines: byInvoice, bounds };
}

/**
 * A subscription-create or cycle invoice bills every licensed item for the period: its items from the earliest start.
 * When they, and the discounts, are what `previous` billed, the previous terms are kept (the same object).
 */
function fullPeriodBilled(invoice: InvoiceRow, lines: readonly InvoiceLineRow[], start: number, end: number, previous: BilledTerms | undefined): Billed | undefined {
  const created = invoice[1] ?? 0;
  let items: InvoiceLineRow[] | undefined;
  let from = Number.POSITIVE_INFINITY;
  for (let index = start; index < end; index++) {
    const line = lines[index] as InvoiceLineRow;
    if (line[6] === 1 || line[1] === null || line[2] === null) continue;
    items ??= [];
    // An item billed twice on one invoice is in force as its last line says, in the place its first line took.
    const at = indexOfItem(items, line[1]);
    if (at < 0) items.push(line);
    else items[at] = line;
    from = Math.min(from, line[4] ?? created);
  }
  if (!items) return undefined;
  const discounts = invoice[5];
  return { from, terms: previous && previous.discounts === discounts && sameItems(previous.items, items) ? previous : { items, discounts } };
}

/** A subscription-update invoice: each prorated item as it became (or gone), from the earliest proration's start. */
function prorationBilled(invoice: InvoiceRow, lines: readonly InvoiceLineRow[], start: number, end: number, previous: BilledTerms): Billed | undefined {
  const created = invoice[1] ?? 0;
  let items: InvoiceLineRow[] | undefined;
  let from = Number.POSITIVE_INFINITY;
  for (let index = start; index < end; index++) {
    const line = lines[index] as InvoiceLineRow;
    if (line[6] !== 1 || line[1] === null) continue;
    from = Math.min(from, line[4] ?? created);
    items ??= [...previous.items];
    // Each item once, where its first proration is: its lines together say what it became.
    if (isItemBefore(lines, start, index, line[1])) continue;
    const became = itemAsItBecame(lines, index, end, line[1]);
    const at = indexOfItem(items, line[1]);
    if (became && at >= 0) items[at] = became;
    else if (became) items.push(became);
    else if (at >= 0) items.splice(at, 1);
  }
  if (!items) return undefined;
  return { from, terms: sameItems(previous.items, items) ? previous : { items, discounts: previous.discounts } };
}

/**
 * A changed item's proration pair is a credit for the time left at the old price ("Unused time on …") and a charge for
 * it at the new one ("Remaining time on …"), which rounds to 0 for a change in a period's last minutes: of two lines the
 * larger is the item as it became. A lone line is an item added (a charge) or removed (a credit). `lines[first]` is
 * the item's first proration line; the others follow before `end`.
 */
function itemAsItBecame(lines: readonly InvoiceLineRow[], first: number, end: number, item: string): InvoiceLineRow | undefined {
  let priced = 0;
  let largest: InvoiceLineRow | undefined;
  for (let index = first; index < end; index++) {
    const line = lines[index] as InvoiceLineRow;
    if (line[6] !== 1 || line[1] !== item || line[2] === null) continue;
    priced++;
    if (!largest || line[5] > largest[5]) largest = line;
  }
  if (!largest) return undefined;
  return priced > 1 || largest[5] > 0 ? largest : undefined;
}

/** Whether a proration line for `item` comes before `index` in the invoice's lines (from `start`). */
function isItemBefore(lines: readonly InvoiceLineRow[], start: number, index: number, item: string): boolean {
  for (let before = start; before < index; before++) {
    const line = lines[before] as InvoiceLineRow;
    if (line[6] === 1 && line[1] === item) return true;
  }
  return false;
}

function indexOfItem(items: readonly InvoiceLineRow[], item: string): number {
  for (let index = 0; index < items.length; index++) if ((items[index] as InvoiceLineRow)[1] === item) return index;
  return -1;
}

/** The same items, in the same order, at the same prices and quantities. */
function sameItems(a: readonly InvoiceLineRow[], b: readonly InvoiceLineRow[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    const x = a[index] as InvoiceLineRow;
    const y = b[index] as InvoiceLineRow;
    if (x[1] !== y[1] || x[2] !== y[2] || x[3] !== y[3]) return false;
  }
  return true;
}

/**
 * A subscription is `incomplete` from its creation until its first invoice is paid, and expires if it never is
 * (Stripe's default payment behaviour). Charges do not name their invoice in this API version; the invoice's own
 * `paid_at` is enough: a first payment that succeeds at once leaves no incomplete time.
 */
function incompleteWindow(invoices: readonly InvoiceRow[]): { from: number; to: number | null } | undefined {
  // A subscription has one subscription-create invoice; should there be more, the one with the lowest id is taken.
  let first: InvoiceRow | undefined;
  for (const invoice of invoices) {
    if (invoice[2] === 'subscription_create' && (!first || invoice[0] < first[0])) first = invoice;
  }
  if (!first || (first[3] ?? 0) <= 0) return undefined;
  const created = first[1] ?? 0;
  const paidAt = first[4];
  if (paidAt !== null && paidAt <= created) return undefined;
  return { from: created, to: paidAt };
}

function statusAt(subscription: SubscriptionRecord, at: number, endedAt: number | null, incomplete: { from: number; to: number | null } | undefined): string {
  if (endedAt !== null) return subscription.status;
  if (subscription.trialStart !== null && subscription.trialEnd !== null && at >= subscription.trialStart && at < subscription.trialEnd) return 'trialing';
  if (incomplete && at >= incomplete.from && (incomplete.to === null || at < incomplete.to)) return 'incomplete';
  return 'active';
}

function stateOf(subscription: SubscriptionRecord, terms: BilledTerms, status: string, canceledAt: number | null, endedAt: number | null, catalog: TermsCatalog): SubscriptionState {
  terms.mrr ??= mrrTerms(terms, catalog);
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
    items: terms.mrr.items,
    discounts: terms.mrr.discounts,
  };
}

/** `moment` if it had happened by `at`, else null. */
function happenedBy(moment: number | null, at: number): number | null {
  return moment !== null && moment <= at ? moment : null;
}

function mrrTerms(terms: BilledTerms, catalog: TermsCatalog): NonNullable<BilledTerms['mrr']> {
  const items: MrrItem[] = [];
  for (const line of terms.items) {
    const price = catalog.price(line[2] as string);
    if (price) items.push({ price, quantity: line[3], discounts: [] });
  }
  const discounts = terms.discounts === '[]' ? [] : (JSON.parse(terms.discounts) as DiscountRecord[]);
  return { items, discounts: appliedDiscounts(discounts, catalog) };
}

function appliedDiscounts(discounts: readonly DiscountRecord[], catalog: TermsCatalog): AppliedDiscount[] {
  const applied: AppliedDiscount[] = [];
  for (const discount of discounts) {
    const coupon = discount.coupon === null ? undefined : catalog.coupon(discount.coupon);
    if (coupon) applied.push({ id: discount.id, coupon, start: discount.start, end: discount.end });
  }
  return applied;
}
