import type { DiscountRef } from './discount-ref';
import type { StripeObjectRow, StripeTable } from './stripe-table';

export interface InvoiceRow extends StripeObjectRow {
  customer: string | null;
  /** Newer API versions move this to `parent.subscription_details.subscription`; the mapper reads either. */
  subscription: string | null;
  /** Open enum (draft, open, paid, uncollectible, void today): no CHECK. */
  status: string | null;
  currency: string | null;
  total: number | null;
  subtotal: number | null;
  amountPaid: number | null;
  amountDue: number | null;
  billingReason: string | null;
  periodStart: number | null;
  periodEnd: number | null;
  statusTransitionsPaidAt: number | null;
  discounts: readonly DiscountRef[];
  /** Only drafts can be deleted (`invoice.deleted`). */
  deleted: boolean;
}

export const invoicesTable: StripeTable<InvoiceRow> = {
  name: 'invoices',
  columns: {
    customer: 'customer',
    subscription: 'subscription',
    status: 'status',
    currency: 'currency',
    total: 'total',
    subtotal: 'subtotal',
    amountPaid: 'amount_paid',
    amountDue: 'amount_due',
    billingReason: 'billing_reason',
    periodStart: 'period_start',
    periodEnd: 'period_end',
    statusTransitionsPaidAt: 'status_transitions_paid_at',
    discounts: 'discounts',
    deleted: 'deleted',
  },
};
