/**
 * Pure mappers from Stripe objects (as the API version stripe-node pins sends them, with the older shapes the row
 * types name) to the rows of src/core/db/tables: one file per table, plus `rowsForStripeObject` for the event applier.
 */
export { chargeRow } from './charges';
export { couponRow } from './coupons';
export { customerRow } from './customers';
export { decimalText } from './decimal-text';
export { discountRef, discountRefs, type DiscountLike } from './discount-refs';
export { invoiceLineRow } from './invoice-lines';
export { invoiceRow } from './invoices';
export type { DeletionOptions } from './object-row';
export { priceRow, priceTier } from './prices';
export { productRow } from './products';
export type { Received } from './received';
export { idOf, type Reference } from './references';
export { refundRow } from './refunds';
export { isMirroredObject, rowsForStripeObject, type MirroredObject, type TableRows } from './rows-for-stripe-object';
export { subscriptionItemRow } from './subscription-items';
export { subscriptionRow } from './subscriptions';
