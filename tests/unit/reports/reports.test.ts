import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/core/db/migrate';
import { insertAccount } from '../../../src/core/db/repositories/accounts';
import { countStripeObjects, upsertStripeObjects } from '../../../src/core/db/repositories/stripe-objects';
import { chargesTable, customersTable, invoicesTable, refundsTable, subscriptionsTable } from '../../../src/core/db/tables';
import { isReportId, reportCatalogue, reportColumns, writeReport, type ReportId } from '../../../src/core/reports/reports';
import { addStripeAccount, stripeAccount, useTempDatabases } from '../db/temp-database';
import { charge, customer, invoice, march2025, readCsv, refund, subscription, utc } from './mirror-fixtures';

describe('reports', () => {
  const temp = useTempDatabases();

  /** A database with accounts acc_1 (the one exported) and acc_2 (whose rows must never show up). */
  function openMirror(): Database.Database {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');
    addStripeAccount(db, 'acc_2');
    return db;
  }

  async function exportMarch(db: Database.Database, reportId: ReportId, range = march2025): Promise<ReturnType<typeof readCsv> & { rows: number }> {
    const outPath = temp.file(`${reportId}.csv`);
    const result = await writeReport(db, { accountId: 'acc_1', reportId, ...range, outPath });
    expect(result.path).toBe(outPath);
    return { ...readCsv(outPath), rows: result.rows };
  }

  it('offers every report METRICS.md lists, by id and name', () => {
    expect(reportCatalogue).toEqual([
      { id: 'summary', name: 'Monthly metrics summary' },
      { id: 'movements', name: 'MRR movements' },
      { id: 'customers', name: 'Customers' },
      { id: 'subscriptions', name: 'Subscriptions' },
      { id: 'invoices', name: 'Invoices' },
      { id: 'payments', name: 'Payments and refunds' },
      { id: 'churned', name: 'Churned customers' },
    ]);
    expect(isReportId('payments')).toBe(true);
    expect(isReportId('cohorts')).toBe(false);
  });

  describe('customers', () => {
    it('lists the customers created in [from, to) for the account, in creation order', async () => {
      const db = openMirror();
      upsertStripeObjects(db, customersTable, [
        customer({ id: 'cus_before', created: utc('2025-02-28T23:59:59Z') }),
        customer({
          id: 'cus_first',
          created: utc('2025-03-01T00:00:00Z'),
          email: 'ada@example.com',
          name: 'Ada, "The Countess"\nof Lovelace',
          currency: 'usd',
          metadata: { plan: 'pro', seats: '3' },
        }),
        customer({ id: 'cus_last', created: utc('2025-03-31T23:59:59Z'), email: null, name: null, currency: null, metadata: null, deleted: true }),
        customer({ id: 'cus_at_end', created: utc('2025-04-01T00:00:00Z') }),
        customer({ id: 'cus_deleted_stub', created: null, deleted: true }),
        customer({ id: 'cus_other_account', accountId: 'acc_2', created: utc('2025-03-15T00:00:00Z') }),
      ]);

      const csv = await exportMarch(db, 'customers');

      expect(csv.header).toEqual(['customer_id', 'email', 'name', 'currency', 'created_at', 'deleted', 'metadata']);
      expect(csv.header).toEqual(reportColumns('customers'));
      expect(csv.rows).toBe(2);
      expect(csv.records).toEqual([
        {
          customer_id: 'cus_first',
          email: 'ada@example.com',
          name: 'Ada, "The Countess"\nof Lovelace',
          currency: 'usd',
          created_at: '2025-03-01T00:00:00Z',
          deleted: 'false',
          metadata: '{"plan":"pro","seats":"3"}',
        },
        { customer_id: 'cus_last', email: '', name: '', currency: '', created_at: '2025-03-31T23:59:59Z', deleted: 'true', metadata: '' },
      ]);
    });

    it('moves with the range: a customer created exactly at `to` is in the next range, not this one', async () => {
      const db = openMirror();
      upsertStripeObjects(db, customersTable, [
        customer({ id: 'cus_march', created: utc('2025-03-31T23:59:59Z') }),
        customer({ id: 'cus_april', created: utc('2025-04-01T00:00:00Z') }),
      ]);

      const april = await exportMarch(db, 'customers', { from: utc('2025-04-01T00:00:00Z'), to: utc('2025-05-01T00:00:00Z') });
      const empty = await exportMarch(db, 'customers', { from: utc('2025-04-01T00:00:00Z'), to: utc('2025-04-01T00:00:00Z') });

      expect(april.records.map((record) => record.customer_id)).toEqual(['cus_april']);
      expect(empty.rows).toBe(0);
      expect(empty.text).toBe('customer_id,email,name,currency,created_at,deleted,metadata\r\n');
    });

    it('turns formula payloads in names and emails into text, and keeps metadata as inert JSON', async () => {
      const payloads = ['=HYPERLINK("http://evil.example","Click")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'];
      const db = openMirror();
      upsertStripeObjects(
        db,
        customersTable,
        payloads.map((payload, i) =>
          customer({ id: `cus_${i}`, created: march2025.from + i, name: payload, email: payload, metadata: { note: payload } }),
        ),
      );

      const csv = await exportMarch(db, 'customers');

      expect(csv.records.map((record) => record.name)).toEqual(payloads.map((payload) => `'${payload}`));
      expect(csv.records.map((record) => record.email)).toEqual(payloads.map((payload) => `'${payload}`));
      for (const [i, record] of csv.records.entries()) {
        expect(record.metadata?.startsWith('{')).toBe(true);
        expect(JSON.parse(record.metadata ?? '')).toEqual({ note: payloads[i] });
      }
    });

    it('streams a 50,000-customer report to disk', async () => {
      const db = openMirror();
      insertNumberedCustomers(db, 50_000);

      const csv = await exportMarch(db, 'customers');

      expect(csv.rows).toBe(50_000);
      expect(csv.records).toHaveLength(50_000);
      expect(csv.records[0]).toMatchObject({ customer_id: 'cus_00000', email: 'c0@example.com', created_at: '2025-03-01T00:00:00Z' });
      expect(csv.records[49_999]).toMatchObject({ customer_id: 'cus_49999', name: 'Customer 49999', created_at: '2025-03-01T13:53:19Z' });
    });

    it('leaves the app connection free to write while a report is being exported, and exports one snapshot', async () => {
      const db = openMirror();
      insertNumberedCustomers(db, 20_000);
      const outPath = temp.file('customers.csv');
      let isSettled = false;
      const exporting = writeReport(db, { accountId: 'acc_1', reportId: 'customers', ...march2025, outPath }).finally(() => {
        isSettled = true;
      });
      while (!fs.readdirSync(temp.dir()).some((name) => name.endsWith('.partial') && fs.statSync(temp.file(name)).size > 0)) {
        await new Promise((resolve) => setImmediate(resolve));
      }

      // A sync writing mid-export: better-sqlite3 would refuse this on a connection that is iterating a statement.
      expect(isSettled).toBe(false);
      upsertStripeObjects(db, customersTable, [customer({ id: 'cus_synced_meanwhile', created: march2025.from + 100_000 })]);

      expect((await exporting).rows).toBe(20_000);
      expect(countStripeObjects(db, customersTable, 'acc_1')).toBe(20_001);
    });

    it('reads an in-memory database through its own connection', async () => {
      const db = temp.track(new Database(':memory:'));
      migrate(db);
      insertAccount(db, stripeAccount('acc_1'));
      upsertStripeObjects(db, customersTable, [customer({ id: 'cus_1' })]);

      const csv = await exportMarch(db, 'customers');

      expect(csv.records.map((record) => record.customer_id)).toEqual(['cus_1']);
    });
  });

  it('subscriptions: one row per subscription created in the range, times as ISO 8601 and empty when not set', async () => {
    const db = openMirror();
    upsertStripeObjects(db, subscriptionsTable, [
      subscription({
        id: 'sub_canceled',
        created: utc('2025-03-01T00:00:00Z'),
        customer: 'cus_a',
        status: 'canceled',
        currency: 'eur',
        startDate: utc('2025-03-01T00:00:00Z'),
        trialEnd: utc('2025-03-15T00:00:00Z'),
        cancelAtPeriodEnd: true,
        canceledAt: utc('2025-03-20T10:30:00Z'),
        endedAt: utc('2025-04-15T00:00:00Z'),
        currentPeriodEnd: utc('2025-04-15T00:00:00Z'),
      }),
      subscription({ id: 'sub_active', created: utc('2025-03-31T23:59:59Z'), customer: 'cus_b', status: 'active', currency: 'jpy' }),
      subscription({ id: 'sub_april', created: utc('2025-04-01T00:00:00Z') }),
      subscription({ id: 'sub_february', created: utc('2025-02-28T23:59:59Z') }),
      subscription({ id: 'sub_other_account', accountId: 'acc_2' }),
    ]);

    const csv = await exportMarch(db, 'subscriptions');

    expect(csv.header).toEqual([
      'subscription_id',
      'customer_id',
      'status',
      'currency',
      'start_date',
      'trial_end',
      'cancel_at_period_end',
      'canceled_at',
      'ended_at',
      'current_period_end',
      'created_at',
    ]);
    expect(csv.records).toEqual([
      {
        subscription_id: 'sub_canceled',
        customer_id: 'cus_a',
        status: 'canceled',
        currency: 'eur',
        start_date: '2025-03-01T00:00:00Z',
        trial_end: '2025-03-15T00:00:00Z',
        cancel_at_period_end: 'true',
        canceled_at: '2025-03-20T10:30:00Z',
        ended_at: '2025-04-15T00:00:00Z',
        current_period_end: '2025-04-15T00:00:00Z',
        created_at: '2025-03-01T00:00:00Z',
      },
      {
        subscription_id: 'sub_active',
        customer_id: 'cus_b',
        status: 'active',
        currency: 'jpy',
        start_date: '',
        trial_end: '',
        cancel_at_period_end: 'false',
        canceled_at: '',
        ended_at: '',
        current_period_end: '',
        created_at: '2025-03-31T23:59:59Z',
      },
    ]);
  });

  it('invoices: amounts in the major unit of each currency, deleted drafts left out', async () => {
    const db = openMirror();
    upsertStripeObjects(db, invoicesTable, [
      invoice({
        id: 'in_usd',
        created: utc('2025-03-01T00:00:00Z'),
        customer: 'cus_a',
        subscription: 'sub_a',
        status: 'paid',
        billingReason: 'subscription_create',
        currency: 'usd',
        total: 1234,
        amountPaid: 1234,
        amountDue: 1234,
        periodStart: utc('2025-03-01T00:00:00Z'),
        periodEnd: utc('2025-04-01T00:00:00Z'),
        statusTransitionsPaidAt: utc('2025-03-01T00:05:00Z'),
      }),
      invoice({ id: 'in_jpy', created: utc('2025-03-02T00:00:00Z'), customer: 'cus_b', status: 'open', currency: 'jpy', total: 1200, amountPaid: 0, amountDue: 1200 }),
      invoice({ id: 'in_kwd', created: utc('2025-03-03T00:00:00Z'), customer: 'cus_c', currency: 'kwd', total: 1234, amountPaid: 1234, amountDue: 1234, billingReason: 'manual' }),
      invoice({ id: 'in_credit', created: utc('2025-03-04T00:00:00Z'), currency: 'usd', total: -1250, amountPaid: 0, amountDue: 0 }),
      invoice({ id: 'in_deleted_draft', created: utc('2025-03-05T00:00:00Z'), status: 'draft', deleted: true }),
      invoice({ id: 'in_april', created: utc('2025-04-01T00:00:00Z') }),
    ]);

    const csv = await exportMarch(db, 'invoices');

    expect(csv.header).toEqual([
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
    ]);
    expect(csv.records[0]).toEqual({
      invoice_id: 'in_usd',
      customer_id: 'cus_a',
      subscription_id: 'sub_a',
      status: 'paid',
      billing_reason: 'subscription_create',
      currency: 'usd',
      total: '12.34',
      amount_paid: '12.34',
      amount_due: '12.34',
      period_start: '2025-03-01T00:00:00Z',
      period_end: '2025-04-01T00:00:00Z',
      paid_at: '2025-03-01T00:05:00Z',
      created_at: '2025-03-01T00:00:00Z',
    });
    expect(csv.records.map((record) => [record.invoice_id, record.currency, record.total, record.amount_paid, record.amount_due, record.subscription_id, record.paid_at])).toEqual([
      ['in_usd', 'usd', '12.34', '12.34', '12.34', 'sub_a', '2025-03-01T00:05:00Z'],
      ['in_jpy', 'jpy', '1200', '0', '1200', '', ''],
      ['in_kwd', 'kwd', '1.234', '1.234', '1.234', '', ''],
      ['in_credit', 'usd', '-12.5', '0', '0', '', ''],
    ]);
  });

  it('payments: charges and refunds in time order, refunds negative and attributed to the charge’s customer', async () => {
    const db = openMirror();
    upsertStripeObjects(db, chargesTable, [
      charge({ id: 'ch_usd', created: utc('2025-03-01T00:00:00Z'), customer: 'cus_a', currency: 'usd', amount: 1234 }),
      charge({ id: 'ch_jpy', created: utc('2025-03-02T00:00:00Z'), customer: 'cus_b', currency: 'jpy', amount: 1200 }),
      charge({
        id: 'ch_declined',
        created: utc('2025-03-03T00:00:00Z'),
        customer: 'cus_c',
        amount: 500,
        status: 'failed',
        paid: false,
        failureCode: 'card_declined',
      }),
      charge({ id: 'ch_april', created: utc('2025-04-01T00:00:00Z') }),
      charge({ id: 'ch_february', created: utc('2025-02-28T23:59:59Z'), customer: 'cus_d', amount: 9900 }),
      charge({ id: 'ch_other_account', accountId: 'acc_2' }),
    ]);
    upsertStripeObjects(db, refundsTable, [
      refund({ id: 're_partial', created: utc('2025-03-10T00:00:00Z'), charge: 'ch_usd', currency: 'usd', amount: 1250 }),
      // A refund in March of a February charge: it belongs to March (its own `created`), and still names the customer.
      refund({ id: 're_of_february', created: utc('2025-03-31T23:59:59Z'), charge: 'ch_february', currency: 'usd', amount: 9900 }),
      refund(
        { id: 're_failed', created: utc('2025-03-11T00:00:00Z'), charge: 'ch_unmirrored', currency: 'jpy', amount: 300, status: 'failed' },
        { failure_reason: 'expired_or_canceled_card' },
      ),
      refund({ id: 're_april', created: utc('2025-04-01T00:00:00Z'), charge: 'ch_usd', amount: 100 }),
    ]);

    const csv = await exportMarch(db, 'payments');

    expect(csv.header).toEqual(['type', 'id', 'customer_id', 'charge_id', 'status', 'failure_code', 'currency', 'amount', 'created_at']);
    expect(csv.records).toEqual([
      { type: 'charge', id: 'ch_usd', customer_id: 'cus_a', charge_id: 'ch_usd', status: 'succeeded', failure_code: '', currency: 'usd', amount: '12.34', created_at: '2025-03-01T00:00:00Z' },
      { type: 'charge', id: 'ch_jpy', customer_id: 'cus_b', charge_id: 'ch_jpy', status: 'succeeded', failure_code: '', currency: 'jpy', amount: '1200', created_at: '2025-03-02T00:00:00Z' },
      { type: 'charge', id: 'ch_declined', customer_id: 'cus_c', charge_id: 'ch_declined', status: 'failed', failure_code: 'card_declined', currency: 'usd', amount: '5', created_at: '2025-03-03T00:00:00Z' },
      { type: 'refund', id: 're_partial', customer_id: 'cus_a', charge_id: 'ch_usd', status: 'succeeded', failure_code: '', currency: 'usd', amount: '-12.5', created_at: '2025-03-10T00:00:00Z' },
      { type: 'refund', id: 're_failed', customer_id: '', charge_id: 'ch_unmirrored', status: 'failed', failure_code: 'expired_or_canceled_card', currency: 'jpy', amount: '-300', created_at: '2025-03-11T00:00:00Z' },
      { type: 'refund', id: 're_of_february', customer_id: 'cus_d', charge_id: 'ch_february', status: 'succeeded', failure_code: '', currency: 'usd', amount: '-99', created_at: '2025-03-31T23:59:59Z' },
    ]);
    // Negative amounts are numbers, not text neutralised with a quote.
    expect(csv.text).toContain(',usd,-12.5,');
    expect(csv.text).not.toContain("'-");
  });

  it('removes a report it could not finish and leaves the database usable', async () => {
    const db = openMirror();
    upsertStripeObjects(db, customersTable, Array.from({ length: 1000 }, (_, i) => customer({ id: `cus_${i}` })));

    await expect(
      writeReport(db, { accountId: 'acc_1', reportId: 'customers', ...march2025, outPath: temp.file('missing/customers.csv') }),
    ).rejects.toMatchObject({ code: 'ENOENT' });

    expect(fs.readdirSync(temp.dir()).filter((name) => !name.startsWith('recur.db'))).toEqual([]);
    upsertStripeObjects(db, customersTable, [customer({ id: 'cus_after' })]);
    expect(countStripeObjects(db, customersTable, 'acc_1')).toBe(1001);
  });

  it('refuses a range that is not whole seconds with from <= to', async () => {
    const db = openMirror();
    const request = { accountId: 'acc_1', reportId: 'customers', outPath: temp.file('x.csv') } as const;

    await expect(writeReport(db, { ...request, from: 10, to: 5 })).rejects.toThrow(RangeError);
    await expect(writeReport(db, { ...request, from: 0.5, to: 5 })).rejects.toThrow(RangeError);
    expect(fs.existsSync(request.outPath)).toBe(false);
  });
});

/**
 * `count` customers of acc_1, cus_00000 onwards, created one a second from 1 March 2025. Written by SQLite itself:
 * building that many row objects in JavaScript costs more than the export under test.
 */
function insertNumberedCustomers(db: Database.Database, count: number): void {
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @count)
     INSERT INTO customers (account_id, id, raw, source_ts, livemode, created, email, name, currency, metadata)
     SELECT 'acc_1', printf('cus_%05d', i), '{}', @from, 1, @from + i, 'c' || i || '@example.com', 'Customer ' || i, 'usd', '{}'
     FROM n`,
  ).run({ count, from: march2025.from });
}
