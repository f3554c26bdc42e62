import type Database from 'better-sqlite3';
import type Stripe from 'stripe';
import { type BackfillSlice, clearBackfillSlices, insertBackfillSlices, listBackfillSlices } from '../../db/repositories/backfill-slices';
import { type Logger } from '../../ports';
import { type PacedRequester } from '../pacing/paced-request';
import { classifyStripeError } from '../pacing/stripe-error-kind';
import { type Received } from '../rows';
import { serverTimeOf } from '../stripe-connection';
import { completeItems, completeLines } from './complete-children';
import { type FetchedPage, writePage } from './page-writer';
import { backfillResources, type BackfillResource, isBackfillResource, resourceSpecs } from './sync-resources';

/** Per resource: what a run fetched from Stripe and wrote to the database (stale snapshots are fetched, not written). */
export type ResourceCounts = Record<string, { fetched: number; written: number }>;

export interface FullSyncProgress {
  resource: BackfillResource;
  counts: ResourceCounts;
  slicesDone: number;
  slicesTotal: number;
}

export interface FullSyncOptions {
  db: Database.Database;
  stripe: Stripe;
  requester: PacedRequester;
  logger: Logger;
  accountId: string;
  runId: number;
  /** Everything created up to this instant is backfilled (the events cursor's time: later changes arrive as events). */
  upTo: number;
  /** The account's first second (`/v1/account` created); slices start here. */
  accountCreated: number;
  /** Requests in flight at once; the pacer keeps them under Stripe's rates. */
  concurrency?: number;
  /** Initial slices per large resource; busy slices split further as they are paged. */
  slicesPerResource?: number;
  onProgress?(progress: FullSyncProgress): void;
  now(): number;
}

export interface FullSyncOutcome {
  counts: ResourceCounts;
  /** Resources a restricted key may not read, with Stripe's message: the rest synced (status `partial`). */
  denied: { resource: BackfillResource; message: string }[];
}

/** A slice narrower than this is never split: below it, the extra requests cost more than the parallelism gains. */
const minimumSplitSeconds = 6 * 3600;

/**
 * The backfill: every resource is cut into `created` time slices that workers page through in parallel, newest first,
 * each page written (with its cursor) in one transaction. A slice that turns out busy is split in two while it is
 * paged, so idle workers can take its older half. The slices live in the database, so a killed sync resumes from its
 * cursors without refetching a page it had written.
 */
export async function runFullSync(options: FullSyncOptions): Promise<FullSyncOutcome> {
  const { db, accountId } = options;
  let slices = listBackfillSlices(db, accountId);
  if (slices.length === 0 || slices.every((slice) => slice.status === 'done')) {
    clearBackfillSlices(db, accountId);
    slices = planSlices(options);
    insertBackfillSlices(db, slices, options.runId);
  }
  const queue = slices.filter((slice) => slice.status !== 'done').sort(bySize);
  const counts: ResourceCounts = Object.fromEntries(backfillResources.map((resource) => [resource, { fetched: 0, written: 0 }]));
  const denied = new Map<BackfillResource, string>();
  let slicesTotal = slices.length;
  let slicesDone = slices.length - queue.length;
  let idleWorkers = 0;
  let failure: unknown;

  const worker = async (): Promise<void> => {
    while (failure === undefined) {
      const slice = queue.shift();
      if (!slice) return;
      if (!isBackfillResource(slice.resource) || denied.has(slice.resource)) continue;
      try {
        await pageThrough(slice, slice.resource);
        slicesDone++;
      } catch (error) {
        const kind = classifyStripeError(error);
        if (kind.kind === 'permission') {
          const message = error instanceof Error ? error.message : String(error);
          denied.set(slice.resource, message);
          options.logger.warn('A resource could not be read with this key', { resource: slice.resource, permission: kind.resource });
          continue;
        }
        failure = error;
      }
    }
  };

  const pageThrough = async (slice: BackfillSlice, resource: BackfillResource): Promise<void> => {
    const spec = resourceSpecs[resource];
    for (;;) {
      const params = { limit: 100, created: { gte: slice.rangeStart, lte: slice.rangeEnd }, ...(slice.cursor ? { starting_after: slice.cursor } : {}) };
      const page = await options.requester.request(spec.endpoint, () => spec.listPage(options.stripe, params));
      const fetched: FetchedPage = {
        objects: page.data,
        items: resource === 'subscriptions' ? await completeItems(options.stripe, options.requester, page.data as Received<Stripe.Subscription>[]) : new Map(),
        lines: resource === 'invoices' ? await completeLines(options.stripe, options.requester, page.data as Received<Stripe.Invoice>[]) : new Map(),
        sourceTs: serverTimeOf(page, options.now),
      };
      const last = page.data[page.data.length - 1];
      slice.fetched += page.data.length;
      slice.cursor = last?.id ?? slice.cursor;
      slice.status = page.has_more ? 'running' : 'done';
      // A busy slice hands its older half to an idle worker. The cursor stays valid: its object is in the upper half.
      const split = page.has_more && last && idleWorkers > 0 ? splitSlice(slice, last.created) : undefined;
      const written = writePage(db, accountId, fetched, slice, split && { slice: split, runId: options.runId });
      if (split) {
        queue.push(split);
        slicesTotal++;
      }
      const tally = counts[resource] ?? { fetched: 0, written: 0 };
      tally.fetched += page.data.length;
      tally.written += written.written;
      counts[resource] = tally;
      options.onProgress?.({ resource, counts, slicesDone, slicesTotal });
      if (!page.has_more) return;
    }
  };

  const concurrency = options.concurrency ?? 8;
  const tracked = async () => {
    await worker();
    // A worker with nothing left to take makes busy slices split, so the others can share their work.
    idleWorkers++;
  };
  await Promise.all(Array.from({ length: concurrency }, tracked));
  if (failure !== undefined) throw failure;
  return { counts, denied: [...denied].map(([resource, message]) => ({ resource, message })) };
}

/** Equal slices from the account's start to `upTo`; small resources get one. */
function planSlices(options: FullSyncOptions): BackfillSlice[] {
  const slices: BackfillSlice[] = [];
  const start = Math.min(options.accountCreated, options.upTo);
  for (const resource of backfillResources) {
    const count = resourceSpecs[resource].isSmall ? 1 : Math.max(1, options.slicesPerResource ?? 4);
    const width = Math.ceil((options.upTo - start + 1) / count);
    for (let index = 0; index < count; index++) {
      const rangeStart = start + index * width;
      const rangeEnd = index === count - 1 ? options.upTo : rangeStart + width - 1;
      if (rangeStart > rangeEnd) continue;
      slices.push({ accountId: options.accountId, resource, rangeStart, rangeEnd, cursor: null, status: 'pending', fetched: 0 });
    }
  }
  return slices;
}

/**
 * Splits the part of a slice not yet paged ([rangeStart, lastCreated]) at its middle: the slice keeps the newer half
 * (its cursor is there), the older half is returned as a new slice. Undefined when too narrow to be worth it.
 */
function splitSlice(slice: BackfillSlice, lastCreated: number): BackfillSlice | undefined {
  if (lastCreated - slice.rangeStart < 2 * minimumSplitSeconds) return undefined;
  const middle = Math.floor((slice.rangeStart + lastCreated) / 2);
  const older: BackfillSlice = { accountId: slice.accountId, resource: slice.resource, rangeStart: slice.rangeStart, rangeEnd: middle - 1, cursor: null, status: 'pending', fetched: 0 };
  slice.rangeStart = middle;
  return older;
}

/** Bigger slices first, so the long ones start early and the pool drains evenly. */
function bySize(a: BackfillSlice, b: BackfillSlice): number {
  return b.rangeEnd - b.rangeStart - (a.rangeEnd - a.rangeStart);
}
