import { afterEach, describe, expect, it } from 'vitest';
import { listLedgerEntries } from '../../src/core/db/repositories/event-ledger';
import { readEventsCursor } from '../../src/core/db/repositories/events-cursor';
import { listSyncLogs } from '../../src/core/db/repositories/sync-logs';
import { isViewError } from '../../src/sim/account/account-view';
import { createRandom } from '../../src/sim/model/random';
import { expectMirrorEqualsTruth } from '../support/mirror';
import { storyEvents } from '../support/simulator';
import { type Rig, startRig } from './support/rig';
import { type EventLike, type StripeProxy, startStripeProxy } from './support/stripe-proxy';

/**
 * Events as Stripe really lists them, through the poller: duplicated and out of order within and across pages, two
 * snapshots of one object in the same second, an event showing up after the cursor passed it (inside the overlap), an
 * old event arriving late, and a 35-day gap during which the account really changed (customers deleted included).
 *
 * Already proven elsewhere, not repeated: incremental-sync.test.ts — a second poll counts every event as a duplicate,
 * and a cursor 35 days old (written by hand) is logged as a gap and replaced by a full sync; webhook-chaos.test.ts —
 * webhook deliveries duplicated and shuffled, each applied once, older snapshots skipped as stale, a late stale event;
 * live-backfill.test.ts — events during a backfill arrive from the cursor taken before it.
 */

const start = Date.UTC(2026, 10, 27) / 1000;
const day = 86_400;

const disposals: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposals.splice(0).reverse()) await dispose();
});

/** A synced account whose sync goes through a proxy that can rewrite `/v1/events` pages. */
async function syncedBehindProxy(seed: number, customers: number, accountId: string): Promise<{ setup: Rig; proxy: StripeProxy }> {
  // The sync connects to the proxy, which needs the simulator's address first.
  const route: { proxy?: StripeProxy } = {};
  const setup = await startRig({ seed, customers, now: start, server: { rateLimits: null } }, { accountId, apiBase: () => route.proxy?.url ?? '' });
  disposals.push(() => setup.dispose());
  const hop = await startStripeProxy(setup.simulator.url);
  route.proxy = hop;
  disposals.push(() => hop.close());
  expect((await setup.runner.run({ accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
  return { setup, proxy: hop };
}

/** The full event objects the simulator holds for [from, to], newest first (its list order). */
function eventsBetween(setup: Rig, from: number, to: number): EventLike[] {
  const { view } = setup.simulator.account;
  const listed = view.list('events', { created: { gte: from, lte: to } });
  if (isViewError(listed)) throw new Error(listed.error.message);
  return Array.from({ length: listed.length }, (_, position) => view.retrieve('events', listed.idAt(position)) as unknown as EventLike);
}

describe('the events list duplicating and reordering', () => {
  it('every page shuffled and a third of its events repeated, some on the next page too: each event applied once, the mirror exact', async () => {
    const { setup, proxy } = await syncedBehindProxy(81, 150, 'acc_evshuffle001');
    const from = setup.now();
    setup.simulator.account.clock.advance(4 * day);
    const expected = storyEvents(setup.simulator.account, from + 1, setup.now());
    expect(expected.length).toBeGreaterThan(60);

    const random = createRandom(81);
    let carried: EventLike[] = [];
    const served = new Map<string, number>();
    proxy.rewriteEvents = (events) => {
      // The last event stays last: it is the page's `starting_after` cursor. Everything before it is shuffled, with
      // repeats, and a few events of the previous page come again.
      const last = events.at(-1);
      const body = [...events.slice(0, -1), ...events.slice(0, -1).filter(() => random.chance(0.33)), ...carried];
      for (let i = body.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [body[i], body[j]] = [body[j] as EventLike, body[i] as EventLike];
      }
      carried = events.filter(() => random.chance(0.2));
      const page = last ? [...body, last] : body;
      for (const event of page) served.set(event.id, (served.get(event.id) ?? 0) + 1);
      return page;
    };

    const result = await setup.runner.run({ accountId: setup.accountId, trigger: 'schedule', kind: 'incremental' });

    expect(result.status).toBe('succeeded');
    const listed = [...served.values()].reduce((sum, count) => sum + count, 0);
    expect(listed).toBeGreaterThan(expected.length * 1.2);
    expect(result.counts.events).toEqual({ fetched: listed, written: expect.any(Number) as number });
    const ledger = listLedgerEntries(setup.db, setup.accountId, 100_000);
    const polled = new Map(ledger.filter((entry) => entry.eventCreated !== null && entry.eventCreated > from).map((entry) => [entry.eventId, entry]));
    expect([...polled.keys()].sort()).toEqual(expected.map((event) => event.id).sort());
    expect([...polled.values()].every((entry) => entry.status === 'processed')).toBe(true);
    // Each repeat reached the ledger as one more attempt on the event's row, never as a second application.
    for (const [id, entry] of polled) expect(entry.attempts, id).toBe(served.get(id));
    expectMirrorEqualsTruth(setup.db, setup.accountId, setup.simulator.account, setup.now());
  }, 120_000);
});

describe('two snapshots of one object in the same second', () => {
  it.each(['the true one listed last', 'the true one listed first'])('%s: the tie is settled by fetching the object, and the mirror is exact', async (order) => {
    const { setup, proxy } = await syncedBehindProxy(82, 100, 'acc_evtie0000001');
    const from = setup.now();
    setup.simulator.account.clock.advance(2 * day);
    const window = eventsBetween(setup, from + 1, setup.now());
    const real = window.find((event) => event.data.object.object === 'subscription');
    if (!real) throw new Error('no subscription event in the window');
    // A second event for the same subscription in the same second, with another snapshot: as Stripe can list two
    // updates made within one second, in either order.
    const twin: EventLike = { ...real, id: `evt_tie${real.id.slice(4)}`, data: { ...real.data, object: { ...real.data.object, metadata: { tie: 'an intermediate state' } } } };
    proxy.rewriteEvents = (events) => events.flatMap((event) => (event.id !== real.id ? [event] : order === 'the true one listed last' ? [real, twin] : [twin, real]));
    const retrievesBefore = setup.simulator.server.counters.byEndpoint['GET /v1/subscriptions/:id'] ?? 0;

    const result = await setup.runner.run({ accountId: setup.accountId, trigger: 'schedule', kind: 'incremental' });

    expect(result.status).toBe('succeeded');
    // The second of the two found a different snapshot stamped with the same second, and asked Stripe for the object.
    expect((setup.simulator.server.counters.byEndpoint['GET /v1/subscriptions/:id'] ?? 0) - retrievesBefore).toBeGreaterThanOrEqual(1);
    const stored = setup.db.prepare<[string, string], { raw: string; sourceTs: number }>('SELECT raw, source_ts AS sourceTs FROM subscriptions WHERE account_id = ? AND id = ?').get(setup.accountId, real.data.object.id);
    expect(stored?.raw).not.toContain('an intermediate state');
    expect(stored?.sourceTs).toBeGreaterThanOrEqual(real.created);
    expectMirrorEqualsTruth(setup.db, setup.accountId, setup.simulator.account, setup.now());
  }, 120_000);
});

describe('events behind the cursor', () => {
  it('one listed only after the cursor passed it, within the overlap, is applied; an old one arriving late is skipped as stale and moves nothing back', async () => {
    const { setup, proxy } = await syncedBehindProxy(86, 150, 'acc_evbehind0001');
    const from = setup.now();
    setup.simulator.account.clock.advance(3 * day);
    const end = setup.now();
    const window = eventsBetween(setup, from + 1, end);
    // F and E: two events under 300 s (the overlap) apart, E the older one (seed 86 has two such pairs in these days).
    const chronological = [...window].reverse();
    const gapBefore = (position: number) => (chronological[position]?.created ?? 0) - (chronological[position - 1]?.created ?? 0);
    const index = chronological.findIndex((_, position) => position > 0 && gapBefore(position) > 0 && gapBefore(position) < 300);
    const front = chronological[index];
    const late = chronological[index - 1];
    if (!front || !late) throw new Error('no two events under 300 s apart in the window');
    expect(late.created).toBeLessThan(front.created);

    // First poll at F's instant, while Stripe's list does not show E yet: the cursor ends at F, after E.
    setup.simulator.account.clock.advance(front.created - setup.now());
    proxy.rewriteEvents = (events) => events.filter((event) => event.id !== late.id);
    expect((await setup.runner.run({ accountId: setup.accountId, trigger: 'schedule', kind: 'incremental' })).status).toBe('succeeded');
    expect(readEventsCursor(setup.db, setup.accountId)?.lastEventCreated).toBe(front.created);
    expect(listLedgerEntries(setup.db, setup.accountId, 100_000).some((entry) => entry.eventId === late.id)).toBe(false);
    setup.simulator.account.clock.advance(end - setup.now());

    // Second poll: everything is listed, and with it an event from 20 days ago, delivered late, of an object that changed since.
    const old = eventsBetween(setup, start - 20 * day, start - 19 * day).find((event) => event.data.object.object === 'subscription' || event.data.object.object === 'customer');
    if (!old) throw new Error('no old event');
    const table = `${old.data.object.object}s`;
    const storedOld = () => setup.db.prepare<[string, string], { raw: string; sourceTs: number }>(`SELECT raw, source_ts AS sourceTs FROM ${table} WHERE account_id = ? AND id = ?`).get(setup.accountId, old.data.object.id);
    const before = storedOld();
    // First on the first page: a last element would become the next page's cursor.
    proxy.rewriteEvents = (events, query) => (query.has('starting_after') ? events : [old, ...events]);
    expect((await setup.runner.run({ accountId: setup.accountId, trigger: 'schedule', kind: 'incremental' })).status).toBe('succeeded');

    const ledger = new Map(listLedgerEntries(setup.db, setup.accountId, 100_000).map((entry) => [entry.eventId, entry]));
    expect(ledger.get(late.id)?.status).toBe('processed');
    expect(ledger.get(old.id)?.status).toBe('processed');
    expect(storedOld()).toEqual(before);
    const cursor = readEventsCursor(setup.db, setup.accountId);
    expect(cursor?.lastEventCreated).toBe(window[0]?.created);
    expectMirrorEqualsTruth(setup.db, setup.accountId, setup.simulator.account, setup.now());
  }, 120_000);
});

describe('a real 35-day gap', () => {
  it('the account changes for 35 days while Recur is closed: the gap is logged, a full sync runs, and the mirror equals the account, deletions included', async () => {
    const setup = await startRig({ seed: 84, customers: 200, now: start, server: { rateLimits: null } }, { accountId: 'acc_evgap0000001' });
    disposals.push(() => setup.dispose());
    expect((await setup.runner.run({ accountId: setup.accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
    const from = setup.now();
    setup.simulator.account.clock.advance(35 * day);
    const happened = storyEvents(setup.simulator.account, from + 1, setup.now());
    expect(happened.some((event) => event.type === 'customer.deleted')).toBe(true);

    const result = await setup.runner.run({ accountId: setup.accountId, trigger: 'launch', kind: 'incremental' });

    const [gapRun, incrementalRun] = listSyncLogs(setup.db, setup.accountId);
    expect(incrementalRun).toMatchObject({ kind: 'incremental', status: 'failed' });
    expect(incrementalRun?.error).toContain('older than the 30 days Stripe keeps events');
    expect(gapRun).toMatchObject({ kind: 'full', trigger: 'gap', status: 'succeeded' });
    expect(result).toMatchObject({ status: 'succeeded', runId: gapRun?.id });
    expectMirrorEqualsTruth(setup.db, setup.accountId, setup.simulator.account, setup.now());
  }, 120_000);
});
