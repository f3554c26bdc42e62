import { type OrderedIds } from '../account/account-view';

/**
 * One page of a Stripe list over ids ordered newest first. `starting_after=X` gives the `limit` ids after X (older);
 * `ending_before=X` gives the `limit` ids just before X (newer), still newest first, and its `has_more` says whether
 * even newer ones remain — which is how the stripe SDK pages backwards (it takes `data[0]` as the next cursor).
 */

export interface PageRequest {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

export type PageResult =
  | { ok: true; ids: string[]; hasMore: boolean }
  | { ok: false; reason: 'cursor-not-in-list'; param: 'starting_after' | 'ending_before'; id: string }
  | { ok: false; reason: 'both-cursors' };

function idsBetween(ids: OrderedIds, start: number, end: number): string[] {
  const page: string[] = [];
  for (let position = start; position < end; position++) page.push(ids.idAt(position));
  return page;
}

export function paginate(ids: OrderedIds, request: PageRequest): PageResult {
  const { limit, startingAfter, endingBefore } = request;
  // Stripe looks the cursors up before it notices both were given (seen against the live API: a missing cursor
  // is reported as "No such …" even when the other cursor is present too).
  const after = startingAfter === undefined ? undefined : ids.positionOf(startingAfter);
  if (startingAfter !== undefined && after === undefined) {
    return { ok: false, reason: 'cursor-not-in-list', param: 'starting_after', id: startingAfter };
  }
  const before = endingBefore === undefined ? undefined : ids.positionOf(endingBefore);
  if (endingBefore !== undefined && before === undefined) {
    return { ok: false, reason: 'cursor-not-in-list', param: 'ending_before', id: endingBefore };
  }
  if (after !== undefined && before !== undefined) return { ok: false, reason: 'both-cursors' };

  if (before !== undefined) {
    const start = Math.max(0, before - limit);
    return { ok: true, ids: idsBetween(ids, start, before), hasMore: start > 0 };
  }
  const start = after === undefined ? 0 : after + 1;
  const end = Math.min(ids.length, start + limit);
  return { ok: true, ids: idsBetween(ids, start, end), hasMore: ids.length > end };
}
