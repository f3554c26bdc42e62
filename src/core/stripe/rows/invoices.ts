import type Stripe from 'stripe';
import type { InvoiceRow } from '../../db/tables/invoices';
import { discountRefs } from './discount-refs';
import { type DeletionOptions, objectRowBase } from './object-row';
import { idOf, legacyReference } from './references';

/** In this API version the subscription is under `parent.subscription_details`; older ones have a top-level `subscription`. */
function subscriptionOf(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription) ?? legacyReference(invoice, 'subscription');
}

/**
 * An invoice, or the tombstone of a deleted draft. `raw` keeps the object as received, its embedded `lines` (first
 * 10, `has_more`) included; the line rows come from the complete `/v1/invoices/:id/lines`.
 */
export function invoiceRow(
  accountId: string,
  invoice: Stripe.Invoice | Stripe.DeletedInvoice,
  sourceTs: number,
  options: DeletionOptions = {},
): InvoiceRow {
  const base = objectRowBase(accountId, invoice, sourceTs);
  if (invoice.deleted === true) {
    return {
      ...base,
      customer: null,
      subscription: null,
      status: null,
      currency: null,
      total: null,
      subtotal: null,
      amountPaid: null,
      amountDue: null,
      billingReason: null,
      periodStart: null,
      periodEnd: null,
      statusTransitionsPaidAt: null,
      discounts: [],
      deleted: true,
    };
  }
  return {
    ...base,
    customer: idOf(invoice.customer),
    subscription: subscriptionOf(invoice),
    status: invoice.status,
    currency: invoice.currency,
    total: invoice.total,
    subtotal: invoice.subtotal,
    amountPaid: invoice.amount_paid,
    amountDue: invoice.amount_due,
    billingReason: invoice.billing_reason,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    statusTransitionsPaidAt: invoice.status_transitions.paid_at,
    // Invoice-level discounts only; item-level ones are on the lines.
    discounts: discountRefs(invoice.discounts),
    deleted: options.deleted ?? false,
  };
}
