import type Stripe from 'stripe';
import type { CustomerRow } from '../../db/tables/customers';
import { discountRef } from './discount-refs';
import { type DeletionOptions, objectRowBase } from './object-row';

/**
 * A customer, or the tombstone of a deleted one. Retrieving a deleted customer returns only
 * `{ id, object: 'customer', deleted: true }`, so that tombstone has null columns and no discounts; deleted customers
 * stay in the table because their past subscriptions and invoices still count in history.
 */
export function customerRow(
  accountId: string,
  customer: Stripe.Customer | Stripe.DeletedCustomer,
  sourceTs: number,
  options: DeletionOptions = {},
): CustomerRow {
  const base = objectRowBase(accountId, customer, sourceTs);
  if (customer.deleted === true) return { ...base, email: null, name: null, currency: null, metadata: null, discounts: [], deleted: true };
  return {
    ...base,
    email: customer.email,
    name: customer.name ?? null,
    currency: customer.currency ?? null,
    metadata: customer.metadata,
    // A customer has one discount at most, always expanded (`customer.discount`), which applies to all of its subscriptions.
    discounts: customer.discount ? [discountRef(customer.discount)] : [],
    deleted: options.deleted ?? false,
  };
}
