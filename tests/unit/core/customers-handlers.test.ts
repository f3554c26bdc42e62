import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/core';
import { insertAccount } from '../../../src/core/db/repositories/accounts';
import { createCustomerIndex, foldText } from '../../../src/core/metrics/customer-index';
import { createMemorySecretStore } from '../../../src/core/secrets/memory-secret-store';
import { type ChannelInput, type CustomerListRow } from '../../../src/shared/contract';
import { at, price, type SubscriptionFixture, writeSubscription } from '../../support/hand-made-mirror';
import { createMemoryLogger } from '../../support/memory-logger';
import { makeTempDir } from '../../support/temp-dir';
import { refusalOf } from '../../support/channel-calls';

/**
 * A hand-made mirror whose list is worked out by hand (no invoices: each subscription's history is its snapshots).
 * Today is 2025-06-15 on the core's fixed clock.
 *
 * cus_a  Ada Lovelace   3 × $10/month from 01-10                         paying    3000 usd  since 01-10
 * cus_b  Bo Jönsson     $120/year from 02-01                             paying    1000 usd  since 02-01
 * cus_c  Cy             $50/month from 01-20, cancelled 04-10            churned      0 usd  since 01-20
 * cus_d  (no name)      $10/month trialing since 06-01                   trialing     0 usd
 * cus_e  Eve            €40/month from 04-01                             paying    4000 eur  since 04-01
 * cus_f  Fay            no subscription, no currency                     never_paid   0 —
 * cus_g  Gus            deleted, no subscription                         not listed
 * cus_h  Hal            deleted; $20/month from 02-15, cancelled 03-20   churned      0 usd  since 02-15
 * cus_m  Mia            $5/month from 05-01 and €20/month from 03-01     paying    2000 eur  since 03-01, 2 subscriptions
 */
const accountId = 'acc_customersunit001';
const today = '2025-06-15';
const prices = {
  seat: price('price_seat', 1000, 'month'),
  yearly: price('price_yearly', 12000, 'year'),
  fifty: price('price_fifty', 5000, 'month'),
  twenty: price('price_twenty', 2000, 'month'),
  five: price('price_five', 500, 'month'),
  euro40: price('price_euro40', 4000, 'month', 1, 'eur'),
  euro20: price('price_euro20', 2000, 'month', 1, 'eur'),
};

const subscriptions: SubscriptionFixture[] = [
  { id: 'sub_a', customer: 'cus_a', versions: [{ from: '2025-01-10', items: [[prices.seat, 3]] }] },
  { id: 'sub_b', customer: 'cus_b', versions: [{ from: '2025-02-01', items: [[prices.yearly, 1]] }] },
  { id: 'sub_c', customer: 'cus_c', versions: [{ from: '2025-01-20', items: [[prices.fifty, 1]] }, { from: '2025-04-10', items: [[prices.fifty, 1]], status: 'canceled', canceledAt: '2025-04-10' }] },
  { id: 'sub_d', customer: 'cus_d', versions: [{ from: '2025-06-01', items: [[prices.seat, 1]], status: 'trialing' }] },
  { id: 'sub_e', customer: 'cus_e', currency: 'eur', versions: [{ from: '2025-04-01', items: [[prices.euro40, 1]] }] },
  { id: 'sub_h', customer: 'cus_h', versions: [{ from: '2025-02-15', items: [[prices.twenty, 1]] }, { from: '2025-03-20', items: [[prices.twenty, 1]], status: 'canceled', canceledAt: '2025-03-20' }] },
  { id: 'sub_m1', customer: 'cus_m', versions: [{ from: '2025-05-01', items: [[prices.five, 1]] }] },
  { id: 'sub_m2', customer: 'cus_m', currency: 'eur', versions: [{ from: '2025-03-01', items: [[prices.euro20, 1]] }] },
];

const customers: { id: string; name: string | null; email: string | null; currency: string | null; deleted?: 1 }[] = [
  { id: 'cus_a', name: 'Ada Lovelace', email: 'ada@example.com', currency: 'usd' },
  { id: 'cus_b', name: 'Bo Jönsson', email: 'bo@example.com', currency: 'usd' },
  { id: 'cus_c', name: 'Cy', email: 'cy@example.com', currency: 'usd' },
  { id: 'cus_d', name: null, email: 'dee@example.com', currency: 'usd' },
  { id: 'cus_e', name: 'Eve', email: 'eve@example.eu', currency: 'eur' },
  { id: 'cus_f', name: 'Fay', email: 'fay@example.com', currency: null },
  { id: 'cus_g', name: 'Gus', email: 'gus@example.com', currency: 'usd', deleted: 1 },
  { id: 'cus_h', name: 'Hal', email: null, currency: 'usd', deleted: 1 },
  { id: 'cus_m', name: 'Mia', email: 'mia@example.com', currency: 'usd' },
];

function seedMirror(db: Database.Database): void {
  insertAccount(db, { id: accountId, displayName: 'Fixture', source: 'stripe', stripeAccountId: null, keyMode: 'test', keyKind: 'secret', keyLast4: 'abcd', createdAt: '2025-01-01T00:00:00.000Z' });
  const insertCustomer = db.prepare('INSERT INTO customers (account_id, id, raw, source_ts, created, email, name, currency, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const customer of customers) {
    insertCustomer.run(accountId, customer.id, JSON.stringify({ id: customer.id, object: 'customer' }), at('2025-06-01'), at('2025-01-01'), customer.email, customer.name, customer.currency, customer.deleted ?? 0);
  }
  for (const subscription of subscriptions) writeSubscription(db, accountId, subscription, at('2025-06-01'));
}

const expectedRows: Record<string, CustomerListRow> = {
  cus_a: { customerId: 'cus_a', name: 'Ada Lovelace', email: 'ada@example.com', currency: 'usd', mrr: 3000, status: 'paying', since: '2025-01-10', subscriptions: 1, deleted: false },
  cus_b: { customerId: 'cus_b', name: 'Bo Jönsson', email: 'bo@example.com', currency: 'usd', mrr: 1000, status: 'paying', since: '2025-02-01', subscriptions: 1, deleted: false },
  cus_c: { customerId: 'cus_c', name: 'Cy', email: 'cy@example.com', currency: 'usd', mrr: 0, status: 'churned', since: '2025-01-20', subscriptions: 1, deleted: false },
  cus_d: { customerId: 'cus_d', name: null, email: 'dee@example.com', currency: 'usd', mrr: 0, status: 'trialing', since: null, subscriptions: 1, deleted: false },
  cus_e: { customerId: 'cus_e', name: 'Eve', email: 'eve@example.eu', currency: 'eur', mrr: 4000, status: 'paying', since: '2025-04-01', subscriptions: 1, deleted: false },
  cus_f: { customerId: 'cus_f', name: 'Fay', email: 'fay@example.com', currency: null, mrr: 0, status: 'never_paid', since: null, subscriptions: 0, deleted: false },
  cus_h: { customerId: 'cus_h', name: 'Hal', email: null, currency: 'usd', mrr: 0, status: 'churned', since: '2025-02-15', subscriptions: 1, deleted: true },
  cus_m: { customerId: 'cus_m', name: 'Mia', email: 'mia@example.com', currency: 'eur', mrr: 2000, status: 'paying', since: '2025-03-01', subscriptions: 2, deleted: false },
};

describe('customers:list', () => {
  let core: Core;
  let temp: ReturnType<typeof makeTempDir>;

  beforeEach(() => {
    temp = makeTempDir();
    core = createCore({ dataDir: temp.dir, secrets: createMemorySecretStore(), logger: createMemoryLogger(), clock: { now: () => new Date(`${today}T15:30:00Z`) } });
    seedMirror(core.context.db);
  });
  afterEach(() => {
    core.close();
    temp.remove();
  });

  type ListInput = ChannelInput<'customers:list'>;
  async function list(input: Omit<ListInput, 'accountId' | 'offset' | 'limit'> & Partial<ListInput> = {}) {
    const result = await core.dispatch('customers:list', { accountId, offset: 0, limit: 50, ...input });
    if (!result.ok) throw new Error(`customers:list: ${result.error.code}: ${result.error.message}`);
    return result.value as { total: number; accountTotal: number; offset: number; rows: CustomerListRow[] };
  }
  const ids = async (input: Parameters<typeof list>[0]) => (await list(input)).rows.map((row) => row.customerId);

  const refusal = (input: unknown) => refusalOf(core, 'customers:list', input);

  it('lists every customer (deleted ones only with subscriptions), largest MRR first by default, with the row worked out by hand', async () => {
    const answer = await list();
    expect(answer).toMatchObject({ total: 8, accountTotal: 8, offset: 0 });
    expect(answer.rows).toEqual(['cus_e', 'cus_a', 'cus_m', 'cus_b', 'cus_c', 'cus_d', 'cus_f', 'cus_h'].map((id) => expectedRows[id]));
  });

  it('agrees with the customer view on MRR today', async () => {
    const detail = await core.dispatch('metrics:customer', { accountId, customerId: 'cus_m' });
    expect(detail.ok && detail.value).toMatchObject({ mrrNow: { usd: 500, eur: 2000 } });
    expect((await list({ search: 'cus_m' })).rows).toEqual([expectedRows.cus_m]);
  });

  it('sorts by each column both ways, absent values last either way, ties by customer id', async () => {
    expect(await ids({ sort: { by: 'mrr', dir: 'asc' } })).toEqual(['cus_c', 'cus_d', 'cus_f', 'cus_h', 'cus_b', 'cus_m', 'cus_a', 'cus_e']);
    expect(await ids({ sort: { by: 'name', dir: 'asc' } })).toEqual(['cus_a', 'cus_b', 'cus_c', 'cus_e', 'cus_f', 'cus_h', 'cus_m', 'cus_d']);
    expect(await ids({ sort: { by: 'name', dir: 'desc' } })).toEqual(['cus_m', 'cus_h', 'cus_f', 'cus_e', 'cus_c', 'cus_b', 'cus_a', 'cus_d']);
    expect(await ids({ sort: { by: 'email', dir: 'asc' } })).toEqual(['cus_a', 'cus_b', 'cus_c', 'cus_d', 'cus_e', 'cus_f', 'cus_m', 'cus_h']);
    expect(await ids({ sort: { by: 'since', dir: 'asc' } })).toEqual(['cus_a', 'cus_c', 'cus_b', 'cus_h', 'cus_m', 'cus_e', 'cus_d', 'cus_f']);
    expect(await ids({ sort: { by: 'since', dir: 'desc' } })).toEqual(['cus_e', 'cus_m', 'cus_h', 'cus_b', 'cus_c', 'cus_a', 'cus_d', 'cus_f']);
    // Within a status the largest MRR leads.
    expect(await ids({ sort: { by: 'status', dir: 'asc' } })).toEqual(['cus_e', 'cus_a', 'cus_m', 'cus_b', 'cus_d', 'cus_c', 'cus_h', 'cus_f']);
    expect(await ids({ sort: { by: 'status', dir: 'desc' } })).toEqual(['cus_f', 'cus_c', 'cus_h', 'cus_d', 'cus_e', 'cus_a', 'cus_m', 'cus_b']);
  });

  it('searches name, email and id in any case and without accents, within the sort', async () => {
    expect(await list({ search: 'JÖNS' })).toMatchObject({ total: 1, accountTotal: 8, rows: [expectedRows.cus_b] });
    expect(await ids({ search: 'jons' })).toEqual(['cus_b']);
    expect(await ids({ search: '  example.eu ' })).toEqual(['cus_e']);
    expect(await ids({ search: 'CUS_H' })).toEqual(['cus_h']);
    expect(await ids({ search: 'example.com', sort: { by: 'name', dir: 'asc' } })).toEqual(['cus_a', 'cus_b', 'cus_c', 'cus_f', 'cus_m', 'cus_d']);
    expect(await list({ search: 'nobody here' })).toEqual({ total: 0, accountTotal: 8, offset: 0, rows: [] });
    expect((await list({ search: '' })).total).toBe(8);
  });

  it('answers windows of the sorted, searched list, and an empty window past its end', async () => {
    expect(await list({ offset: 2, limit: 3 })).toEqual({ total: 8, accountTotal: 8, offset: 2, rows: [expectedRows.cus_m, expectedRows.cus_b, expectedRows.cus_c] });
    expect(await ids({ search: 'example.com', offset: 4, limit: 10 })).toEqual(['cus_d', 'cus_f']);
    expect(await list({ offset: 100, limit: 10 })).toEqual({ total: 8, accountTotal: 8, offset: 100, rows: [] });
  });

  it('keeps its index as long as the MRR history: a change shows once the metrics service drops the history', async () => {
    expect((await list({ search: 'cus_a' })).rows[0]?.name).toBe('Ada Lovelace');
    core.context.db.prepare('UPDATE customers SET name = ? WHERE account_id = ? AND id = ?').run('Ada King', accountId, 'cus_a');
    expect((await list({ search: 'cus_a' })).rows[0]?.name).toBe('Ada Lovelace');
    core.metrics.invalidate(accountId);
    expect((await list({ search: 'cus_a' })).rows[0]?.name).toBe('Ada King');
  });

  it('is rebuilt when a sync patches the cached history in place', async () => {
    expect((await list({ search: 'cus_f' })).rows[0]).toEqual(expectedRows.cus_f);
    const db = core.context.db;
    db.prepare('UPDATE customers SET name = ? WHERE account_id = ? AND id = ?').run('Fay Patched', accountId, 'cus_f');
    writeSubscription(db, accountId, { id: 'sub_f', customer: 'cus_f', versions: [{ from: '2025-06-10', items: [[prices.seat, 2]] }] }, at('2025-06-10'));
    const before = core.metrics.history(accountId);
    core.metrics.dataChanged(accountId, new Set(['cus_f']));
    expect((await list({ search: 'cus_f' })).rows).toEqual([{ ...expectedRows.cus_f, name: 'Fay Patched', currency: 'usd', mrr: 2000, status: 'paying', since: '2025-06-10', subscriptions: 1 }]);
    // The same history object, patched: the index went with the patch, not with the object.
    expect(core.metrics.history(accountId)).toBe(before);
    expect(await ids({ limit: 4 })).toEqual(['cus_e', 'cus_a', 'cus_f', 'cus_m']);
  });

  it('refuses bad input with a message naming the field', async () => {
    const base = { accountId, offset: 0, limit: 10 };
    expect(await refusal({ ...base, limit: 0 })).toEqual({ code: 'invalid_input', message: 'The request to customers:list was not valid: limit: Ask for at least one row.' });
    expect((await refusal({ ...base, limit: 501 })).message).toBe('The request to customers:list was not valid: limit: Ask for at most 500 rows at once.');
    expect((await refusal({ ...base, offset: -1 })).message).toBe('The request to customers:list was not valid: offset: The offset cannot be negative.');
    expect((await refusal({ ...base, offset: 1.5 })).message).toBe('The request to customers:list was not valid: offset: The offset is a whole number.');
    expect((await refusal({ accountId, limit: 10 })).message).toBe('The request to customers:list was not valid: offset: Give the offset of the first row as a whole number.');
    expect((await refusal({ ...base, limit: '10' })).message).toBe('The request to customers:list was not valid: limit: Give how many rows to answer as a whole number.');
    expect((await refusal({ ...base, sort: { by: 'revenue', dir: 'asc' } })).message).toBe('The request to customers:list was not valid: sort.by: Sort by one of: mrr, name, email, since, status.');
    expect((await refusal({ ...base, sort: { by: 'mrr', dir: 'up' } })).message).toBe('The request to customers:list was not valid: sort.dir: Sort direction is asc or desc.');
    expect((await refusal({ ...base, sort: { by: 'mrr' } })).message).toBe('The request to customers:list was not valid: sort.dir: Sort direction is asc or desc.');
    expect((await refusal({ ...base, search: 'x'.repeat(201) })).message).toBe('The request to customers:list was not valid: search: Keep the search under 200 characters.');
    expect((await refusal({ ...base, page: 2 })).message).toMatch(/^The request to customers:list was not valid: Unrecognized key: "page"/);
    expect((await refusal({ ...base, accountId: 'nope' })).message).toBe('The request to customers:list was not valid: accountId: Expected an account id like acc_…');
    expect(await refusal(undefined)).toMatchObject({ code: 'invalid_input' });
    expect(await refusal({ ...base, accountId: 'acc_notconnected01' })).toEqual({ code: 'not_found', message: 'That account is no longer connected. Reload the list of accounts.' });
  });
});

describe('the customer index', () => {
  it('folds case and accents', () => {
    expect(foldText('Ébène JÖNSSON')).toBe('ebene jonsson');
  });

  it('sorts numbers inside names by value', () => {
    const row = (customerId: string, name: string): CustomerListRow => ({ customerId, name, email: null, currency: null, mrr: 0, status: 'never_paid', since: null, subscriptions: 0, deleted: false });
    const index = createCustomerIndex([row('cus_1', 'Shop 10'), row('cus_2', 'Shop 9'), row('cus_3', 'Shop 009b'), row('cus_4', 'shop 100')]);
    expect(index.window({ sort: { by: 'name', dir: 'asc' }, offset: 0, limit: 10 }).rows.map((found) => found.name)).toEqual(['Shop 9', 'Shop 009b', 'Shop 10', 'shop 100']);
  });

  it('answers windows of 100,000 customers from its kept order and searches', () => {
    const statuses = ['paying', 'trialing', 'churned', 'never_paid'] as const;
    const rows: CustomerListRow[] = Array.from({ length: 100_000 }, (_, index) => ({
      customerId: `cus_${String(index).padStart(6, '0')}`,
      name: index % 10 === 0 ? null : `Customer ${(index * 7919) % 100_000}`,
      email: `c${index}@example.com`,
      currency: 'usd',
      mrr: (index * 37) % 50_000,
      status: statuses[index % 4] ?? 'paying',
      since: null,
      subscriptions: 1,
      deleted: false,
    }));
    const index = createCustomerIndex(rows);
    const first = index.window({ offset: 0, limit: 3 });
    expect(first.total).toBe(100_000);
    expect(first.rows.map((row) => row.mrr)).toEqual([49_999, 49_999, 49_998]);
    const started = performance.now();
    for (let offset = 0; offset < 100_000; offset += 5000) expect(index.window({ offset, limit: 100 }).rows).toHaveLength(100);
    const searched = index.window({ search: 'C4242@', offset: 0, limit: 10 });
    expect(searched.rows.map((row) => row.customerId)).toEqual(['cus_004242']);
    for (let offset = 0; offset < 20; offset++) index.window({ search: 'C4242@', offset, limit: 10 });
    // Kept orders and searches make each window a slice; generous so a busy machine does not fail it.
    expect(performance.now() - started).toBeLessThan(1000);
    const byName = index.window({ sort: { by: 'name', dir: 'asc' }, offset: 99_999, limit: 5 });
    expect(byName.rows).toHaveLength(1);
    expect(byName.rows[0]?.name).toBeNull();
  });
});
