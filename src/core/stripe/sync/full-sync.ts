import { setMaxListeners } from 'node:events';
import type Database from 'better-sqlite3';
import type Stripe from 'stripe';
import { type BackfillSlice, clearBackfillSlices, insertBackfillSlices, listBackfillSlices } from '../../db/repositories/backfill-slices';
import { type Logger } from '../../ports';
import { type PacedRequester, stoppableBy } from '../pacing/paced-request';
import { type KeyMode } from '../pacing/request-pacer';
import { classifyStripeError } from '../pacing/stripe-error-kind';
import { type Received } from '../rows';
import { serverTimeOf } from '../stripe-connection';
import { BackfillCoverage } from './backfill-coverage';
import { completeItems, completeLines } from './complete-children';
import { createPageWriteBatcher, type FetchedPage } from './page-writer';
import { markUnlistedAsDeleted } from './mark-unlisted-deleted';
import { backfillResources, type BackfillResource, isBackfillResource, resourceSpecs } from './sync-resources';

/** Per resource: what a run fetched from Stripe and wrote to the database (stale snapshots are fetched, not written). */
export type ResourceCounts = Record<string, { fetched: number; written: number }>;

export interface FullSyncProgress {
  resource: BackfillResource;
  counts: ResourceCounts;
  slicesDone: number;
  slicesTotal: number;
  /** Per resource, the share of its `created` range paged so far (0–1): see BackfillCoverage. */
  coverage: Record<string, number>;
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
  /** The key's mode, which sets the defaults of `backfillPlan`. */
  mode: KeyMode;
  /** Slices paged at once; the pacer keeps their requests under Stripe's rates. */
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

/**
 * How a backfill is spread. Each endpoint has its own rate (25/s) besides the account's, and one worker keeps about one
 * page in flight, so reaching an endpoint's rate takes rate × round trip (≈0.1–0.4 s for a page of 100) workers on it:
 * a few in test mode, where the account's 25/s binds first, and several endpoints' worth in live mode (100/s), with
 * enough slices for every worker to start at once (a slice only splits once some worker has nothing to do). Measured
 * on the sync benchmark's large live account: 20 workers over 4 slices per resource reached 0.83 of the limits' bound,
 * 32 over 8 reached 0.88.
 */
export const backfillPlan: Record<KeyMode, { workers: number; slicesPerResource: number }> = {
  test: { workers: 8, slicesPerResource: 4 },
  live: { workers: 32, slicesPerResource: 8 },
};

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
  const queue = slices.filter((slice) => slice.status !== 'done');
  const counts: ResourceCounts = Object.fromEntries(backfillResources.map((resource) => [resource, { fetched: 0, written: 0 }]));
  const denied = new Map<BackfillResource, string>();
  let slicesTotal = slices.length;
  let slicesDone = slices.length - queue.length;
  const coverage = new BackfillCoverage(slices);
  let idleWorkers = 0;
  let failure: unknown;
  // The first failure ends the sync: requests other workers still have waiting in the pacer are dropped, not sent.
  const pages = createPageWriteBatcher(db, accountId);
  const stop = new AbortController();
  // Every request waiting in the pacer listens on it (and stops listening once sent): dozens at once is expected.
  setMaxListeners(0, stop.signal);
  const requester = stoppableBy(options.requester, stop.signal);
  /** Workers paging each resource now: the next slice goes to the resource with fewest, spreading them over endpoints. */
  const active = new Map<string, number>();

  const worker = async (): Promise<void> => {
    while (failure === undefined) {
      const slice = takeNextSlice(queue, active);
      if (!slice) return;
      if (!isBackfillResource(slice.resource) || denied.has(slice.resource)) continue;
      active.set(slice.resource, (active.get(slice.resource) ?? 0) + 1);
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
        // The first error is the sync's; requests dropped because of it fail after it and say nothing new.
        if (failure === undefined) failure = error;
        stop.abort(new Error('The sync stopped after an error'));
      } finally {
        active.set(slice.resource, (active.get(slice.resource) ?? 1) - 1);
      }
    }
  };

  const pageThrough = async (slice: BackfillSlice, resource: BackfillResource): Promise<void> => {
    const spec = resourceSpecs[resource];
    const requestPage = () => {
      const params = { limit: 100, created: { gte: slice.rangeStart, lte: slice.rangeEnd }, ...(slice.cursor ? { starting_after: slice.cursor } : {}) };
      const request = requester.request(spec.endpoint, () => spec.listPage(options.stripe, params));
      // Awaited on the next turn of the loop; if this turn fails first, the request's own failure is moot.
      request.catch(() => undefined);
      return request;
    };
    let pending = requestPage();
    try {
      for (;;) {
        const page = await pending;
        const sourceTs = serverTimeOf(page, options.now);
        const last = page.data[page.data.length - 1];
        slice.fetched += page.data.length;
        slice.cursor = last?.id ?? slice.cursor;
        slice.status = page.has_more ? 'running' : 'done';
        // A busy slice hands its older half to an idle worker. The cursor stays valid: its object is in the upper half.
        const split = page.has_more && last && idleWorkers > 0 ? splitSlice(slice, last.created) : undefined;
        // Counted at once, while the slice is narrower: progress other workers report meanwhile must include both halves.
        if (split) coverage.add(split);
        // The next page is requested now, with the cursor and range just set, so its round trip overlaps completing this
        // page's children and writing it. The database only learns the new cursor with this page's write: a crash in
        // between refetches this page, nothing is skipped.
        if (page.has_more) pending = requestPage();
        const fetched: FetchedPage = {
          objects: page.data,
          items: resource === 'subscriptions' ? await completeItems(options.stripe, requester, page.data as Received<Stripe.Subscription>[]) : new Map(),
          lines: resource === 'invoices' ? await completeLines(options.stripe, requester, page.data as Received<Stripe.Invoice>[]) : new Map(),
          sourceTs,
        };
        const written = await pages.write(fetched, slice, split && { slice: split, runId: options.runId });
        if (last) coverage.paged(slice, last.created);
        if (split) {
          queue.push(split);
          slicesTotal++;
        }
        const tally = counts[resource] ?? { fetched: 0, written: 0 };
        tally.fetched += page.data.length;
        tally.written += written.written;
        counts[resource] = tally;
        options.onProgress?.({ resource, counts, slicesDone, slicesTotal, coverage: coverage.byResource() });
        if (!page.has_more) return;
      }
    } finally {
      // A page requested ahead is waited for even when this one failed: no request outlives the sync.
      await pending.catch(() => undefined);
    }
  };

  const concurrency = options.concurrency ?? backfillPlan[options.mode].workers;
  const tracked = async () => {
    await worker();
    // A worker with nothing left to take makes busy slices split, so the others can share their work.
    idleWorkers++;
  };
  await Promise.all(Array.from({ length: concurrency }, tracked));
  if (failure !== undefined) throw failure;
  // Complete: what Stripe no longer lists was deleted, even where its `*.deleted` event was never seen.
  const marked = markUnlistedAsDeleted(db, accountId, slices, new Set(denied.keys()));
  if (Object.keys(marked).length > 0) options.logger.info('Objects Stripe no longer lists were marked deleted', { accountId, marked });
  return { counts, denied: [...denied].map(([resource, message]) => ({ resource, message })) };
}

/** Equal slices from the account's start to `upTo`; small resources get one. */
function planSlices(options: FullSyncOptions): BackfillSlice[] {
  const slices: BackfillSlice[] = [];
  const start = Math.min(options.accountCreated, options.upTo);
  for (const resource of backfillResources) {
    const perResource = Math.max(1, options.slicesPerResource ?? backfillPlan[options.mode].slicesPerResource);
    // A resource that fans out into a child endpoint draws on two endpoints' rates: room for twice the workers.
    const count = resourceSpecs[resource].isSmall ? 1 : perResource * endpointWeight(resource);
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

/**
 * Takes the slice to page next: from the resource with the fewest workers on it (each endpoint has its own rate, so
 * spreading workers over endpoints uses them all at once), preferring resources that fan out into a child endpoint
 * (see ResourceSpec.childEndpoint), then the widest slice, so long ones start early and the pool drains evenly.
 */
function takeNextSlice(queue: BackfillSlice[], active: ReadonlyMap<string, number>): BackfillSlice | undefined {
  let best = -1;
  for (let index = 0; index < queue.length; index++) {
    if (best < 0 || comesBefore(queue[index] as BackfillSlice, queue[best] as BackfillSlice, active)) best = index;
  }
  return best < 0 ? undefined : queue.splice(best, 1)[0];
}

function comesBefore(a: BackfillSlice, b: BackfillSlice, active: ReadonlyMap<string, number>): boolean {
  // Workers per endpoint drawn on: a fan-out resource's page is followed by requests to its child endpoint, so it takes
  // twice the workers to keep both endpoints at their rate (the invoices of a large account bind the whole sync).
  const busy = (active.get(a.resource) ?? 0) / endpointWeight(a.resource) - (active.get(b.resource) ?? 0) / endpointWeight(b.resource);
  if (busy !== 0) return busy < 0;
  const fansOut = Number(fansOutToChildren(a.resource)) - Number(fansOutToChildren(b.resource));
  if (fansOut !== 0) return fansOut > 0;
  return a.rangeEnd - a.rangeStart > b.rangeEnd - b.rangeStart;
}

/** How many endpoints' rates paging a resource draws on: its list endpoint, and its child endpoint if it fans out. */
function endpointWeight(resource: string): number {
  return fansOutToChildren(resource) ? 2 : 1;
}

function fansOutToChildren(resource: string): boolean {
  return isBackfillResource(resource) && resourceSpecs[resource].childEndpoint !== undefined;
}
