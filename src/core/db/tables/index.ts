import { chargesTable } from './charges';
import type { StripeObjectRow, StripeTable } from './stripe-table';
import { couponsTable } from './coupons';
import { customersTable } from './customers';
import { invoiceLinesTable } from './invoice-lines';
import { invoicesTable } from './invoices';
import { pricesTable } from './prices';
import { productsTable } from './products';
import { refundsTable } from './refunds';
import { subscriptionItemsTable } from './subscription-items';
import { subscriptionsTable } from './subscriptions';

export type { ChargeRow } from './charges';
export type { CouponRow } from './coupons';
export type { CustomerRow } from './customers';
export type { DiscountRef } from './discount-ref';
export type { InvoiceLineRow } from './invoice-lines';
export type { InvoiceRow } from './invoices';
export type { PriceRow, PriceTier } from './prices';
export type { ProductRow } from './products';
export type { RefundRow } from './refunds';
export type { SubscriptionItemRow } from './subscription-items';
export type { SubscriptionRow, SubscriptionStatus } from './subscriptions';
export type { StripeColumn, StripeObjectRow, StripeTable, StripeTableName } from './stripe-table';
export { columnsOf } from './stripe-table';
export {
  chargesTable,
  couponsTable,
  customersTable,
  invoiceLinesTable,
  invoicesTable,
  pricesTable,
  productsTable,
  refundsTable,
  subscriptionItemsTable,
  subscriptionsTable,
};

/**
 * Every Stripe object table, referenced objects before the objects that point at them. Typed by the shared row so
 * code that handles all tables alike (counts, clearing an account) can loop over it; `columnsOf` still returns each
 * table's own columns.
 */
export const stripeTables: readonly StripeTable<StripeObjectRow>[] = [
  productsTable,
  pricesTable,
  couponsTable,
  customersTable,
  subscriptionsTable,
  subscriptionItemsTable,
  invoicesTable,
  invoiceLinesTable,
  chargesTable,
  refundsTable,
];
