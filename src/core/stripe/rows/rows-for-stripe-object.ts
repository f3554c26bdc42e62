import type Stripe from 'stripe';
import {
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
  type ChargeRow,
  type CouponRow,
  type CustomerRow,
  type InvoiceLineRow,
  type InvoiceRow,
  type PriceRow,
  type ProductRow,
  type RefundRow,
  type StripeTable,
  type StripeTableName,
  type SubscriptionItemRow,
  type SubscriptionRow,
} from '../../db/tables';
import { chargeRow } from './charges';
import { couponRow } from './coupons';
import { customerRow } from './customers';
import { invoiceLineRow } from './invoice-lines';
import { invoiceRow } from './invoices';
import type { DeletionOptions } from './object-row';
import { priceRow } from './prices';
import { productRow } from './products';
import { refundRow } from './refunds';
import { subscriptionItemRow } from './subscription-items';
import { subscriptionRow } from './subscriptions';

/** Each Stripe object type Recur mirrors (its `object` field), as it may arrive: in full, or as a deleted stub. */
interface MirroredObjects {
  customer: Stripe.Customer | Stripe.DeletedCustomer;
  product: Stripe.Product | Stripe.DeletedProduct;
  price: Stripe.Price | Stripe.DeletedPrice;
  coupon: Stripe.Coupon | Stripe.DeletedCoupon;
  subscription: Stripe.Subscription;
  subscription_item: Stripe.SubscriptionItem;
  invoice: Stripe.Invoice | Stripe.DeletedInvoice;
  line_item: Stripe.InvoiceLineItem;
  charge: Stripe.Charge;
  refund: Stripe.Refund;
}

export type MirroredObject = MirroredObjects[keyof MirroredObjects];

const mirroredKinds: ReadonlySet<string> = new Set<keyof MirroredObjects>([
  'customer',
  'product',
  'price',
  'coupon',
  'subscription',
  'subscription_item',
  'invoice',
  'line_item',
  'charge',
  'refund',
]);

/**
 * Whether `value` is an object Recur mirrors, by Stripe's own `object` field. The rest of its shape is taken on trust:
 * it is what Stripe sent for that type.
 */
export function isMirroredObject(value: unknown): value is MirroredObject {
  return typeof value === 'object' && value !== null && 'object' in value && typeof value.object === 'string' && mirroredKinds.has(value.object);
}

interface RowsByTable {
  products: ProductRow;
  prices: PriceRow;
  coupons: CouponRow;
  customers: CustomerRow;
  subscriptions: SubscriptionRow;
  subscription_items: SubscriptionItemRow;
  invoices: InvoiceRow;
  invoice_lines: InvoiceLineRow;
  charges: ChargeRow;
  refunds: RefundRow;
}

/** Rows for one table, with that table's descriptor: what `upsertStripeObjects(db, table, rows)` takes. */
export type TableRows<Name extends StripeTableName = StripeTableName> = {
  [N in Name]: { table: StripeTable<RowsByTable[N]>; rows: RowsByTable[N][] };
}[Name];

/**
 * The rows one Stripe object (an event's `data.object`, a retrieved object) maps to, by its `object` field; [] for an
 * object Recur does not mirror, and for a line without an invoice (a preview's). A subscription yields its own row
 * only, an invoice likewise: their embedded `items` / `lines` may be truncated (10 with `has_more`), so the caller
 * fetches the complete list and maps it with `subscriptionItemRow` / `invoiceLineRow`. `options.deleted` marks the
 * snapshot of a `*.deleted` event as a tombstone (see DeletionOptions); types Stripe does not delete ignore it.
 */
export function rowsForStripeObject(
  accountId: string,
  object: { readonly object: string },
  sourceTs: number,
  options: DeletionOptions = {},
): TableRows[] {
  if (!isMirroredObject(object)) return [];
  switch (object.object) {
    case 'customer':
      return [{ table: customersTable, rows: [customerRow(accountId, object, sourceTs, options)] }];
    case 'product':
      return [{ table: productsTable, rows: [productRow(accountId, object, sourceTs, options)] }];
    case 'price':
      return [{ table: pricesTable, rows: [priceRow(accountId, object, sourceTs, options)] }];
    case 'coupon':
      return [{ table: couponsTable, rows: [couponRow(accountId, object, sourceTs, options)] }];
    case 'subscription':
      return [{ table: subscriptionsTable, rows: [subscriptionRow(accountId, object, sourceTs)] }];
    case 'subscription_item':
      return [{ table: subscriptionItemsTable, rows: [subscriptionItemRow(accountId, object, object.subscription, sourceTs)] }];
    case 'invoice':
      return [{ table: invoicesTable, rows: [invoiceRow(accountId, object, sourceTs, options)] }];
    case 'line_item':
      return object.invoice === null ? [] : [{ table: invoiceLinesTable, rows: [invoiceLineRow(accountId, object, object.invoice, sourceTs)] }];
    case 'charge':
      return [{ table: chargesTable, rows: [chargeRow(accountId, object, sourceTs)] }];
    case 'refund':
      return [{ table: refundsTable, rows: [refundRow(accountId, object, sourceTs)] }];
  }
}
