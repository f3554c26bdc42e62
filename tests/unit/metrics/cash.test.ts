import { describe, expect, it } from 'vitest';
import { upsertStripeObjects } from '../../../src/core/db/repositories/stripe-objects';
import { chargesTable, refundsTable } from '../../../src/core/db/tables';
import { cashByMonth } from '../../../src/core/metrics/cash';
import { addStripeAccount, useTempDatabases } from '../db/temp-database';
import { charge, refund, utc } from '../reports/mirror-fixtures';

describe('cash by month', () => {
  const temp = useTempDatabases();

  it('charges, refunds (in their own month), net and failed payments per month and currency, for one account and range', () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');
    addStripeAccount(db, 'acc_2');
    upsertStripeObjects(db, chargesTable, [
      charge({ id: 'ch_1', amount: 5000, created: utc('2025-03-02T10:00:00Z') }),
      charge({ id: 'ch_2', amount: 2500, created: utc('2025-03-31T23:59:59Z') }),
      charge({ id: 'ch_3', amount: 9900, status: 'failed', paid: false, failureCode: 'card_declined', created: utc('2025-03-15T00:00:00Z') }),
      charge({ id: 'ch_4', amount: 1200, currency: 'jpy', created: utc('2025-04-01T00:00:00Z') }),
      charge({ id: 'ch_5', amount: 700, status: 'pending', paid: false, created: utc('2025-03-20T00:00:00Z') }),
      charge({ id: 'ch_old', amount: 100, created: utc('2025-02-28T23:59:59Z') }),
      charge({ id: 'ch_other', accountId: 'acc_2', amount: 123_456, created: utc('2025-03-05T00:00:00Z') }),
    ]);
    upsertStripeObjects(db, refundsTable, [
      refund({ id: 're_1', charge: 'ch_1', amount: 1000, created: utc('2025-04-03T00:00:00Z') }),
      refund({ id: 're_2', charge: 'ch_2', amount: 2500, status: 'failed', created: utc('2025-03-31T12:00:00Z') }),
    ]);

    expect(cashByMonth(db, 'acc_1', utc('2025-03-01T00:00:00Z'), utc('2025-05-01T00:00:00Z'))).toEqual([
      { month: '2025-03', currency: 'usd', charged: 7500, charges: 2, refunded: 0, refunds: 0, net: 7500, failedAmount: 9900, failedPayments: 1 },
      { month: '2025-04', currency: 'jpy', charged: 1200, charges: 1, refunded: 0, refunds: 0, net: 1200, failedAmount: 0, failedPayments: 0 },
      { month: '2025-04', currency: 'usd', charged: 0, charges: 0, refunded: 1000, refunds: 1, net: -1000, failedAmount: 0, failedPayments: 0 },
    ]);
  });
});
