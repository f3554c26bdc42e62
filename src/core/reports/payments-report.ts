import { isoTime, majorAmount } from './report-cells';
import { defineReport, type ReportRange } from './report-definition';

interface PaymentRecord {
  type: 'charge' | 'refund';
  id: string;
  customer: string | null;
  charge_id: string | null;
  status: string | null;
  failure_code: string | null;
  currency: string;
  amount: number;
  created: number | null;
}

/**
 * One row per charge and one per refund created in the range, in time order: money in is positive, a refund negative,
 * so the amount column sums to what the account kept (per currency). A charge's row has its own id as `charge_id`, which makes
 * a charge and its refunds easy to group. A refund names no customer itself: its customer is its charge's, empty
 * when that charge is not in the mirror. A refund's `failure_code` is its `failure_reason` (refunds have no code).
 * Failed charges are listed too, with their status and failure code: they are the "failed payments" people look for.
 */
export const paymentsReport = defineReport({
  id: 'payments',
  name: 'Payments and refunds',
  columns: ['type', 'id', 'customer_id', 'charge_id', 'status', 'failure_code', 'currency', 'amount', 'created_at'],
  *rows(db, range) {
    const statement = db.prepare<[ReportRange], PaymentRecord>(
      `SELECT 'charge' AS type, id, customer, id AS charge_id, status, failure_code, currency, amount, created
       FROM charges
       WHERE account_id = @accountId AND created >= @from AND created < @to
       UNION ALL
       SELECT 'refund', refund.id, charge.customer, refund.charge, refund.status,
              json_extract(refund.raw, '$.failure_reason'), refund.currency, -refund.amount, refund.created
       FROM refunds AS refund
       LEFT JOIN charges AS charge ON charge.account_id = refund.account_id AND charge.id = refund.charge
       WHERE refund.account_id = @accountId AND refund.created >= @from AND refund.created < @to
       ORDER BY created, id`,
    );
    for (const payment of statement.iterate(range)) {
      yield {
        type: payment.type,
        id: payment.id,
        customer_id: payment.customer,
        charge_id: payment.charge_id,
        status: payment.status,
        failure_code: payment.failure_code,
        currency: payment.currency,
        amount: majorAmount(payment.amount, payment.currency),
        created_at: isoTime(payment.created),
      };
    }
  },
});
