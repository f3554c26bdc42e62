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
  /**
   * From the charge's balance transaction, when the request expanded it (the sync's lists do; events send only its
   * id): what one unit of `currency` settled as in `settlementCurrency` (major units, Stripe's `exchange_rate`), null
   * when no conversion happened; and the currency the account's balance is kept in.
   */
  exchangeRate: number | null;
  settlementCurrency: string | null;
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
    exchangeRate: 'exchange_rate',
    settlementCurrency: 'settlement_currency',
  },
  // A balance transaction never changes once made, and a charge arriving without it expanded (from an event) knows
  // nothing new about it: the rate a sync saw stays.
  keptWhenAbsent: ['exchange_rate', 'settlement_currency'],
};
