import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import { type TruthResource, truthResources, visitObjectsAt } from '../../src/sim/account/ground-truth';
import { type GeneratedAccount } from '../../src/sim/account/generated-account';

/**
 * Asserts the database mirrors the simulated account at instant `at`: the same ids in every table (deleted customers
 * aside: Stripe's lists never return them, so only events can tell the mirror about them), and every stored `raw`
 * equal to the object as Stripe would return it then. `except` leaves tables out (a restricted key could not read them).
 */
export function expectMirrorEqualsTruth(db: Database.Database, accountId: string, account: GeneratedAccount, at: number, options: { except?: readonly TruthResource[] } = {}): void {
  for (const resource of truthResources) {
    if (options.except?.includes(resource)) continue;
    const truth = new Map<string, unknown>();
    visitObjectsAt(account, at, (_, object) => truth.set((object as { id: string }).id, object), resource);
    const rows = db.prepare<[string], { id: string; raw: string }>(`SELECT id, raw FROM ${resource} WHERE account_id = ?`).all(accountId);
    const live = [...truth].filter(([, object]) => (object as { deleted?: boolean }).deleted !== true).map(([id]) => id).sort();
    const stored = rows.filter((row) => (JSON.parse(row.raw) as { deleted?: boolean }).deleted !== true && !isTombstone(db, resource, accountId, row.id)).map((row) => row.id).sort();
    expect(stored, `${resource}: ids`).toEqual(live);
    for (const row of rows) {
      if (isTombstone(db, resource, accountId, row.id)) continue;
      expect(withoutSilentFields(resource, JSON.parse(row.raw)), `${resource} ${row.id}`).toEqual(withoutSilentFields(resource, truth.get(row.id)));
    }
  }
}

/**
 * Fields Stripe changes without sending an event for the object (a new invoice bumps the customer's
 * `next_invoice_sequence`; invoice payments flip `delinquent`). A mirror fed by events cannot follow them until the
 * next full sync, and no metric reads them, so comparisons leave them out.
 */
const silentFields: Record<string, readonly string[]> = { customers: ['next_invoice_sequence', 'delinquent'] };

function withoutSilentFields(resource: string, object: unknown): unknown {
  const fields = silentFields[resource];
  if (!fields || typeof object !== 'object' || object === null) return object;
  return Object.fromEntries(Object.entries(object).filter(([key]) => !fields.includes(key)));
}

function isTombstone(db: Database.Database, table: string, accountId: string, id: string): boolean {
  const columns = db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table);
  if (!columns.some((column) => column.name === 'deleted')) return false;
  return db.prepare<[string, string], number>(`SELECT deleted FROM ${table} WHERE account_id = ? AND id = ?`).pluck().get(accountId, id) === 1;
}
