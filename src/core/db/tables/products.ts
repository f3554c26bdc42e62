import type { StripeObjectRow, StripeTable } from './stripe-table';

export interface ProductRow extends StripeObjectRow {
  name: string | null;
  active: boolean | null;
  deleted: boolean;
}

export const productsTable: StripeTable<ProductRow> = {
  name: 'products',
  columns: { name: 'name', active: 'active', deleted: 'deleted' },
};
