import type Database from 'better-sqlite3';
import { type CustomerList, type CustomerListRow, type CustomerSortKey, type CustomerStatus } from '../../shared/contract';
import { isoDay } from './history/days';
import { type MrrHistory } from './history/mrr-history';
import { mrrEpsilon } from './history/subscription-timeline';
import { toMinorUnits } from './money';
import { customerMrrAt } from './period-figures';

export interface CustomerSort {
  by: CustomerSortKey;
  dir: 'asc' | 'desc';
}

export const defaultCustomerSort: CustomerSort = { by: 'mrr', dir: 'desc' };

export interface CustomerWindowQuery {
  search?: string;
  sort?: CustomerSort;
  offset: number;
  limit: number;
}

/**
 * Every customer of an account as the Customers page lists them, searchable and sortable. Built once per MRR history
 * (an account of 100,000 customers takes a fraction of a second) and then each window is a slice: a sort order is
 * computed on first use and kept, and the last few searches are kept too, so scrolling through a search costs
 * O(window), not O(customers).
 */
export interface CustomerIndex {
  readonly size: number;
  window(query: CustomerWindowQuery): CustomerList;
}

const statusRank: Record<CustomerStatus, number> = { paying: 0, trialing: 1, churned: 2, never_paid: 3 };

/** Searches kept per index: a typed query passes through a few prefixes, and scrolling re-asks the same one. */
const keptSearches = 8;

/**
 * Lower case without accents, so "jose" finds "José" and names sort the way people read them without the cost of a
 * locale collator on 100,000 rows.
 */
export function foldText(text: string): string {
  // Most names and emails are ASCII: lower-casing them is all folding does, at a fraction of the cost.
  if (asciiOnly.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const asciiOnly = /^[\x00-\x7f]*$/;

/** Digit runs padded to one width, so comparing keys as plain strings orders the numbers in them by value. */
function naturalKey(text: string): string {
  return /\d/.test(text) ? text.replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(16, '0')) : text;
}

/** Separates rows in the search text; never part of a search (control characters are dropped from it). */
const rowSeparator = '\u0001';

export function createCustomerIndex(rows: readonly CustomerListRow[]): CustomerIndex {
  const count = rows.length;
  const ids = rows.map((row) => row.customerId);
  const mrrs = Float64Array.from(rows, (row) => row.mrr);
  const names = rows.map((row) => (row.name?.trim() ? foldText(row.name.trim()) : null));
  const emails = rows.map((row) => (row.email?.trim() ? foldText(row.email.trim()) : null));
  // Sorted as people read them: "Customer 9" before "Customer 10".
  const nameKeys = names.map((name) => (name === null ? null : naturalKey(name)));
  const emailKeys = emails.map((email) => (email === null ? null : naturalKey(email)));
  // All rows' searchable text in one string: one native substring scan finds every match, far faster than 100,000
  // separate `includes` calls; `starts` maps a match back to its row.
  const starts = new Int32Array(count + 1);
  const parts: string[] = [];
  let length = 0;
  for (let index = 0; index < count; index++) {
    starts[index] = length;
    const part = `${names[index] ?? ''}\n${emails[index] ?? ''}\n${(ids[index] ?? '').toLowerCase()}${rowSeparator}`;
    parts.push(part);
    length += part.length;
  }
  starts[count] = length;
  const haystack = parts.join('');
  const rowAt = (position: number): number => {
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((starts[middle + 1] ?? length) <= position) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const orders = new Map<string, Int32Array>();
  const searches = new Map<string, Int32Array>();

  const byId = (a: number, b: number): number => {
    const x = ids[a] ?? '';
    const y = ids[b] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  };
  /** Absent values sort last in both directions: a list sorted by email should start with emails. */
  const nullable = <T extends string | number>(values: readonly (T | null)[], sign: number) => (a: number, b: number): number => {
    const x = values[a] ?? null;
    const y = values[b] ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x < y ? -1 : x > y ? 1 : 0);
  };

  const compareFor = (sort: CustomerSort): ((a: number, b: number) => number) => {
    const sign = sort.dir === 'asc' ? 1 : -1;
    const mrr = (a: number, b: number) => sign * ((mrrs[a] ?? 0) - (mrrs[b] ?? 0));
    switch (sort.by) {
      case 'mrr':
        return (a, b) => mrr(a, b) || byId(a, b);
      case 'name': {
        const primary = nullable(nameKeys, sign);
        return (a, b) => primary(a, b) || byId(a, b);
      }
      case 'email': {
        const primary = nullable(emailKeys, sign);
        return (a, b) => primary(a, b) || byId(a, b);
      }
      case 'since': {
        const primary = nullable(
          rows.map((row) => row.since),
          sign,
        );
        return (a, b) => primary(a, b) || byId(a, b);
      }
      case 'status': {
        const rank = (index: number) => statusRank[rows[index]?.status ?? 'never_paid'];
        // Within a status, the largest MRR first: the customers that matter most lead each group.
        return (a, b) => sign * (rank(a) - rank(b)) || (mrrs[b] ?? 0) - (mrrs[a] ?? 0) || byId(a, b);
      }
    }
  };

  const orderOf = (sort: CustomerSort): Int32Array => {
    const key = `${sort.by}:${sort.dir}`;
    let order = orders.get(key);
    if (!order) {
      const indices = Array.from({ length: count }, (_, index) => index);
      indices.sort(compareFor(sort));
      order = Int32Array.from(indices);
      orders.set(key, order);
    }
    return order;
  };

  const searched = (sort: CustomerSort, search: string): Int32Array => {
    const order = orderOf(sort);
    // eslint-disable-next-line no-control-regex -- control characters cannot be typed into a search, nor match one
    const needle = foldText(search.replace(/[\u0000-\u001f]/g, '').trim());
    if (needle === '') return order;
    const key = `${sort.by}:${sort.dir}:${needle}`;
    const kept = searches.get(key);
    if (kept) {
      // Most recently used last, so the oldest is the one dropped.
      searches.delete(key);
      searches.set(key, kept);
      return kept;
    }
    const matches = new Uint8Array(count);
    for (let position = haystack.indexOf(needle); position !== -1; ) {
      const row = rowAt(position);
      matches[row] = 1;
      position = haystack.indexOf(needle, starts[row + 1] ?? length);
    }
    const found: number[] = [];
    for (const index of order) if (matches[index] === 1) found.push(index);
    const result = Int32Array.from(found);
    searches.set(key, result);
    if (searches.size > keptSearches) searches.delete(searches.keys().next().value ?? key);
    return result;
  };

  return {
    size: count,
    window({ search, sort = defaultCustomerSort, offset, limit }) {
      const order = searched(sort, search ?? '');
      const slice = order.subarray(Math.min(offset, order.length), Math.min(offset + limit, order.length));
      return { total: order.length, accountTotal: count, offset, rows: Array.from(slice, (index) => rows[index] as CustomerListRow) };
    },
  };
}

interface CustomerRecord {
  id: string;
  name: string | null;
  email: string | null;
  currency: string | null;
  deleted: number;
}

/**
 * One row per customer of the account: the customers table (deleted customers only when they have subscriptions),
 * plus any customer the MRR history knows that the table does not (a sync still under way). MRR is at the history's
 * last day, today.
 */
export function customerRows(db: Database.Database, accountId: string, history: MrrHistory): CustomerListRow[] {
  const today = history.lastDay;
  const records = db
    .prepare<[string], CustomerRecord>('SELECT id, name, email, currency, deleted FROM customers WHERE account_id = ?')
    .all(accountId);
  const subscriptions = new Map<string, { count: number; trialing: number }>();
  const counted = db.prepare<[string], { customer: string; count: number; trialing: number }>(
    `SELECT customer, count(*) AS count, max(status = 'trialing') AS trialing FROM subscriptions WHERE account_id = ? GROUP BY customer`,
  );
  for (const row of counted.iterate(accountId)) subscriptions.set(row.customer, { count: row.count, trialing: row.trialing });

  interface Money {
    currency: string | null;
    mrr: number;
    lastChangeDay: number;
    lastCurrency: string | null;
    firstPayingDay: number | null;
  }
  const money = new Map<string, Money>();
  for (const customer of history.customers()) {
    let entry = money.get(customer.customerId);
    if (!entry) money.set(customer.customerId, (entry = { currency: null, mrr: 0, lastChangeDay: Number.NEGATIVE_INFINITY, lastCurrency: null, firstPayingDay: null }));
    const mrr = customerMrrAt(customer, today);
    if (mrr > mrrEpsilon && (entry.currency === null || mrr > entry.mrr)) {
      entry.currency = customer.currency;
      entry.mrr = mrr;
    }
    const lastChange = customer.changes[customer.changes.length - 1];
    if (lastChange && lastChange.day > entry.lastChangeDay) {
      entry.lastChangeDay = lastChange.day;
      entry.lastCurrency = customer.currency;
    }
    if (customer.firstPayingDay !== null) entry.firstPayingDay = Math.min(entry.firstPayingDay ?? customer.firstPayingDay, customer.firstPayingDay);
  }

  const rowOf = (id: string, record: CustomerRecord | undefined): CustomerListRow => {
    const entry = money.get(id);
    const subscription = subscriptions.get(id);
    const paying = entry !== undefined && entry.currency !== null;
    const status: CustomerStatus = paying ? 'paying' : subscription?.trialing ? 'trialing' : (entry?.firstPayingDay ?? null) !== null ? 'churned' : 'never_paid';
    return {
      customerId: id,
      name: record?.name ?? null,
      email: record?.email ?? null,
      currency: (paying ? entry.currency : entry?.lastCurrency) ?? record?.currency ?? null,
      mrr: paying ? toMinorUnits(entry.mrr) : 0,
      status,
      since: entry && entry.firstPayingDay !== null ? isoDay(entry.firstPayingDay) : null,
      subscriptions: subscription?.count ?? 0,
      deleted: record?.deleted === 1,
    };
  };

  const rows: CustomerListRow[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    seen.add(record.id);
    if (record.deleted === 1 && !subscriptions.has(record.id) && !money.has(record.id)) continue;
    rows.push(rowOf(record.id, record));
  }
  for (const id of money.keys()) if (!seen.has(id)) rows.push(rowOf(id, undefined));
  return rows;
}
