import type Stripe from 'stripe';
import { hashKey } from '../model/random';
import type { CustomerStory, InvoiceLine, InvoiceStatus, InvoiceStory, InvoiceVersion } from '../model/types';
import { invoiceDiscounts, subscriptionDiscountId } from './discount-ids';
import { renderInvoiceLine, subscriptionId } from './invoice-line';
import { versionAt, type RenderContext } from './render-context';
import { embeddedList, type Wire } from './wire';

/** Stripe gives every customer an 8-character invoice prefix (`ABCD1234`), which starts its invoice numbers. */
export function invoicePrefix(customer: CustomerStory): string {
  return hashKey('invoice-prefix', customer.id).toString(16).toUpperCase().padStart(8, '0');
}

export function invoiceVersion(invoice: InvoiceStory, versionIndex: number): InvoiceVersion {
  const version = invoice.versions[versionIndex];
  if (!version) throw new Error(`Invoice ${invoice.id} has no version ${versionIndex}`);
  return version;
}

/** The version of an invoice in force at `at`, or undefined before it was created. */
export function invoiceStateAt(invoice: InvoiceStory, at: number): InvoiceVersion | undefined {
  const index = versionAt(invoice.versions, at);
  return index === undefined ? undefined : invoice.versions[index];
}

/** The invoice as it stood at `at`, or undefined before it was created. */
export function invoiceAt(ctx: RenderContext, customer: CustomerStory, invoice: InvoiceStory, at: number): Wire<Stripe.Invoice> | undefined {
  const index = versionAt(invoice.versions, at);
  return index === undefined ? undefined : renderInvoice(ctx, customer, invoice, index);
}

/** Every line of an invoice, in order: what `/v1/invoices/:id/lines` pages through. Lines never change. */
export function renderInvoiceLines(ctx: RenderContext, customer: CustomerStory, invoice: InvoiceStory): Wire<Stripe.InvoiceLineItem>[] {
  return invoice.lines.map(lineRenderer(ctx, customer, invoice));
}

function lineRenderer(ctx: RenderContext, customer: CustomerStory, invoice: InvoiceStory): (line: InvoiceLine) => Wire<Stripe.InvoiceLineItem> {
  const itemDiscounts = invoiceDiscounts(customer, invoice).filter((discount) => discount.itemSlot !== null);
  return (line) => renderInvoiceLine(ctx, customer, invoice, line, itemDiscounts);
}

/** When the invoice first reached a status, among the versions up to `versionIndex`. */
function firstReached(invoice: InvoiceStory, versionIndex: number, reached: (status: InvoiceStatus) => boolean): number | null {
  for (let i = 0; i <= versionIndex; i++) {
    const version = invoiceVersion(invoice, i);
    if (reached(version.status)) return version.at;
  }
  return null;
}

/**
 * The invoice at one of its versions. `lines` is embedded as Stripe does (first 10, `has_more`, the lines URL). In
 * this API version the subscription is under `parent.subscription_details` (there is no top-level `subscription`),
 * and a number is given at finalization: `<customer's invoice prefix>-<ordinal + 1, 4 digits>`.
 */
export function renderInvoice(ctx: RenderContext, customer: CustomerStory, invoice: InvoiceStory, versionIndex: number): Wire<Stripe.Invoice> {
  const version = invoiceVersion(invoice, versionIndex);
  const isDraft = version.status === 'draft';
  const isSettled = version.status === 'paid' || version.status === 'void' || version.status === 'uncollectible';
  const finalizedAt = firstReached(invoice, versionIndex, (status) => status !== 'draft');
  const billedTo = customer.versions[versionAt(customer.versions, invoice.created) ?? 0];
  const discountAmounts = discountAmountsOf(ctx, customer, invoice);
  const itemLevelOrdinals = new Set(invoiceDiscounts(customer, invoice).filter((discount) => discount.itemSlot !== null).map((discount) => discount.ordinal));
  const automaticallyFinalizesAt = isDraft ? invoice.created + 3600 : null;
  // A negative total (a downgrade's credit) is due as 0; the credit goes to the customer's balance when finalized.
  const amountDue = Math.max(0, invoice.total);
  return {
    id: invoice.id,
    object: 'invoice',
    account_country: 'US',
    account_name: ctx.catalog.accountName,
    account_tax_ids: null,
    amount_due: amountDue,
    amount_overpaid: 0,
    amount_paid: version.amountPaid,
    amount_remaining: Math.max(0, amountDue - version.amountPaid),
    amount_shipping: 0,
    application: null,
    attempt_count: version.attemptCount,
    attempted: version.attemptCount > 0 || version.status === 'paid',
    auto_advance: !isSettled,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    // Stripe finalizes a subscription's draft invoice about an hour after creating it.
    automatically_finalizes_at: automaticallyFinalizesAt,
    billing_reason: invoice.billingReason,
    collection_method: 'charge_automatically',
    created: invoice.created,
    currency: invoice.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: billedTo?.email ?? null,
    customer_name: billedTo?.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: discountAmounts.filter(({ ordinal }) => !itemLevelOrdinals.has(ordinal)).map(({ discount }) => discount),
    due_date: null,
    effective_at: finalizedAt,
    ending_balance: isDraft ? null : Math.min(0, invoice.total),
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: embeddedList(invoice.lines, lineRenderer(ctx, customer, invoice), `/v1/invoices/${invoice.id}/lines`),
    livemode: ctx.livemode,
    metadata: {},
    next_payment_attempt: automaticallyFinalizesAt,
    number: isDraft ? null : `${invoicePrefix(customer)}-${String(invoice.ordinal + 1).padStart(4, '0')}`,
    on_behalf_of: null,
    parent:
      invoice.subscriptionOrdinal === null
        ? null
        : {
            type: 'subscription_details',
            quote_details: null,
            subscription_details: { metadata: {}, subscription: subscriptionId(ctx, customer, invoice.subscriptionOrdinal) },
          },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: invoice.periodEnd,
    period_start: invoice.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: version.status,
    status_transitions: {
      finalized_at: finalizedAt,
      marked_uncollectible_at: firstReached(invoice, versionIndex, (status) => status === 'uncollectible'),
      paid_at: version.paidAt,
      voided_at: firstReached(invoice, versionIndex, (status) => status === 'void'),
    },
    subtotal: invoice.subtotal,
    subtotal_excluding_tax: invoice.subtotal,
    test_clock: null,
    total: invoice.total,
    total_discount_amounts: discountAmounts.map(({ amount, discount }) => ({ amount, discount })),
    total_excluding_tax: invoice.total,
    // In this API version discounts are also reported as pre-tax credits.
    total_pretax_credit_amounts: discountAmounts.map(({ amount, discount }) => ({ amount, discount, type: 'discount' })),
    total_taxes: [],
    webhooks_delivered_at: invoice.created,
  };
}

/**
 * One entry per discount with its `di_` id. The model keeps only the invoice's total discount, so when several
 * discounts apply the whole amount is attributed to the first (the total, which the metrics read, stays exact).
 */
function discountAmountsOf(ctx: RenderContext, customer: CustomerStory, invoice: InvoiceStory): { ordinal: number; discount: string; amount: number }[] {
  const subscriptionOrdinal = invoice.subscriptionOrdinal;
  if (subscriptionOrdinal === null) {
    if (invoice.discountOrdinals.length > 0) throw new Error(`Invoice ${invoice.id} has discounts but no subscription to scope them`);
    return [];
  }
  return invoice.discountOrdinals.map((ordinal, i) => ({
    ordinal,
    discount: subscriptionDiscountId(ctx, customer, subscriptionOrdinal, ordinal),
    amount: i === 0 ? invoice.discountAmount : 0,
  }));
}
