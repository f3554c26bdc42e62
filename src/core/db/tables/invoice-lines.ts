import type { DiscountRef } from './discount-ref';
import type { StripeObjectRow, StripeTable } from './stripe-table';

/**
 * An invoice line. MRR history before Recur was connected is rebuilt from these: a subscription line's service
 * period says which price and quantity were billed when, and `proration` marks a mid-period change.
 */
export interface InvoiceLineRow extends StripeObjectRow {
  invoiceId: string;
  subscription: string | null;
  subscriptionItem: string | null;
  priceId: string | null;
  quantity: number | null;
  amount: number;
  currency: string;
  periodStart: number | null;
  periodEnd: number | null;
  proration: boolean;
  /** Open enum (`subscription`, `invoiceitem` today): no CHECK. */
  type: string | null;
  discounts: readonly DiscountRef[];
}

export const invoiceLinesTable: StripeTable<InvoiceLineRow> = {
  name: 'invoice_lines',
  columns: {
    invoiceId: 'invoice_id',
    subscription: 'subscription',
    subscriptionItem: 'subscription_item',
    priceId: 'price_id',
    quantity: 'quantity',
    amount: 'amount',
    currency: 'currency',
    periodStart: 'period_start',
    periodEnd: 'period_end',
    proration: 'proration',
    type: 'type',
    discounts: 'discounts',
  },
};
