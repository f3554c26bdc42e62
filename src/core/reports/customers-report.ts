import { flag, isoTime } from './report-cells';
import { defineReport, type ReportRange } from './report-definition';

interface CustomerRecord {
  id: string;
  email: string | null;
  name: string | null;
  currency: string | null;
  created: number | null;
  deleted: number;
  metadata: string | null;
}

/**
 * Every customer created in the range, deleted ones included (flagged): their past invoices still count in history.
 * `metadata` is the customer's metadata as JSON text; the JSON starts with `{`, so keys and values from outside stay
 * inert text in a spreadsheet.
 */
export const customersReport = defineReport({
  id: 'customers',
  name: 'Customers',
  columns: ['customer_id', 'email', 'name', 'currency', 'created_at', 'deleted', 'metadata'],
  *rows(db, range) {
    const statement = db.prepare<[ReportRange], CustomerRecord>(
      `SELECT id, email, name, currency, created, deleted, metadata FROM customers
       WHERE account_id = @accountId AND created >= @from AND created < @to
       ORDER BY created, id`,
    );
    for (const customer of statement.iterate(range)) {
      yield {
        customer_id: customer.id,
        email: customer.email,
        name: customer.name,
        currency: customer.currency,
        created_at: isoTime(customer.created),
        deleted: flag(customer.deleted),
        metadata: customer.metadata,
      };
    }
  },
});
