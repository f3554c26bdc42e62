import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  countStripeObjects,
  deleteStripeObjects,
  upsertStripeObjects,
} from '../../../src/core/db/repositories/stripe-objects';
import { customersTable, type CustomerRow } from '../../../src/core/db/tables/customers';
import { columnsOf, stripeTables, subscriptionsTable, type SubscriptionRow } from '../../../src/core/db/tables';
import { addStripeAccount, useTempDatabases } from './temp-database';

function customer(id: string, sourceTs: number, email: string, accountId = 'acc_1'): CustomerRow {
  return {
    accountId,
    id,
    raw: JSON.stringify({ id, object: 'customer', email }),
    sourceTs,
    livemode: false,
    created: 1_690_000_000,
    email,
    name: null,
    currency: 'usd',
    metadata: null,
    discounts: [],
    deleted: false,
  };
}

function storedCustomer(db: Database.Database, id: string): { email: string; source_ts: number; raw: string } | undefined {
  return db
    .prepare<[string], { email: string; source_ts: number; raw: string }>(
      "SELECT email, source_ts, raw FROM customers WHERE account_id = 'acc_1' AND id = ?",
    )
    .get(id);
}

const subscription: SubscriptionRow = {
  accountId: 'acc_1',
  id: 'sub_1',
  raw: '{"id":"sub_1","object":"subscription"}',
  sourceTs: 1_700_000_000,
  livemode: true,
  created: 1_699_000_000,
  customer: 'cus_1',
  status: 'active',
  currency: 'eur',
  startDate: 1_699_000_000,
  trialStart: null,
  trialEnd: null,
  cancelAtPeriodEnd: true,
  cancelAt: 1_702_000_000,
  canceledAt: 1_700_000_000,
  endedAt: null,
  currentPeriodStart: 1_699_500_000,
  currentPeriodEnd: 1_702_000_000,
  discounts: [{ id: 'di_1', coupon: 'FOREVER20', start: 1_699_000_000, end: null }],
};

describe('Stripe object tables', () => {
  const temp = useTempDatabases();

  it('every table descriptor names exactly the columns of its table', () => {
    const db = temp.open();
    for (const table of stripeTables) {
      const schemaColumns = db.prepare<[string], string>('SELECT name FROM pragma_table_info(?)').pluck().all(table.name);
      expect(columnsOf(table).map((column) => column.name).sort(), table.name).toEqual(schemaColumns.sort());
    }
  });

  it('upserting 100,000 customers writes them all in one transaction', () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');
    const customers = Array.from({ length: 100_000 }, (_, i) => customer(`cus_${i}`, 1_700_000_000, `c${i}@example.com`));

    // A second connection sees only committed rows. A temp trigger calls back into the test as the last row is
    // inserted: if the batch were committed in pieces, the reader would already see the earlier ones.
    const reader = temp.track(new Database(temp.file('recur.db'), { readonly: true }));
    const seenWhenLastRowWasInserted: { committedRows: number; inTransaction: boolean }[] = [];
    db.function('observe_last_insert', () => {
      seenWhenLastRowWasInserted.push({
        committedRows: reader.prepare<[], number>('SELECT count(*) FROM customers').pluck().get() ?? -1,
        inTransaction: db.inTransaction,
      });
      return null;
    });
    db.exec(
      "CREATE TEMP TRIGGER observe_batch AFTER INSERT ON main.customers WHEN new.id = 'cus_99999' BEGIN SELECT observe_last_insert(); END",
    );

    const result = upsertStripeObjects(db, customersTable, customers);

    expect(result).toEqual({ written: 100_000, skippedAsStale: 0 });
    expect(seenWhenLastRowWasInserted).toEqual([{ committedRows: 0, inTransaction: true }]);
    expect(countStripeObjects(db, customersTable, 'acc_1')).toBe(100_000);
    expect(reader.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(100_000);
  });

  it('an older snapshot never overwrites a newer one', () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');
    // Three customers as a list call saw them at 12:00 (source_ts 1000).
    upsertStripeObjects(db, customersTable, [
      customer('cus_a', 1000, 'a-new@example.com'),
      customer('cus_b', 1000, 'b-new@example.com'),
      customer('cus_c', 1000, 'c-new@example.com'),
    ]);

    // Events from 11:58 arrive late: three about those customers, two about customers not stored yet.
    const late = upsertStripeObjects(db, customersTable, [
      customer('cus_a', 900, 'a-old@example.com'),
      customer('cus_b', 999, 'b-old@example.com'),
      customer('cus_c', 900, 'c-old@example.com'),
      customer('cus_d', 900, 'd@example.com'),
      customer('cus_e', 900, 'e@example.com'),
    ]);

    expect(late).toEqual({ written: 2, skippedAsStale: 3 });
    expect(storedCustomer(db, 'cus_a')).toEqual({
      email: 'a-new@example.com',
      source_ts: 1000,
      raw: JSON.stringify({ id: 'cus_a', object: 'customer', email: 'a-new@example.com' }),
    });
    expect(storedCustomer(db, 'cus_b')?.email).toBe('b-new@example.com');
    expect(storedCustomer(db, 'cus_d')?.email).toBe('d@example.com');
    expect(countStripeObjects(db, customersTable, 'acc_1')).toBe(5);

    // A newer event still goes through.
    expect(upsertStripeObjects(db, customersTable, [customer('cus_a', 1001, 'a-newest@example.com')])).toEqual({
      written: 1,
      skippedAsStale: 0,
    });
    expect(storedCustomer(db, 'cus_a')).toMatchObject({ email: 'a-newest@example.com', source_ts: 1001 });
  });

  it('a snapshot with the same timestamp overwrites the stored one by default (the caller settles ties)', () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');
    upsertStripeObjects(db, customersTable, [customer('cus_a', 1000, 'first@example.com')]);

    const tie = upsertStripeObjects(db, customersTable, [customer('cus_a', 1000, 'fetched-fresh@example.com')]);

    expect(tie).toEqual({ written: 1, skippedAsStale: 0 });
    expect(storedCustomer(db, 'cus_a')?.email).toBe('fetched-fresh@example.com');
  });

  it("with onTie: 'keep', a snapshot with the same timestamp is skipped as stale", () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');
    upsertStripeObjects(db, customersTable, [customer('cus_a', 1000, 'first@example.com')]);

    const tie = upsertStripeObjects(
      db,
      customersTable,
      [customer('cus_a', 1000, 'same-second@example.com'), customer('cus_b', 1000, 'b@example.com')],
      { onTie: 'keep' },
    );

    expect(tie).toEqual({ written: 1, skippedAsStale: 1 });
    expect(storedCustomer(db, 'cus_a')?.email).toBe('first@example.com');
  });

  it('stores booleans as 0/1, lists as JSON and missing values as NULL in the typed columns', () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');

    upsertStripeObjects(db, subscriptionsTable, [subscription]);

    expect(db.prepare("SELECT * FROM subscriptions WHERE id = 'sub_1'").get()).toEqual({
      account_id: 'acc_1',
      id: 'sub_1',
      raw: '{"id":"sub_1","object":"subscription"}',
      source_ts: 1_700_000_000,
      livemode: 1,
      created: 1_699_000_000,
      customer: 'cus_1',
      status: 'active',
      currency: 'eur',
      start_date: 1_699_000_000,
      trial_start: null,
      trial_end: null,
      cancel_at_period_end: 1,
      cancel_at: 1_702_000_000,
      canceled_at: 1_700_000_000,
      ended_at: null,
      current_period_start: 1_699_500_000,
      current_period_end: 1_702_000_000,
      discounts: '[{"id":"di_1","coupon":"FOREVER20","start":1699000000,"end":null}]',
    });
  });

  it('a batch with one row the schema refuses writes nothing', () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');
    const fractionalCents = { ...subscription, id: 'sub_2', created: 1.5 };

    expect(() => upsertStripeObjects(db, subscriptionsTable, [subscription, fractionalCents])).toThrow(/INTEGER/);
    expect(countStripeObjects(db, subscriptionsTable, 'acc_1')).toBe(0);
  });

  it('rows for an account that does not exist are refused', () => {
    const db = temp.open();

    expect(() => upsertStripeObjects(db, customersTable, [customer('cus_a', 1000, 'a@example.com', 'acc_nobody')])).toThrow(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }),
    );
  });

  it("deleting removes only the named objects of that account, and counts the ones that existed", () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');
    addStripeAccount(db, 'acc_2');
    const ids = ['cus_a', 'cus_b', 'cus_c', 'cus_d', 'cus_e'];
    upsertStripeObjects(db, customersTable, ids.map((id) => customer(id, 1000, `${id}@example.com`)));
    upsertStripeObjects(db, customersTable, ['cus_a', 'cus_b'].map((id) => customer(id, 1000, `${id}@example.com`, 'acc_2')));

    const deleted = deleteStripeObjects(db, customersTable, 'acc_1', ['cus_a', 'cus_b', 'cus_missing']);

    expect(deleted).toBe(2);
    expect(countStripeObjects(db, customersTable, 'acc_1')).toBe(3);
    expect(storedCustomer(db, 'cus_a')).toBeUndefined();
    expect(storedCustomer(db, 'cus_c')?.email).toBe('cus_c@example.com');
    expect(countStripeObjects(db, customersTable, 'acc_2')).toBe(2);
    expect(deleteStripeObjects(db, customersTable, 'acc_1', [])).toBe(0);
  });

  it('an empty batch writes nothing and counts nothing', () => {
    const db = temp.open();

    expect(upsertStripeObjects(db, customersTable, [])).toEqual({ written: 0, skippedAsStale: 0 });
    expect(countStripeObjects(db, customersTable, 'acc_1')).toBe(0);
  });
});
