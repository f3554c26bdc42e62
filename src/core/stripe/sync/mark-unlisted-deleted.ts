import type Database from 'better-sqlite3';
import { type BackfillSlice } from '../../db/repositories/backfill-slices';
import { type BackfillResource, resourceSpecs } from './sync-resources';

/**
 * Resources whose Stripe list leaves deleted objects out (a deleted customer, product, price, coupon or draft invoice
 * is only ever told by its `*.deleted` event), each mirrored in a table with a `deleted` flag.
 */
const listsOmitDeleted: readonly BackfillResource[] = ['products', 'prices', 'coupons', 'customers', 'invoices'];

/**
 * After a complete backfill, marks deleted the rows it did not list. Deletions are otherwise only learnt from events,
 * and a sync that found its cursor older than the 30 days Stripe keeps events (the `gap` full sync) never sees those
 * of the gap: the customers deleted meanwhile stayed in the mirror as live (found by tests/reliability/events.test.ts).
 *
 * Every page of the backfill was read after its plan's `upTo` (the newest `rangeEnd`: the server time its events
 * cursor was taken at) and is stamped with that read time, as is anything an event wrote since. So a row still
 * stamped before `upTo` is one no page of this backfill returned: Stripe no longer lists it. It becomes a tombstone
 * stamped `upTo`, so an older event arriving late cannot bring it back. Resources the key may not read are left alone.
 * Answers how many rows were marked, per resource.
 */
export function markUnlistedAsDeleted(db: Database.Database, accountId: string, slices: readonly BackfillSlice[], denied: ReadonlySet<string>): Record<string, number> {
  const marked: Record<string, number> = {};
  db.transaction(() => {
    for (const resource of listsOmitDeleted) {
      if (denied.has(resource)) continue;
      const ranges = slices.filter((slice) => slice.resource === resource);
      if (ranges.length === 0) continue;
      const upTo = Math.max(...ranges.map((slice) => slice.rangeEnd));
      const { table } = resourceSpecs[resource];
      const changes = db.prepare(`UPDATE "${table}" SET deleted = 1, source_ts = ? WHERE account_id = ? AND deleted = 0 AND source_ts < ?`).run(upTo, accountId, upTo).changes;
      if (changes > 0) marked[resource] = changes;
    }
  })();
  return marked;
}
