import { afterEach, describe, expect, it } from 'vitest';
import { listLedgerEntries } from '../../src/core/db/repositories/event-ledger';
import { readEventsCursor } from '../../src/core/db/repositories/events-cursor';
import { listSyncLogs } from '../../src/core/db/repositories/sync-logs';
import { rateLimitedReasons } from '../../src/core/stripe/pacing/stripe-error-kind';
import { rateLimitProfiles } from '../../src/sim/server/rate-limiter';
import { expectMirrorEqualsTruth } from '../support/mirror';
import { storyEvents, waitUntil } from '../support/simulator';
import { idsOf, type Rig, rowCounts, startRig } from './support/rig';
import { type StripeProxy, startStripeProxy } from './support/stripe-proxy';

/**
 * Stripe misbehaving: every kind of 429 Stripe sends, 5xx bursts and a 5xx outage, dropped connections and cut-off or
 * slow answers during an events poll, a key revoked while events are applied, and a permission removed while a full
 * sync runs. Each ends with no row lost or duplicated (the mirror equals the ground truth id for id, or keeps exactly
 * what it had) and an honest `sync_logs` row.
 *
 * Already proven in tests/integration/sync/faults.test.ts, not repeated: a full sync through 5% server errors, 2%
 * resets, 2% cut-off bodies, 5% slow answers and a burst of 8 `global-concurrency` 429s (exact mirror, requests and
 * 429s logged exactly); a key revoked mid full sync and for good (the 401 message, nothing lost, resume); a restricted
 * key without invoices from the start (partial, its message); Stripe unreachable mid-sync (the could-not-reach message,
 * resume on restart). tests/integration/core/pacing-against-simulator.test.ts covers the pacer against real limits.
 */

const start = Date.UTC(2026, 10, 27) / 1000;
const day = 86_400;
const unreachable = 'Recur could not reach Stripe, or Stripe kept failing, even after retrying. Check your connection; the next sync resumes where this one stopped, and nothing stored was lost.';

const disposals: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposals.splice(0).reverse()) await dispose();
});

async function rig(...args: Parameters<typeof startRig>): Promise<Rig> {
  const started = await startRig(...args);
  disposals.push(() => started.dispose());
  return started;
}

describe('a storm of 429s, for each reason Stripe gives', () => {
  // The four the simulator's limiter sends, `resource-specific` (a hot object), and a 429 that names no reason.
  const reasons = rateLimitedReasons.map((reason) => (reason === 'unspecified' ? undefined : reason));
  it.each(reasons.map((reason) => [reason ?? 'no reason header', reason]))('%s: 8 refusals in a row mid-backfill, then a sync that succeeds and says how many it met', async (_, reason) => {
    // The sync connects to a proxy in front of the simulator, which needs the simulator's address first.
    const route: { proxy?: StripeProxy } = {};
    const setup = await rig({ seed: 71, customers: 60, now: start, server: { rateLimits: null, latency: { baseMs: 5, perObjectMs: 0.05 } } }, { accountId: 'acc_storm000001', apiBase: () => route.proxy?.url ?? '' });
    const hop = await startStripeProxy(setup.simulator.url);
    route.proxy = hop;
    disposals.push(() => hop.close());

    const storm = (async () => {
      await waitUntil(() => hop.counters.requests >= 15, 'the backfill to be under way');
      // A Retry-After on one of them: honoured as a floor on the wait (retry-policy.ts).
      hop.rateLimit(8, reason, reason === 'resource-specific' ? 1 : undefined);
    })();
    const result = await setup.runner.run({ accountId: setup.accountId, trigger: 'manual', kind: 'full' });
    await storm;

    expect(hop.counters.rateLimited).toBe(8);
    expect(result).toMatchObject({ status: 'succeeded', error: null, rateLimited: 8, requests: hop.counters.requests });
    expect(listSyncLogs(setup.db, setup.accountId)[0]).toMatchObject({ status: 'succeeded', rateLimitWaits: 8, requests: hop.counters.requests, error: null });
    expectMirrorEqualsTruth(setup.db, setup.accountId, setup.simulator.account, start);
  }, 120_000);
});

describe('an events poll through a bad network', () => {
  it('5xx bursts, dropped connections, cut-off and slow answers: every event applied once, the mirror exact, every request logged', async () => {
    const setup = await rig({ seed: 72, customers: 120, now: start, server: { rateLimits: rateLimitProfiles.test } }, { accountId: 'acc_badnetwork01' });
    expect((await setup.runner.run({ accountId: setup.accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
    const from = setup.now();
    setup.simulator.account.clock.advance(3 * day);
    const events = storyEvents(setup.simulator.account, from + 1, setup.now());
    setup.simulator.server.setOptions({ seed: 72, faults: { serverErrorRate: 0.1, resetRate: 0.06, truncateRate: 0.06, slowRate: 0.1, slowMs: 250 } });
    setup.simulator.server.resetCounters();
    // A burst: the poll's first request is answered 500 three times running (five attempts are allowed).
    setup.simulator.server.setOptions({ forceFault: { count: 3, kind: 'server-error' } });

    const poll = () => setup.runner.run({ accountId: setup.accountId, trigger: 'schedule', kind: 'incremental' });
    const runs = [await poll()];
    // Faults are drawn in the order requests arrive, which the machine's load can change: one request may then meet
    // more failures in a row than its five attempts allow. That poll fails cleanly, and the next one finishes the job.
    if (runs[0]?.status === 'failed') {
      expect(runs[0]).toMatchObject({ error: unreachable });
      runs.push(await poll());
    }
    const result = runs[runs.length - 1];

    expect(result).toMatchObject({ status: 'succeeded', error: null });
    const served = setup.simulator.server.counters;
    // The forced burst, and random faults on top of it (which kinds depends on how many requests the poll makes;
    // faults.test.ts shows every kind in a full sync).
    expect(served.faults.serverError).toBeGreaterThanOrEqual(3);
    expect(served.faults.serverError + served.faults.reset + served.faults.truncate + served.faults.slow, JSON.stringify(served.faults)).toBeGreaterThanOrEqual(5);
    expect(runs.reduce((total, run) => total + run.requests, 0)).toBe(served.requests);
    expect(listSyncLogs(setup.db, setup.accountId)[0]).toMatchObject({ kind: 'incremental', status: 'succeeded', requests: result?.requests });
    const ledger = listLedgerEntries(setup.db, setup.accountId, 100_000);
    for (const event of events) expect(ledger.find((entry) => entry.eventId === event.id)?.status, event.id).toBe('processed');
    expect(ledger.filter((entry) => entry.status !== 'processed')).toEqual([]);
    expectMirrorEqualsTruth(setup.db, setup.accountId, setup.simulator.account, setup.now());
  }, 120_000);

  it('a 5xx outage for the whole poll: failed with the could-not-reach message, nothing changed, and the next poll catches up', async () => {
    const setup = await rig({ seed: 73, customers: 80, now: start, server: { rateLimits: null } }, { accountId: 'acc_outage00001' });
    expect((await setup.runner.run({ accountId: setup.accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
    const stored = rowCounts(setup.db, setup.accountId);
    const cursor = readEventsCursor(setup.db, setup.accountId);
    setup.simulator.account.clock.advance(2 * day);
    setup.simulator.server.setOptions({ forceFault: { count: 1_000, kind: 'server-error' } });

    const down = await setup.runner.run({ accountId: setup.accountId, trigger: 'schedule', kind: 'incremental' });

    expect(down).toMatchObject({ status: 'failed', error: unreachable });
    // Five attempts (the transient budget) at the one request it could not get past, every one of them logged.
    expect(down.requests).toBe(5);
    expect(listSyncLogs(setup.db, setup.accountId)[0]).toMatchObject({ kind: 'incremental', status: 'failed', error: unreachable, requests: 5 });
    expect(rowCounts(setup.db, setup.accountId)).toEqual(stored);
    expect(readEventsCursor(setup.db, setup.accountId)).toEqual(cursor);

    setup.simulator.server.setOptions({ forceFault: null });
    expect(await setup.runner.run({ accountId: setup.accountId, trigger: 'schedule', kind: 'incremental' })).toMatchObject({ status: 'succeeded', error: null });
    expectMirrorEqualsTruth(setup.db, setup.accountId, setup.simulator.account, setup.now());
  }, 120_000);
});

describe('keys and permissions changing under a running sync', () => {
  it('a key revoked while events are being applied: failed with the 401 message, the cursor at the last event written, and no event lost once a key works again', async () => {
    const setup = await rig({ seed: 74, customers: 150, now: start, server: { rateLimits: null, latency: { baseMs: 15, perObjectMs: 0.1 } } }, { accountId: 'acc_revokedpoll1' });
    expect((await setup.runner.run({ accountId: setup.accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
    const from = setup.now();
    setup.simulator.account.clock.advance(4 * day);
    const events = storyEvents(setup.simulator.account, from + 1, setup.now());
    const served = () => setup.simulator.server.counters.byEndpoint;
    const eventsPagesBefore = served()['GET /v1/events'] ?? 0;

    // Once the events are read and the first object fetched for one of them (a new customer's currency, a long item
    // list), the key is rolled: the next fetch gets a 401.
    const retrieves = () => Object.entries(served()).filter(([endpoint]) => endpoint.endsWith('/:id') || endpoint.includes('subscription_items') || endpoint.includes('/lines')).reduce((sum, [, count]) => sum + count, 0);
    const retrievesBefore = retrieves();
    const revoke = (async () => {
      await waitUntil(() => (served()['GET /v1/events'] ?? 0) > eventsPagesBefore && retrieves() > retrievesBefore, 'the poll to fetch an object for an event');
      setup.simulator.server.setOptions({ apiKeys: [] });
    })();
    const revoked = await setup.runner.run({ accountId: setup.accountId, trigger: 'schedule', kind: 'incremental' });
    await revoke;

    const authMessage = 'Stripe rejected the API key (…abcd). It may have been revoked or rolled: create a new restricted key in Stripe and connect it again in Settings. Your data already synced is kept.';
    expect(revoked).toMatchObject({ status: 'failed', error: authMessage });
    expect(listSyncLogs(setup.db, setup.accountId)[0]).toMatchObject({ kind: 'incremental', status: 'failed', error: authMessage });
    const ledger = listLedgerEntries(setup.db, setup.accountId, 100_000);
    const failed = ledger.filter((entry) => entry.status === 'failed');
    expect(failed).toHaveLength(1);
    // The cursor stands at the newest event written, before the one that failed: the next poll reads that one again.
    const cursor = readEventsCursor(setup.db, setup.accountId);
    expect(cursor?.lastEventCreated).toBeLessThanOrEqual(failed[0]?.eventCreated ?? 0);
    expect(ledger.filter((entry) => entry.status === 'processed').every((entry) => (entry.eventCreated ?? 0) <= (cursor?.lastEventCreated ?? 0))).toBe(true);

    setup.simulator.server.setOptions({ apiKeys: [setup.simulator.apiKey] });
    expect(await setup.runner.run({ accountId: setup.accountId, trigger: 'manual', kind: 'incremental' })).toMatchObject({ status: 'succeeded', error: null });
    const after = new Map(listLedgerEntries(setup.db, setup.accountId, 100_000).map((entry) => [entry.eventId, entry]));
    for (const event of events) expect(after.get(event.id)?.status, event.id).toBe('processed');
    expect(after.get(failed[0]?.eventId ?? '')?.attempts).toBe(2);
    expectMirrorEqualsTruth(setup.db, setup.accountId, setup.simulator.account, setup.now());
  }, 120_000);

  it('the charges permission removed mid full sync: partial with the documented message, charges and refunds kept as they were, the rest exact', async () => {
    const key = 'rk_test_reliabilityPermission01abcd';
    const setup = await rig(
      { seed: 75, customers: 200, now: start, server: { rateLimits: rateLimitProfiles.test, latency: { baseMs: 10, perObjectMs: 0.1 }, extraApiKeys: [key], restrictedKeys: {} } },
      { accountId: 'acc_permission01', apiKey: () => key },
    );
    expect((await setup.runner.run({ accountId: setup.accountId, trigger: 'launch', kind: 'full' })).status).toBe('succeeded');
    const charges = idsOf(setup.db, 'charges', setup.accountId);
    const refunds = idsOf(setup.db, 'refunds', setup.accountId);
    setup.simulator.account.clock.advance(2 * day);
    const requestsBefore = setup.simulator.server.counters.requests;

    // The Dashboard takes Read on charges from the key a dozen requests into the daily full sync.
    const removal = (async () => {
      await waitUntil(() => setup.simulator.server.counters.requests >= requestsBefore + 12, 'the full sync to be under way');
      setup.simulator.server.setOptions({ restrictedKeys: { [key]: { deny: ['charges'] } } });
    })();
    const result = await setup.runner.run({ accountId: setup.accountId, trigger: 'schedule', kind: 'full' });
    await removal;

    // Both resources the permission covers, named in the order their 403s came.
    const message = expect.stringMatching(/^The key \(…abcd\) may not read (charges, refunds|refunds, charges), so those were skipped and the rest synced\. Give the key Read access to them in Stripe to see the full picture\.$/) as string;
    expect(result).toMatchObject({ status: 'partial', error: message });
    expect(listSyncLogs(setup.db, setup.accountId)[0]).toMatchObject({ kind: 'full', status: 'partial', error: result.error });
    // Charges and refunds: not one row lost (pages read before the 403 may have added some).
    expect(idsOf(setup.db, 'charges', setup.accountId)).toEqual(expect.arrayContaining(charges));
    expect(idsOf(setup.db, 'refunds', setup.accountId)).toEqual(expect.arrayContaining(refunds));
    expectMirrorEqualsTruth(setup.db, setup.accountId, setup.simulator.account, setup.now(), { except: ['charges', 'refunds'] });
  }, 120_000);
});
