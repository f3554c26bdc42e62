import type Stripe from 'stripe';
import type { ProductRow } from '../../db/tables/products';
import { type DeletionOptions, objectRowBase } from './object-row';

export function productRow(
  accountId: string,
  product: Stripe.Product | Stripe.DeletedProduct,
  sourceTs: number,
  options: DeletionOptions = {},
): ProductRow {
  const base = objectRowBase(accountId, product, sourceTs);
  if (product.deleted === true) return { ...base, name: null, active: null, deleted: true };
  return { ...base, name: product.name, active: product.active, deleted: options.deleted ?? false };
}
