import { describe, expect, it } from 'vitest';
import { paginate } from '../../../src/sim/server/paginate';
import { orderedIds } from '../../support/static-account-view';

/** Ten ids, newest first: c9 is the newest, c0 the oldest. */
const ten = orderedIds(Array.from({ length: 10 }, (_, i) => `c${9 - i}`));

describe('paginate over ids ordered newest first', () => {
  it.each([
    ['the first page', { limit: 3 }, ['c9', 'c8', 'c7'], true],
    ['a page after a cursor', { limit: 3, startingAfter: 'c7' }, ['c6', 'c5', 'c4'], true],
    ['the last full page', { limit: 3, startingAfter: 'c3' }, ['c2', 'c1', 'c0'], false],
    ['a short last page', { limit: 4, startingAfter: 'c3' }, ['c2', 'c1', 'c0'], false],
    ['nothing after the oldest', { limit: 3, startingAfter: 'c0' }, [], false],
    ['a page that ends exactly at the end', { limit: 10 }, ['c9', 'c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2', 'c1', 'c0'], false],
    ['the ids just before a cursor, newest first', { limit: 3, endingBefore: 'c2' }, ['c5', 'c4', 'c3'], true],
    ['the newest ids before a cursor', { limit: 3, endingBefore: 'c6' }, ['c9', 'c8', 'c7'], false],
    ['fewer than limit before a cursor', { limit: 5, endingBefore: 'c7' }, ['c9', 'c8'], false],
    ['nothing before the newest', { limit: 3, endingBefore: 'c9' }, [], false],
  ])('%s', (_name, request, ids, hasMore) => {
    expect(paginate(ten, request)).toEqual({ ok: true, ids, hasMore });
  });

  it('gives an empty page without has_more for an empty list', () => {
    expect(paginate(orderedIds([]), { limit: 10 })).toEqual({ ok: true, ids: [], hasMore: false });
  });

  it('has more after exactly 100 of 101, and none after 100 of 100', () => {
    const ids = (count: number) => orderedIds(Array.from({ length: count }, (_, i) => `id${String(count - i).padStart(3, '0')}`));
    expect(paginate(ids(101), { limit: 100 })).toMatchObject({ ok: true, hasMore: true });
    expect(paginate(ids(100), { limit: 100 })).toMatchObject({ ok: true, hasMore: false });
    expect(paginate(ids(101), { limit: 100, startingAfter: 'id002' })).toEqual({ ok: true, ids: ['id001'], hasMore: false });
  });

  it('walking backwards with ending_before from the oldest id visits every id once, as the SDK does', () => {
    const seen: string[] = [];
    let cursor = 'c0';
    for (;;) {
      const page = paginate(ten, { limit: 4, endingBefore: cursor });
      if (!page.ok) throw new Error('unexpected');
      seen.push(...[...page.ids].reverse());
      const first = page.ids[0];
      if (!page.hasMore || first === undefined) break;
      cursor = first;
    }
    expect(seen).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
  });

  it('names a cursor that is not in the list', () => {
    expect(paginate(ten, { limit: 3, startingAfter: 'gone' })).toEqual({ ok: false, reason: 'cursor-not-in-list', param: 'starting_after', id: 'gone' });
    expect(paginate(ten, { limit: 3, endingBefore: 'gone' })).toEqual({ ok: false, reason: 'cursor-not-in-list', param: 'ending_before', id: 'gone' });
  });

  it('looks both cursors up before refusing the pair, as Stripe does', () => {
    expect(paginate(ten, { limit: 3, startingAfter: 'gone', endingBefore: 'c1' })).toMatchObject({ reason: 'cursor-not-in-list', id: 'gone' });
    expect(paginate(ten, { limit: 3, startingAfter: 'c5', endingBefore: 'c1' })).toEqual({ ok: false, reason: 'both-cursors' });
  });
});
