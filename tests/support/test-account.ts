import type Database from 'better-sqlite3';
import { insertAccount } from '../../src/core/db/repositories/accounts';

/** A connected test-mode Stripe account row (key …abcd), for suites that sync into a database of their own. */
export function insertTestAccount(db: Database.Database, accountId: string): void {
  insertAccount(db, { id: accountId, displayName: 'Sim', source: 'stripe', stripeAccountId: null, keyMode: 'test', keyKind: 'secret', keyLast4: 'abcd', createdAt: new Date().toISOString() });
}
