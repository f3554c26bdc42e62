/**
 * A subscription's invoices and invoice lines as MRR history reads them (history-inputs.ts): rows of typed columns,
 * which SQLite packs per subscription into one JSON array per table and one JSON.parse unpacks. Reconstruction
 * (reconstruct.ts) reads these rows as they are, by position.
 */

/** `discounts` is the column's JSON text (subscription-level discounts applied to the invoice), most often `[]`. */
export type InvoiceRow = readonly [id: string, created: number | null, billingReason: string | null, total: number | null, paidAt: number | null, discounts: string];

/** `proration` is 0 or 1 (an INTEGER column with a CHECK). */
export type InvoiceLineRow = readonly [
  invoiceId: string,
  subscriptionItem: string | null,
  priceId: string | null,
  quantity: number | null,
  periodStart: number | null,
  amount: number,
  proration: number,
];

/** Lines whose invoice is not among `invoices` are not read. */
export interface SubscriptionInvoices {
  invoices: readonly InvoiceRow[];
  lines: readonly InvoiceLineRow[];
}
