import type Database from 'better-sqlite3';

/**
 * Cash per calendar month and currency (METRICS.md, "Cash"): what was charged and refunded, the net, and the payments
 * that failed. Money is minor units, as Stripe records it; a charge counts in the month it was made, a refund in the
 * month it was made (not the charge's), so a month's net is what moved in that month.
 */
export interface CashMonth {
  /** `YYYY-MM`. */
  month: string;
  currency: string;
  charged: number;
  charges: number;
  refunded: number;
  refunds: number;
  net: number;
  failedAmount: number;
  failedPayments: number;
}

/** Months with any charge or refund in [from, to) (unix seconds), oldest first, then by currency. */
export function cashByMonth(db: Database.Database, accountId: string, from: number, to: number): CashMonth[] {
  const rows = db
    .prepare<{ account: string; from: number; to: number }, { month: string; currency: string; kind: 'charge' | 'failed' | 'refund'; amount: number; count: number }>(
      `SELECT strftime('%Y-%m', created, 'unixepoch') AS month, currency,
              CASE status WHEN 'succeeded' THEN 'charge' ELSE 'failed' END AS kind, sum(amount) AS amount, count(*) AS count
       FROM charges WHERE account_id = @account AND created >= @from AND created < @to AND status IN ('succeeded', 'failed')
       GROUP BY month, currency, kind
       UNION ALL
       SELECT strftime('%Y-%m', created, 'unixepoch') AS month, currency, 'refund' AS kind, sum(amount) AS amount, count(*) AS count
       FROM refunds WHERE account_id = @account AND created >= @from AND created < @to AND status = 'succeeded'
       GROUP BY month, currency`,
    )
    .all({ account: accountId, from, to });
  const months = new Map<string, CashMonth>();
  for (const row of rows) {
    const key = `${row.month} ${row.currency}`;
    let month = months.get(key);
    if (!month) {
      month = { month: row.month, currency: row.currency, charged: 0, charges: 0, refunded: 0, refunds: 0, net: 0, failedAmount: 0, failedPayments: 0 };
      months.set(key, month);
    }
    if (row.kind === 'charge') {
      month.charged += row.amount;
      month.charges += row.count;
    } else if (row.kind === 'refund') {
      month.refunded += row.amount;
      month.refunds += row.count;
    } else {
      month.failedAmount += row.amount;
      month.failedPayments += row.count;
    }
    month.net = month.charged - month.refunded;
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency));
}
