import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import { type TruthResource, truthObjectTypes, truthResources, visitObjectsAt } from '../../src/sim/account/ground-truth';
import { type GeneratedAccount } from '../../src/sim/account/generated-account';
import { applyExpansions, planExpansions } from '../../src/sim/server/expand';
import { discountExpansions } from '../../src/core/stripe/sync/discount-expansion';

/**
 * Asserts the database mirrors the simulated account at instant `at`: the same ids in every table (deleted customers
 * aside: Stripe's lists never return them, so only events can tell the mirror about them), and every stored `raw`
 * equal to the object as Stripe would return it then, with the discounts the sync expands expanded (`at` must be the
 * simulator's current instant, which expansion reads). `except` leaves tables out (a restricted key could not read them).
 */
export function expectMirrorEqualsTruth(db: Database.Database, accountId: string, account: GeneratedAccount, at: number, options: { except?: readonly TruthResource[] } = {}): void {
  if (at !== account.view.now()) throw new Error(`expectMirrorEqualsTruth compares at the simulator's current instant (${account.view.now()}), not ${at}`);
  for (const resource of truthResources) {
    if (options.except?.includes(resource)) continue;
    const truth = new Map<string, unknown>();
    const expansion = planExpansions(truthObjectTypes[resource], truthExpansions[resource] ?? [], false);
    if ('error' in expansion) throw new Error(expansion.error.message);
    visitObjectsAt(account, at, (_, object) => truth.set((object as { id: string }).id, applyExpansions(account.view, object, expansion)), resource);
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

/** Each table's objects as a retrieve with the sync's `expand[]` returns them (its list requests expand the same). */
const truthExpansions: Partial<Record<TruthResource, readonly string[]>> = {
  subscriptions: discountExpansions.subscriptionRetrieve,
  subscription_items: ['discounts.source.coupon'],
  invoices: discountExpansions.invoiceRetrieve,
  invoice_lines: ['discounts'],
};

/**
 * Fields Stripe changes without sending an event for the object (a new invoice bumps the customer's
 * `next_invoice_sequence`; invoice payments flip `delinquent`). A mirror fed by events cannot follow them until the
 * next full sync, and no metric reads them, so comparisons leave them out.
 */
const silentFields: Record<string, readonly string[]> = { customers: ['next_invoice_sequence', 'delinquent'] };

/**
 * An invoice's expanded discounts change silently too: once a discount stops applying, expanding it returns a deleted
 * stub, with no event for the invoice. Which discounts an invoice (or line) names never changes, so those are compared
 * by id.
 */
const discountIdsOnly = (discounts: unknown): unknown => (Array.isArray(discounts) ? discounts.map((discount: unknown) => (typeof discount === 'object' && discount !== null && 'id' in discount ? discount.id : discount)) : discounts);

function withoutSilentFields(resource: string, object: unknown): unknown {
  if (typeof object !== 'object' || object === null) return object;
  const fields = silentFields[resource] ?? [];
  const kept: Record<string, unknown> = Object.fromEntries(Object.entries(object).filter(([key]) => !fields.includes(key)));
  if (resource === 'invoice_lines') kept.discounts = discountIdsOnly(kept.discounts);
  if (resource === 'invoices') {
    kept.discounts = discountIdsOnly(kept.discounts);
    const lines = kept.lines as { data?: { discounts?: unknown }[] } | undefined;
    if (lines?.data) kept.lines = { ...lines, data: lines.data.map((line) => ({ ...line, discounts: discountIdsOnly(line.discounts) })) };
  }
  return kept;
}

function isTombstone(db: Database.Database, table: string, accountId: string, id: string): boolean {
  const columns = db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table);
  if (!columns.some((column) => column.name === 'deleted')) return false;
  return db.prepare<[string, string], number>(`SELECT deleted FROM ${table} WHERE account_id = ? AND id = ?`).pluck().get(accountId, id) === 1;
}
