import type { Migration } from '../migrate';

/*
 * MRR history reads every subscription invoice and line of an account, by subscription, but only a few typed columns.
 * Those columns come after `raw` in each row, and a row whose JSON spills onto overflow pages must be walked through
 * them to reach its later columns: reading 150,000 invoices and lines that way took a second. These covering indexes
 * hold exactly what the history reads, in the order it reads it, so the table rows are never touched.
 */
const sql = `
CREATE INDEX invoices_for_mrr_history ON invoices
  (account_id, subscription, id, created, billing_reason, total, status_transitions_paid_at, discounts, deleted);
CREATE INDEX invoice_lines_for_mrr_history ON invoice_lines
  (account_id, subscription, invoice_id, subscription_item, price_id, quantity, period_start, amount, proration);
`;

export const metricsIndexes = {
  version: 3,
  name: 'metrics indexes',
  up(db) {
    db.exec(sql);
  },
} satisfies Migration;
