import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { DatabaseFromNewerVersionError, DatabaseUnreadableError } from '../../../src/core/db/errors';
import { latestSchemaVersion, migrate, readUserVersion, type Migration } from '../../../src/core/db/migrate';
import { allMigrations, assertContiguousVersions } from '../../../src/core/db/migrations';
import { upsertStripeObjects } from '../../../src/core/db/repositories/stripe-objects';
import { customersTable } from '../../../src/core/db/tables/customers';
import { addStripeAccount, sha256OfFile, useTempDatabases } from './temp-database';

const expectedTables = [
  'accounts',
  'backfill_slices',
  'charges',
  'coupons',
  'customers',
  'events_cursor',
  'invoice_lines',
  'invoices',
  'metrics_answers',
  'prices',
  'products',
  'refunds',
  'settings',
  'stripe_webhook_events',
  'subscription_items',
  'subscription_snapshots',
  'subscriptions',
  'sync_leases',
  'sync_logs',
];

function tableNames(db: Database.Database): string[] {
  return db
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all();
}

function columnNames(db: Database.Database, table: string): string[] {
  return db.prepare<[string], string>('SELECT name FROM pragma_table_info(?)').pluck().all(table);
}

function migration(version: number, up: Migration['up'] = () => undefined): Migration {
  return { version, name: `test-${version}`, up };
}

/** Everything a refused file must still look like afterwards: its bytes and the folder's listing (no -wal, -shm). */
function fingerprint(dir: string, file: string): { hash: string; files: string[] } {
  return { hash: sha256OfFile(file), files: fs.readdirSync(dir).sort() };
}

describe('opening a new database file', () => {
  const temp = useTempDatabases();

  it('creates the missing folder and migrates the empty file to the latest schema version', () => {
    const filePath = temp.file('nested/twice/recur.db');
    const db = temp.track(openDatabase(filePath));

    expect(fs.existsSync(filePath)).toBe(true);
    expect(readUserVersion(db)).toBe(latestSchemaVersion);
    expect(tableNames(db)).toEqual(expectedTables);
  });

  it('turns on WAL, foreign keys, a 5 s busy timeout and synchronous=NORMAL', () => {
    const db = temp.open();

    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('reopening an up-to-date file migrates nothing and leaves its bytes as they were', () => {
    temp.open().close();
    const before = fingerprint(temp.dir(), temp.file('recur.db'));

    const db = temp.open();
    expect(migrate(db)).toEqual({ from: latestSchemaVersion, to: latestSchemaVersion });
    db.close();

    expect(fingerprint(temp.dir(), temp.file('recur.db'))).toEqual(before);
  });

  it('every table that carries account_id belongs to an account and is deleted with it', () => {
    const db = temp.open();
    const tablesWithAccountId = tableNames(db).filter((table) => columnNames(db, table).includes('account_id'));
    expect(tablesWithAccountId).toEqual(expectedTables.filter((table) => table !== 'accounts' && table !== 'settings'));

    for (const table of tablesWithAccountId) {
      const foreignKeys = db
        .prepare<[string], { table: string; from: string; on_delete: string }>(
          'SELECT "table", "from", on_delete FROM pragma_foreign_key_list(?)',
        )
        .all(table);
      expect(foreignKeys, table).toContainEqual({ table: 'accounts', from: 'account_id', on_delete: 'CASCADE' });
    }
  });
});

describe('migration list', () => {
  it('has versions 1..n in order, and the latest is n', () => {
    expect(allMigrations.map((m) => m.version)).toEqual(Array.from({ length: allMigrations.length }, (_, i) => i + 1));
    expect(latestSchemaVersion).toBe(allMigrations.length);
  });

  it.each([
    ['a gap', [migration(1), migration(3)]],
    ['a duplicate', [migration(1), migration(1)]],
    ['a list starting at 0', [migration(0), migration(1)]],
    ['a list out of order', [migration(2), migration(1)]],
  ])('refuses %s', (_, migrations) => {
    expect(() => assertContiguousVersions(migrations)).toThrow(/versions must be 1\.\.n/);
  });
});

describe('a database written by a newer Recur', () => {
  const temp = useTempDatabases();

  it('is refused with DatabaseFromNewerVersionError and its bytes are unchanged (rollback-journal file)', () => {
    // Made without openDatabase so it is not yet in WAL mode: switching it would rewrite the header.
    const filePath = temp.file('recur.db');
    const future = new Database(filePath);
    future.exec('CREATE TABLE from_the_future (x TEXT)');
    future.pragma(`user_version = ${latestSchemaVersion + 1}`);
    future.close();
    const before = fingerprint(temp.dir(), filePath);

    let refusal: unknown;
    try {
      temp.track(openDatabase(filePath));
    } catch (error) {
      refusal = error;
    }

    expect(refusal).toBeInstanceOf(DatabaseFromNewerVersionError);
    expect(refusal).toMatchObject({
      code: 'database_from_newer_version',
      filePath,
      fileVersion: latestSchemaVersion + 1,
      supportedVersion: latestSchemaVersion,
    });
    const message = refusal instanceof Error ? refusal.message : '';
    expect(message).toContain('newer version of Recur');
    expect(message).toContain(`schema version ${latestSchemaVersion + 1}`);
    expect(message).toContain(`up to schema version ${latestSchemaVersion}`);
    expect(message).toContain('Update Recur');
    expect(message).toContain('Recur did not modify the file');
    expect(fingerprint(temp.dir(), filePath)).toEqual(before);
  });

  it('is refused with its bytes unchanged when it is already in WAL mode with data', () => {
    const filePath = temp.file('recur.db');
    const db = openDatabase(filePath);
    addStripeAccount(db, 'acc_1');
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    db.close();
    const before = fingerprint(temp.dir(), filePath);

    expect(() => temp.track(openDatabase(filePath))).toThrow(DatabaseFromNewerVersionError);
    expect(fingerprint(temp.dir(), filePath)).toEqual(before);
  });

  it('is refused with its uncheckpointed -wal left in place when a newer Recur crashed with it open', () => {
    const source = temp.file('source/recur.db');
    const running = temp.track(openDatabase(source));
    addStripeAccount(running, 'acc_1');
    running.pragma(`user_version = ${latestSchemaVersion + 1}`);
    // Copy while the writer is still open: the copy is what a crash leaves behind, recent commits only in the -wal.
    const filePath = temp.file('recur.db');
    fs.copyFileSync(source, filePath);
    fs.copyFileSync(`${source}-wal`, `${filePath}-wal`);
    const walBefore = sha256OfFile(`${filePath}-wal`);
    const before = fingerprint(temp.dir(), filePath);

    expect(() => temp.track(openDatabase(filePath))).toThrow(DatabaseFromNewerVersionError);
    expect(fingerprint(temp.dir(), filePath)).toEqual(before);
    expect(sha256OfFile(`${filePath}-wal`)).toBe(walBefore);
  });

  it('is refused by migrate itself, whoever calls it', () => {
    const db = temp.track(new Database(temp.file('recur.db')));
    db.pragma(`user_version = ${latestSchemaVersion + 5}`);

    expect(() => migrate(db)).toThrow(DatabaseFromNewerVersionError);
    expect(tableNames(db)).toEqual([]);
  });
});

describe('a file that is not a readable database', () => {
  const temp = useTempDatabases();

  function expectRefusedAsUnreadable(filePath: string): void {
    const before = fingerprint(temp.dir(), filePath);
    let refusal: unknown;
    try {
      temp.track(openDatabase(filePath));
    } catch (error) {
      refusal = error;
    }

    expect(refusal).toBeInstanceOf(DatabaseUnreadableError);
    expect(refusal).toMatchObject({ code: 'database_unreadable', filePath });
    const message = refusal instanceof Error ? refusal.message : '';
    expect(message).toContain('unreadable');
    expect(message).toContain('rebuilt from Stripe by a full sync');
    expect(message).toContain('nothing in Stripe is affected');
    expect(fingerprint(temp.dir(), filePath)).toEqual(before);
  }

  it('random bytes with a -wal beside them are refused, and the -wal is kept for inspection', () => {
    const filePath = temp.file('recur.db');
    fs.writeFileSync(filePath, crypto.randomBytes(64 * 1024));
    fs.writeFileSync(`${filePath}-wal`, crypto.randomBytes(4096));
    const walBefore = sha256OfFile(`${filePath}-wal`);

    expectRefusedAsUnreadable(filePath);
    expect(sha256OfFile(`${filePath}-wal`)).toBe(walBefore);
  });

  it('random bytes are refused with DatabaseUnreadableError (SQLITE_NOTADB) and left unchanged', () => {
    const filePath = temp.file('recur.db');
    fs.writeFileSync(filePath, crypto.randomBytes(64 * 1024));

    expectRefusedAsUnreadable(filePath);
  });

  /** Overwrites `length` bytes at `offset` with 0xFF, keeping the file's size. */
  function scribble(filePath: string, offset: number, length: number): void {
    const fd = fs.openSync(filePath, 'r+');
    fs.writeSync(fd, Buffer.alloc(length, 0xff), 0, length, offset);
    fs.closeSync(fd);
  }

  /** Where the customers table starts in the file, so a test can damage a table without touching the schema. */
  interface Layout {
    pageSize: number;
    customersRootPage: number;
  }

  it.each([
    ['shorter than the 100-byte header', (file: string) => fs.truncateSync(file, 50)],
    ['cut in half', (file: string) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2))],
    ['missing its last page', (file: string, { pageSize }: Layout) => fs.truncateSync(file, fs.statSync(file).size - pageSize)],
    // The header (and so user_version) still reads fine; reading the schema shows the damage.
    ['with garbage over its first page after the header', (file: string, { pageSize }: Layout) => scribble(file, 100, pageSize - 100)],
    // Header and schema read fine, and nothing on the way to migrating touches the table: only the probe can tell.
    [
      "with garbage over a table's root page",
      (file: string, { pageSize, customersRootPage }: Layout) => scribble(file, (customersRootPage - 1) * pageSize, pageSize),
    ],
  ])('a database %s is refused with DatabaseUnreadableError and left unchanged', (_, damage) => {
    const filePath = temp.file('recur.db');
    const db = openDatabase(filePath);
    addStripeAccount(db, 'acc_1');
    upsertStripeObjects(
      db,
      customersTable,
      Array.from({ length: 2000 }, (_, i) => ({
        accountId: 'acc_1',
        id: `cus_${i}`,
        raw: JSON.stringify({ id: `cus_${i}`, object: 'customer', padding: 'x'.repeat(200) }),
        sourceTs: 1_700_000_000,
        livemode: true,
        created: 1_700_000_000,
        email: `customer${i}@example.com`,
        name: null,
        currency: 'usd',
        metadata: null,
        discounts: [],
        deleted: false,
      })),
    );
    const layout: Layout = {
      pageSize: db.prepare<[], number>('PRAGMA page_size').pluck().get() ?? 0,
      customersRootPage: db.prepare<[], number>("SELECT rootpage FROM sqlite_schema WHERE name = 'customers'").pluck().get() ?? 0,
    };
    db.close();
    damage(filePath, layout);

    expectRefusedAsUnreadable(filePath);
  });
});

describe('a failing migration', () => {
  const temp = useTempDatabases();

  const failing = (version: number): Migration =>
    migration(version, (db) => {
      db.exec('CREATE TABLE half_done (x TEXT)');
      throw new Error('step failed');
    });

  it('rolls back every pending migration of the run, leaving an empty file at version 0', () => {
    const db = temp.track(new Database(temp.file('recur.db')));
    db.pragma('foreign_keys = ON');

    expect(() => migrate(db, [...allMigrations, failing(latestSchemaVersion + 1)])).toThrow('step failed');

    expect(readUserVersion(db)).toBe(0);
    expect(tableNames(db)).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('leaves an up-to-date file at its version with its tables and rows as they were', () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');

    expect(() => migrate(db, [...allMigrations, failing(latestSchemaVersion + 1)])).toThrow('step failed');

    expect(readUserVersion(db)).toBe(latestSchemaVersion);
    expect(tableNames(db)).toEqual(expectedTables);
    expect(db.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('is vetoed when it leaves a dangling foreign key', () => {
    const db = temp.open();
    const dangling = migration(latestSchemaVersion + 1, (d) => {
      d.exec("INSERT INTO events_cursor (account_id, updated_at) VALUES ('acc_missing', '2025-01-01T00:00:00Z')");
    });

    expect(() => migrate(db, [...allMigrations, dangling])).toThrow(/broken foreign key/);
    expect(readUserVersion(db)).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT count(*) FROM events_cursor').pluck().get()).toBe(0);
  });

  it("a migration that rebuilds a parent table keeps its children's rows (foreign keys are off while it runs)", () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');
    upsertStripeObjects(db, customersTable, [
      {
        accountId: 'acc_1',
        id: 'cus_1',
        raw: '{}',
        sourceTs: 1,
        livemode: null,
        created: null,
        email: null,
        name: null,
        currency: null,
        metadata: null,
        discounts: [],
        deleted: false,
      },
    ]);
    // SQLite's 12-step table rebuild: with foreign keys on, DROP TABLE accounts would cascade-delete every customer.
    const rebuildAccounts = migration(latestSchemaVersion + 1, (d) => {
      const accountsSql = d.prepare<[], string>("SELECT sql FROM sqlite_schema WHERE name = 'accounts'").pluck().get() ?? '';
      d.exec(`
        ${accountsSql.replace('CREATE TABLE accounts', 'CREATE TABLE accounts_rebuilt')};
        INSERT INTO accounts_rebuilt SELECT * FROM accounts;
        DROP TABLE accounts;
        ALTER TABLE accounts_rebuilt RENAME TO accounts;
      `);
    });

    migrate(db, [...allMigrations, rebuildAccounts]);

    expect(db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('a later version is applied on top of the current one', () => {
    const db = temp.open();
    const next = migration(latestSchemaVersion + 1, (d) => d.exec('CREATE TABLE added_later (x TEXT)'));

    expect(migrate(db, [...allMigrations, next])).toEqual({ from: latestSchemaVersion, to: latestSchemaVersion + 1 });
    expect(readUserVersion(db)).toBe(latestSchemaVersion + 1);
    expect(tableNames(db)).toContain('added_later');
  });
});
