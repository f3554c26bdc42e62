import type { DiscountRef } from './discount-ref';
import type { StripeObjectRow, StripeTable } from './stripe-table';

export interface CustomerRow extends StripeObjectRow {
  email: string | null;
  name: string | null;
  currency: string | null;
  metadata: Readonly<Record<string, string>> | null;
  /** The customer-level discount, which Stripe applies to all of the customer's subscriptions. */
  discounts: readonly DiscountRef[];
  /** Deleted customers stay as tombstones: their past subscriptions and invoices still count in history. */
  deleted: boolean;
}

export const customersTable: StripeTable<CustomerRow> = {
  name: 'customers',
  columns: { email: 'email', name: 'name', currency: 'currency', metadata: 'metadata', discounts: 'discounts', deleted: 'deleted' },
};
