import type { StripeObjectRow, StripeTable } from './stripe-table';

export interface ChargeRow extends StripeObjectRow {
  customer: string | null;
  /** Absent from charges in newer API versions; the mapper may fill it from the invoice's payments. */
  invoice: string | null;
  paymentIntent: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  /** Open enum (succeeded, pending, failed today): no CHECK. */
  status: string;
  paid: boolean;
  refunded: boolean;
  failureCode: string | null;
}

export const chargesTable: StripeTable<ChargeRow> = {
  name: 'charges',
  columns: {
    customer: 'customer',
    invoice: 'invoice',
    paymentIntent: 'payment_intent',
    amount: 'amount',
    amountRefunded: 'amount_refunded',
    currency: 'currency',
    status: 'status',
    paid: 'paid',
    refunded: 'refunded',
    failureCode: 'failure_code',
  },
};
