import { isoTime, majorAmount } from './report-cells';
import { defineReport, type ReportRange } from './report-definition';

interface InvoiceRecord {
  id: string;
  customer: string | null;
  subscription: string | null;
  status: string | null;
  billing_reason: string | null;
  currency: string | null;
  total: number | null;
  amount_paid: number | null;
  amount_due: number | null;
  period_start: number | null;
  period_end: number | null;
  status_transitions_paid_at: number | null;
  created: number | null;
}

/**
 * Every invoice created in the range, amounts in the currency's major unit. Deleted invoices are left out: only
 * drafts can be deleted (https://docs.stripe.com/api/invoices/delete), and Stripe then no longer has them at all.
 */
export const invoicesReport = defineReport({
  id: 'invoices',
  name: 'Invoices',
  columns: [
    'invoice_id',
    'customer_id',
    'subscription_id',
    'status',
    'billing_reason',
    'currency',
    'total',
    'amount_paid',
    'amount_due',
    'period_start',
    'period_end',
    'paid_at',
    'created_at',
  ],
  *rows(db, range) {
    const statement = db.prepare<[ReportRange], InvoiceRecord>(
      `SELECT id, customer, subscription, status, billing_reason, currency, total, amount_paid, amount_due,
              period_start, period_end, status_transitions_paid_at, created
       FROM invoices
       WHERE account_id = @accountId AND created >= @from AND created < @to AND deleted = 0
       ORDER BY created, id`,
    );
    for (const invoice of statement.iterate(range)) {
      yield {
        invoice_id: invoice.id,
        customer_id: invoice.customer,
        subscription_id: invoice.subscription,
        status: invoice.status,
        billing_reason: invoice.billing_reason,
        currency: invoice.currency,
        total: majorAmount(invoice.total, invoice.currency),
        amount_paid: majorAmount(invoice.amount_paid, invoice.currency),
        amount_due: majorAmount(invoice.amount_due, invoice.currency),
        period_start: isoTime(invoice.period_start),
        period_end: isoTime(invoice.period_end),
        paid_at: isoTime(invoice.status_transitions_paid_at),
        created_at: isoTime(invoice.created),
      };
    }
  },
});
