import { type IdCodec } from './ids';
import {
  type ChargeStory,
  type Currency,
  type CustomerStory,
  type CustomerVersion,
  type InvoiceLine,
  type InvoiceStory,
  type InvoiceVersion,
  type RefundStory,
  type StoryObjectRef,
  type SubscriptionStory,
} from './types';

interface PendingEvent {
  at: number;
  /** Emission order, which settles ties within one second (Stripe's own order is unspecified there). */
  sequence: number;
  type: string;
  object: StoryObjectRef;
  previous: Record<string, unknown> | null;
}

/**
 * Collects what happens to one customer: objects get their ordinals (and so their ids) in creation order, and every
 * change is recorded as an event. Nothing later than the horizon is ever recorded, so a story cut at the horizon has
 * contiguous ordinals.
 */
export class StoryBuilder {
  readonly subscriptions: SubscriptionStory[] = [];
  readonly invoices: InvoiceStory[] = [];
  readonly charges: ChargeStory[] = [];
  readonly refunds: RefundStory[] = [];
  private readonly events: PendingEvent[] = [];
  private sequence = 0;

  constructor(
    readonly index: number,
    readonly ids: IdCodec,
    readonly horizon: number,
    readonly currency: Currency,
  ) {}

  emit(at: number, type: string, object: StoryObjectRef, previous: Record<string, unknown> | null = null): void {
    if (at > this.horizon) return;
    this.events.push({ at, sequence: this.sequence++, type, object, previous });
  }

  addSubscription(story: Omit<SubscriptionStory, 'ordinal' | 'id'>): SubscriptionStory {
    const ordinal = this.subscriptions.length;
    // Built field by field rather than spread: this runs millions of times and spreads of varied shapes are slow in V8.
    const subscription: SubscriptionStory = {
      ordinal,
      id: this.ids.customerScoped('sub', this.index, ordinal),
      created: story.created,
      startDate: story.startDate,
      billingCycleAnchor: story.billingCycleAnchor,
      trialStart: story.trialStart,
      trialEnd: story.trialEnd,
      currency: story.currency,
      versions: story.versions,
    };
    this.subscriptions.push(subscription);
    return subscription;
  }

  addInvoice(draft: {
    created: number;
    subscriptionOrdinal: number | null;
    billingReason: InvoiceStory['billingReason'];
    periodStart: number;
    periodEnd: number;
    lines: Omit<InvoiceLine, 'ordinal'>[];
    discountAmount: number;
    discountOrdinals: number[];
  }): InvoiceStory {
    const ordinal = this.invoices.length;
    const lines: InvoiceLine[] = draft.lines.map((line, lineOrdinal) => ({
      ordinal: lineOrdinal,
      subscriptionOrdinal: line.subscriptionOrdinal,
      itemSlot: line.itemSlot,
      priceId: line.priceId,
      quantity: line.quantity,
      amount: line.amount,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      proration: line.proration,
      description: line.description,
    }));
    const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
    const discountAmount = Math.min(draft.discountAmount, Math.max(0, subtotal));
    const invoice: InvoiceStory = {
      ordinal,
      id: this.ids.customerScoped('in', this.index, ordinal),
      created: draft.created,
      subscriptionOrdinal: draft.subscriptionOrdinal,
      billingReason: draft.billingReason,
      currency: this.currency,
      periodStart: draft.periodStart,
      periodEnd: draft.periodEnd,
      lines,
      subtotal,
      discountAmount,
      // Negative only for a credit (a downgrade's prorations): discounts never take a total below 0.
      total: subtotal - discountAmount,
      discountOrdinals: draft.discountOrdinals,
      versions: [],
    };
    this.invoices.push(invoice);
    return invoice;
  }

  /** Appends an invoice version and its events (in order), unless it falls after the horizon. */
  changeInvoice(invoice: InvoiceStory, version: InvoiceVersion): boolean {
    if (version.at > this.horizon) return false;
    invoice.versions.push(version);
    const ref: StoryObjectRef = { kind: 'invoice', ordinal: invoice.ordinal, version: invoice.versions.length - 1 };
    for (const type of version.events) this.emit(version.at, type, ref, type === 'invoice.updated' ? version.previous : null);
    return true;
  }

  addCharge(draft: Omit<ChargeStory, 'ordinal' | 'id' | 'versions'>): ChargeStory | undefined {
    if (draft.created > this.horizon) return undefined;
    const ordinal = this.charges.length;
    const charge: ChargeStory = {
      ordinal,
      id: this.ids.customerScoped('ch', this.index, ordinal),
      created: draft.created,
      invoiceOrdinal: draft.invoiceOrdinal,
      amount: draft.amount,
      currency: draft.currency,
      status: draft.status,
      failureCode: draft.failureCode,
      failureMessage: draft.failureMessage,
      versions: [{ at: draft.created, amountRefunded: 0, previous: null }],
    };
    this.charges.push(charge);
    this.emit(draft.created, draft.status === 'succeeded' ? 'charge.succeeded' : 'charge.failed', { kind: 'charge', ordinal, version: 0 });
    return charge;
  }

  addRefund(charge: ChargeStory, at: number, amount: number, reason: RefundStory['reason']): void {
    if (at > this.horizon) return;
    const ordinal = this.refunds.length;
    this.refunds.push({ ordinal, id: this.ids.customerScoped('re', this.index, ordinal), created: at, chargeOrdinal: charge.ordinal, amount, currency: charge.currency, reason });
    const previous = charge.versions[charge.versions.length - 1]?.amountRefunded ?? 0;
    charge.versions.push({ at, amountRefunded: previous + amount, previous: { amount_refunded: previous, refunded: false } });
    this.emit(at, 'charge.refunded', { kind: 'charge', ordinal: charge.ordinal, version: charge.versions.length - 1 }, { amount_refunded: previous, refunded: false });
    this.emit(at, 'refund.created', { kind: 'refund', ordinal });
  }

  finish(customer: {
    id: string;
    created: number;
    metadata: Record<string, string>;
    versions: CustomerVersion[];
    deletedAt: number | null;
  }): CustomerStory {
    const events = [...this.events]
      .sort((a, b) => a.at - b.at || a.sequence - b.sequence)
      .map((event, ordinal) => ({ ordinal, at: event.at, type: event.type, object: event.object, previous: event.previous }));
    return {
      index: this.index,
      id: customer.id,
      created: customer.created,
      currency: this.currency,
      metadata: customer.metadata,
      versions: customer.versions,
      deletedAt: customer.deletedAt,
      subscriptions: this.subscriptions,
      invoices: this.invoices,
      charges: this.charges,
      refunds: this.refunds,
      events,
    };
  }
}
