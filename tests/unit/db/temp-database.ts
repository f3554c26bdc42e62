import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { insertAccount, type AccountRow } from '../../../src/core/db/repositories/accounts';

export interface TempDatabases {
  /** The current test's own temp folder. */
  dir(): string;
  /** A path inside it. */
  file(name: string): string;
  /** openDatabase on a file in the folder; closed after the test. */
  open(name?: string): Database.Database;
  /** Closes the connection after the test (for connections not made by `open`). */
  track(db: Database.Database): Database.Database;
}

/** A fresh temp folder per test, with every database opened in it closed and the folder removed afterwards. */
export function useTempDatabases(): TempDatabases {
  let dir: string | undefined;
  const opened: Database.Database[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recur-db-test-'));
  });
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.open) db.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const current = (): string => {
    if (!dir) throw new Error('useTempDatabases: no temp folder outside a test.');
    return dir;
  };
  const track = (db: Database.Database): Database.Database => {
    opened.push(db);
    return db;
  };
  return {
    dir: current,
    file: (name) => path.join(current(), name),
    open: (name = 'recur.db') => track(openDatabase(path.join(current(), name))),
    track,
  };
}

export function sha256OfFile(filePath: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(filePath)).digest('hex');
}

export function stripeAccount(id: string, createdAt = '2025-01-01T00:00:00.000Z'): AccountRow {
  return {
    id,
    displayName: `Account ${id}`,
    source: 'stripe',
    stripeAccountId: `acct_${id}`,
    keyMode: 'live',
    keyKind: 'restricted',
    keyLast4: '4242',
    createdAt,
  };
}

export function addStripeAccount(db: Database.Database, id: string): AccountRow {
  const account = stripeAccount(id);
  insertAccount(db, account);
  return account;
}
