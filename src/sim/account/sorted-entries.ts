import { type CreatedRange } from './account-view';

/**
 * A list's order, kept as three typed arrays instead of objects so a multi-million-object account fits in memory:
 * entry p is (created, customer index, ordinal), sorted newest first; ties by customer index then ordinal, both
 * descending. The same order decides positions, cursors and pages.
 */
export interface SortedEntries {
  readonly length: number;
  readonly created: Uint32Array;
  readonly customer: Uint32Array;
  readonly ordinal: Uint32Array;
  /** Optional per-entry tag (events: a type code), same order. */
  readonly tag: Uint16Array;
}

/** Collects entries in any order, then sorts them once. */
export class EntryCollector {
  private created = new Uint32Array(1024);
  private customer = new Uint32Array(1024);
  private ordinal = new Uint32Array(1024);
  private tag = new Uint16Array(1024);
  private size = 0;

  add(created: number, customer: number, ordinal: number, tag = 0): void {
    if (this.size === this.created.length) this.grow();
    this.created[this.size] = created;
    this.customer[this.size] = customer;
    this.ordinal[this.size] = ordinal;
    this.tag[this.size] = tag;
    this.size++;
  }

  sorted(): SortedEntries {
    const n = this.size;
    const { created, customer, ordinal, tag } = this;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => compareDescending(created[a] ?? 0, customer[a] ?? 0, ordinal[a] ?? 0, created[b] ?? 0, customer[b] ?? 0, ordinal[b] ?? 0));
    const result = { length: n, created: new Uint32Array(n), customer: new Uint32Array(n), ordinal: new Uint32Array(n), tag: new Uint16Array(n) };
    order.forEach((from, to) => {
      result.created[to] = created[from] ?? 0;
      result.customer[to] = customer[from] ?? 0;
      result.ordinal[to] = ordinal[from] ?? 0;
      result.tag[to] = tag[from] ?? 0;
    });
    return result;
  }

  private grow(): void {
    const grow = <T extends Uint32Array | Uint16Array>(array: T, make: (n: number) => T): T => {
      const bigger = make(array.length * 2);
      bigger.set(array);
      return bigger;
    };
    this.created = grow(this.created, (n) => new Uint32Array(n));
    this.customer = grow(this.customer, (n) => new Uint32Array(n));
    this.ordinal = grow(this.ordinal, (n) => new Uint32Array(n));
    this.tag = grow(this.tag, (n) => new Uint16Array(n));
  }
}

/** Negative when (a…) comes first in newest-first order. */
export function compareDescending(createdA: number, customerA: number, ordinalA: number, createdB: number, customerB: number, ordinalB: number): number {
  return createdB - createdA || customerB - customerA || ordinalB - ordinalA;
}

/** The first position whose `created` satisfies `keep` given the array is sorted descending and `keep` is monotone. */
function firstPosition(entries: SortedEntries, isPast: (created: number) => boolean): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isPast(entries.created[middle] ?? 0)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Positions [start, end) of entries visible at `now` and inside the created range. */
export function rangeOf(entries: SortedEntries, now: number, range: CreatedRange | undefined, oldest = 0): { start: number; end: number } {
  let upper = now;
  if (range?.lte !== undefined) upper = Math.min(upper, range.lte);
  if (range?.lt !== undefined) upper = Math.min(upper, range.lt - 1);
  let lower = oldest;
  if (range?.gte !== undefined) lower = Math.max(lower, range.gte);
  if (range?.gt !== undefined) lower = Math.max(lower, range.gt + 1);
  const start = firstPosition(entries, (created) => created <= upper);
  const end = firstPosition(entries, (created) => created < lower);
  return { start, end: Math.max(start, end) };
}

/** The position of one entry, or undefined when it is not in the list. */
export function positionOfEntry(entries: SortedEntries, created: number, customer: number, ordinal: number): number | undefined {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareDescending(entries.created[middle] ?? 0, entries.customer[middle] ?? 0, entries.ordinal[middle] ?? 0, created, customer, ordinal);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return undefined;
}
