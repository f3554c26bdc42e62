import type { StripeObjectRow, StripeTable } from './stripe-table';

export interface RefundRow extends StripeObjectRow {
  charge: string | null;
  paymentIntent: string | null;
  amount: number;
  currency: string;
  /** Open enum (pending, requires_action, succeeded, failed, canceled today): no CHECK. */
  status: string | null;
  reason: string | null;
}

export const refundsTable: StripeTable<RefundRow> = {
  name: 'refunds',
  columns: {
    charge: 'charge',
    paymentIntent: 'payment_intent',
    amount: 'amount',
    currency: 'currency',
    status: 'status',
    reason: 'reason',
  },
};
