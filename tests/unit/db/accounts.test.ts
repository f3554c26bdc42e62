import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  deleteAccount,
  findAccount,
  findDemoAccount,
  insertAccount,
  listAccounts,
  renameAccount,
  type AccountRow,
} from '../../../src/core/db/repositories/accounts';
import { countStripeObjects, upsertStripeObjects } from '../../../src/core/db/repositories/stripe-objects';
import { customersTable, type CustomerRow } from '../../../src/core/db/tables/customers';
import { stripeAccount, useTempDatabases } from './temp-database';

const demoAccount: AccountRow = {
  id: 'acc_demo',
  displayName: 'Demo company',
  source: 'demo',
  stripeAccountId: null,
  keyMode: null,
  keyKind: null,
  keyLast4: null,
  createdAt: '2025-03-01T09:00:00.000Z',
};

function customer(accountId: string, id: string): CustomerRow {
  return {
    accountId,
    id,
    raw: JSON.stringify({ id, object: 'customer' }),
    sourceTs: 1_700_000_000,
    livemode: true,
    created: 1_690_000_000,
    email: `${id}@example.com`,
    name: null,
    currency: 'usd',
    metadata: {},
    discounts: [],
    deleted: false,
  };
}

/** Rows the cascade test seeds per account, by table. */
const seeded = {
  backfill_slices: 1,
  customers: 2,
  events_cursor: 1,
  metrics_answers: 1,
  stripe_webhook_events: 1,
  subscription_snapshots: 1,
  sync_leases: 1,
  sync_logs: 1,
};

/** Row counts of every table that has an account_id column (found from the schema, so new tables are included). */
function rowsPerAccount(db: Database.Database): Record<string, Record<string, number>> {
  const ownedTables = db
    .prepare<[], string>(
      "SELECT m.name FROM sqlite_schema m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'account_id')",
    )
    .pluck()
    .all();
  expect(ownedTables).toHaveLength(17);
  const counts: Record<string, Record<string, number>> = {};
  for (const table of ownedTables) {
    const rows = db
      .prepare<[], { account_id: string; n: number }>(`SELECT account_id, count(*) AS n FROM "${table}" GROUP BY account_id`)
      .all();
    for (const { account_id: accountId, n } of rows) (counts[accountId] ??= {})[table] = n;
  }
  return counts;
}

describe('accounts', () => {
  const temp = useTempDatabases();

  it('an inserted account is found again field for field', () => {
    const db = temp.open();
    const account = stripeAccount('acc_1');

    insertAccount(db, account);

    expect(findAccount(db, 'acc_1')).toEqual(account);
    expect(findAccount(db, 'acc_missing')).toBeUndefined();
  });

  it('lists accounts oldest first, and in connection order for accounts created at the same instant', () => {
    const db = temp.open();
    insertAccount(db, stripeAccount('acc_c', '2025-02-01T00:00:00.000Z'));
    insertAccount(db, stripeAccount('acc_b', '2025-01-01T00:00:00.000Z'));
    insertAccount(db, stripeAccount('acc_a', '2025-02-01T00:00:00.000Z'));
    insertAccount(db, demoAccount);

    expect(listAccounts(db).map((account) => account.id)).toEqual(['acc_b', 'acc_c', 'acc_a', 'acc_demo']);
  });

  it('renames an account, and reports false for one that does not exist', () => {
    const db = temp.open();
    insertAccount(db, stripeAccount('acc_1'));

    expect(renameAccount(db, 'acc_1', 'Acme Inc.')).toBe(true);
    expect(findAccount(db, 'acc_1')?.displayName).toBe('Acme Inc.');
    expect(renameAccount(db, 'acc_missing', 'Nobody')).toBe(false);
  });

  it('keeps only one demo account', () => {
    const db = temp.open();
    insertAccount(db, demoAccount);

    expect(() => insertAccount(db, { ...demoAccount, id: 'acc_demo_2' })).toThrow(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }),
    );
    expect(findDemoAccount(db)).toEqual(demoAccount);
    expect(listAccounts(db)).toHaveLength(1);
  });

  it('has no demo account until one is added', () => {
    const db = temp.open();
    insertAccount(db, stripeAccount('acc_1'));

    expect(findDemoAccount(db)).toBeUndefined();
  });

  it('refuses a source or key mode outside the allowed values', () => {
    const db = temp.open();
    const raw = db.prepare(
      "INSERT INTO accounts (id, display_name, source, key_mode, created_at) VALUES (?, 'x', ?, ?, '2025-01-01')",
    );

    expect(() => raw.run('acc_1', 'paypal', null)).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK' }));
    expect(() => raw.run('acc_2', 'stripe', 'staging')).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK' }));
  });

  it('deleting an account removes its rows in every table and leaves other accounts alone', () => {
    const db = temp.open();
    insertAccount(db, stripeAccount('acc_gone'));
    insertAccount(db, stripeAccount('acc_kept'));
    for (const accountId of ['acc_gone', 'acc_kept']) {
      upsertStripeObjects(db, customersTable, [customer(accountId, 'cus_1'), customer(accountId, 'cus_2')]);
      const syncLogId = db
        .prepare(
          `INSERT INTO sync_logs (account_id, started_at, "trigger", kind, status)
           VALUES (?, '2025-01-01T00:00:00Z', 'manual', 'full', 'running')`,
        )
        .run(accountId).lastInsertRowid;
      db.prepare(
        "INSERT INTO backfill_slices (account_id, resource, range_start, range_end, status, run_id) VALUES (?, 'customers', 0, 100, 'pending', ?)",
      ).run(accountId, syncLogId);
      db.prepare("INSERT INTO events_cursor (account_id, updated_at) VALUES (?, '2025-01-01T00:00:00Z')").run(accountId);
      db.prepare(
        "INSERT INTO subscription_snapshots (account_id, subscription_id, valid_from, source, raw) VALUES (?, 'sub_1', 1, 'sync', '{}')",
      ).run(accountId);
      db.prepare("INSERT INTO sync_leases (account_id, token, holder, pid, host, acquired_at, expires_at) VALUES (?, 't', 'the Recur app', 1, 'h', '2025-01-01T00:00:00Z', 0)").run(accountId);
      db.prepare(
        `INSERT INTO stripe_webhook_events (account_id, event_id, type, source, status, received_at)
         VALUES (?, 'evt_1', 'customer.created', 'poll', 'processed', '2025-01-01T00:00:00Z')`,
      ).run(accountId);
      // Last: writing the rows above drops the account's metrics answers (006-metrics-answers.ts).
      db.prepare("INSERT INTO metrics_answers (account_id, key, day, answer, computed_at) VALUES (?, 'overview', 1, '{}', '2025-01-01T00:00:00Z')").run(accountId);
    }

    expect(rowsPerAccount(db)).toEqual({ acc_gone: seeded, acc_kept: seeded });

    expect(deleteAccount(db, 'acc_gone')).toBe(true);

    expect(findAccount(db, 'acc_gone')).toBeUndefined();
    expect(countStripeObjects(db, customersTable, 'acc_gone')).toBe(0);
    expect(rowsPerAccount(db)).toEqual({ acc_kept: seeded });
    expect(deleteAccount(db, 'acc_gone')).toBe(false);
  });
});
