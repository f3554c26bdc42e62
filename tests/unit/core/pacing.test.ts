import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { endpointKey } from '../../../src/core/stripe/pacing/endpoint-key';
import { createPacedRequester } from '../../../src/core/stripe/pacing/paced-request';
import { type PacingTime } from '../../../src/core/stripe/pacing/pacing-time';
import { createRequestPacer, type RequestPacer, type RequestPacerOptions } from '../../../src/core/stripe/pacing/request-pacer';
import { backoffDelayMs, classifyStripeError, defaultRetryPolicy, type StripeErrorKind, withRetries } from '../../../src/core/stripe/pacing/retry-policy';
import { createTokenBucket } from '../../../src/core/stripe/pacing/token-bucket';
import { createRandom } from '../../../src/sim/model/random';
import { createMemoryLogger } from '../../support/memory-logger';

/**
 * Pacing runs on a manual clock: time moves only when a test advances it, every sleeper wakes at its exact instant, and
 * the assertions count requests at instants instead of measuring how long anything took.
 */

interface ManualTime extends PacingTime {
  advance(ms: number): Promise<void>;
}

/** Lets every promise chain that can run without time passing run to its end. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function createManualTime(): ManualTime {
  let now = 0;
  let order = 0;
  const sleepers: { at: number; order: number; wake(): void }[] = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => sleepers.push({ at: now + Math.max(0, ms), order: order++, wake: resolve })),
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        sleepers.sort((a, b) => a.at - b.at || a.order - b.order);
        const next = sleepers[0];
        if (!next || next.at > target) break;
        sleepers.shift();
        now = Math.max(now, next.at);
        next.wake();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}

function rateLimitError(reason?: string, retryAfterSeconds?: number): Stripe.errors.StripeRateLimitError {
  const headers: Record<string, string> = { 'request-id': 'req_test' };
  if (reason !== undefined) headers['stripe-rate-limited-reason'] = reason;
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  return new Stripe.errors.StripeRateLimitError({ message: 'Request rate limit exceeded.', type: 'invalid_request_error', code: 'rate_limit', statusCode: 429, headers });
}

const apiError = (statusCode: number, code?: string): Stripe.errors.StripeAPIError =>
  new Stripe.errors.StripeAPIError({ message: 'An unknown error occurred', type: 'api_error', statusCode, code });
const authError = (): Stripe.errors.StripeAuthenticationError =>
  new Stripe.errors.StripeAuthenticationError({ message: 'Invalid API Key provided: sk_test_****abcd', type: 'invalid_request_error', statusCode: 401 });
const permissionError = (message: string): Stripe.errors.StripePermissionError =>
  new Stripe.errors.StripePermissionError({ message, type: 'invalid_request_error', statusCode: 403 });
const invalidRequest = (statusCode: number, message: string): Stripe.errors.StripeInvalidRequestError =>
  new Stripe.errors.StripeInvalidRequestError({ message, type: 'invalid_request_error', statusCode });
const connectionError = (code: string): Stripe.errors.StripeConnectionError =>
  new Stripe.errors.StripeConnectionError({ message: 'An error occurred with our connection to Stripe.', detail: Object.assign(new Error(code), { code }) });

/** A pacer on a manual clock; `sent` records (endpoint, instant) for every request as it goes out. */
function pacerFixture(options: Partial<RequestPacerOptions> = {}) {
  const time = createManualTime();
  const logger = createMemoryLogger();
  // A 10% margin (not the default) keeps the AIMD figures below round: 25/s aims at 22.5/s.
  const pacer = createRequestPacer({ mode: 'test', margin: 0.1, time, logger, ...options });
  const sent: { endpoint: string; at: number }[] = [];
  const fire = (endpoint: string, outcome: () => Promise<unknown> = () => Promise.resolve('ok')): Promise<unknown> =>
    pacer.run(endpoint, () => {
      sent.push({ endpoint, at: time.now() });
      return outcome();
    });
  const sentBy = (at: number, endpoint?: string): number => sent.filter((entry) => entry.at <= at && (endpoint === undefined || entry.endpoint === endpoint)).length;
  return { time, logger, pacer, sent, fire, sentBy };
}

/** Fails the way a 429 does, and is then forgotten (the pacer saw it; the test does not retry). */
async function hitWith(pacer: RequestPacer, endpoint: string, error: unknown): Promise<void> {
  await pacer.run(endpoint, () => Promise.reject(error)).catch(() => undefined);
}

/** `count` successes on `endpoint`, driven through the clock until all have gone. */
async function succeed(fixture: ReturnType<typeof pacerFixture>, endpoint: string, count: number): Promise<void> {
  const runs = Array.from({ length: count }, () => fixture.fire(endpoint));
  await fixture.time.advance(60_000);
  await Promise.all(runs);
}

const customers = 'GET /v1/customers';
const invoices = 'GET /v1/invoices';

describe('token bucket', () => {
  it('starts full, refills at its rate, and never holds more than its capacity', async () => {
    const time = createManualTime();
    const bucket = createTokenBucket({ ratePerSecond: 10, capacity: 5, time });

    expect(Array.from({ length: 6 }, () => bucket.tryTake())).toEqual([true, true, true, true, true, false]);
    expect(bucket.msUntilToken()).toBe(100);
    await time.advance(50);
    expect(bucket.available()).toBeCloseTo(0.5, 9);
    expect(bucket.tryTake()).toBe(false);
    await time.advance(50);
    expect(bucket.tryTake()).toBe(true);
    await time.advance(60_000);
    expect(bucket.available()).toBe(5);
  });

  it('take() waits for each token in turn, first come first served', async () => {
    const time = createManualTime();
    const bucket = createTokenBucket({ ratePerSecond: 4, capacity: 1, time });
    const tookAt: number[] = [];
    const takers = [0, 1, 2].map((index) => bucket.take().then(() => tookAt.push(index * 1000 + time.now())));

    await time.advance(0);
    expect(tookAt).toEqual([0]);
    await time.advance(249);
    expect(tookAt).toEqual([0]);
    await time.advance(1);
    expect(tookAt).toEqual([0, 1250]);
    await time.advance(250);
    await Promise.all(takers);
    expect(tookAt).toEqual([0, 1250, 2500]);
  });

  it('a new rate applies from now on, and drain empties it', async () => {
    const time = createManualTime();
    const bucket = createTokenBucket({ ratePerSecond: 10, capacity: 10, time });
    bucket.setRate(2, 1);
    expect(bucket.available()).toBe(1);
    bucket.drain();
    expect(bucket.msUntilToken()).toBe(500);
    await time.advance(500);
    expect(bucket.tryTake()).toBe(true);
  });
});

describe('endpoint keys', () => {
  it.each([
    ['GET', '/v1/customers?limit=100&starting_after=cus_1', 'GET /v1/customers'],
    ['get', '/v1/customers/cus_NffrFeUfNV2Hib', 'GET /v1/customers/:id'],
    ['GET', '/v1/invoices/in_1MtHbELkdIwHu7ix/lines', 'GET /v1/invoices/:id/lines'],
    ['GET', '/v1/subscription_items', 'GET /v1/subscription_items'],
    ['GET', '/v1/customers/search', 'GET /v1/customers/search'],
    ['GET', '/v1/account', 'GET /v1/account'],
  ])('%s %s is metered as %s', (method, path, expected) => {
    expect(endpointKey(method, path)).toBe(expected);
  });
});

describe('request pacer: staying under the limits', () => {
  it('aims a margin below Stripe’s published rates for the key’s mode', () => {
    const rates = (options: RequestPacerOptions) => {
      const pacer = createRequestPacer({ ...options, time: createManualTime() });
      void pacer.run(customers, () => Promise.resolve());
      const { global, endpoints } = pacer.stats();
      return { global: global.maxRatePerSecond, endpoint: endpoints[customers]?.maxRatePerSecond, concurrency: global.maxConcurrency };
    };
    expect(rates({ mode: 'test' })).toEqual({ global: 24.25, endpoint: 24.25, concurrency: 12 });
    expect(rates({ mode: 'live' })).toEqual({ global: 97, endpoint: 24.25, concurrency: 32 });
    expect(rates({ mode: 'live', margin: 0.1 })).toEqual({ global: 90, endpoint: 22.5, concurrency: 32 });
    expect(rates({ mode: 'test', global: { concurrency: 8 } })).toMatchObject({ concurrency: 8 });
  });

  it('two endpoints share the global budget: 10/s across both, however the requests are split', async () => {
    const fixture = pacerFixture({ margin: 0, burstSeconds: 1, global: { ratePerSecond: 10, concurrency: 100 }, perEndpoint: { ratePerSecond: 10, concurrency: 100 } });
    const runs = Array.from({ length: 40 }, (_, index) => fixture.fire(index % 2 === 0 ? customers : invoices));

    await fixture.time.advance(0);
    expect([fixture.sentBy(0), fixture.sentBy(0, customers), fixture.sentBy(0, invoices)]).toEqual([10, 5, 5]);
    await fixture.time.advance(1000);
    expect([fixture.sentBy(999), fixture.sentBy(1000)]).toEqual([19, 20]);
    await fixture.time.advance(2000);
    expect(fixture.sentBy(3000)).toBe(40);
    await Promise.all(runs);
    expect(fixture.pacer.stats()).toMatchObject({ dispatched: 40, queued: 0, inFlight: 0 });
  });


  it('endpoints take turns for the global budget: 30 customer requests queued first do not hold back 10 invoice ones', async () => {
    const fixture = pacerFixture({ margin: 0, burstSeconds: 1, global: { ratePerSecond: 10, concurrency: 100 }, perEndpoint: { ratePerSecond: 100, concurrency: 100 } });
    const runs = [...Array.from({ length: 30 }, () => fixture.fire(customers)), ...Array.from({ length: 10 }, () => fixture.fire(invoices))];

    // The burst goes to the requests there are: the first ten customer ones, sent as they arrive.
    await fixture.time.advance(0);
    expect([fixture.sentBy(0, customers), fixture.sentBy(0, invoices)]).toEqual([10, 0]);
    // From then on the two alternate. First come, first served would send every customer request before an invoice one.
    await fixture.time.advance(1000);
    expect([fixture.sentBy(1000, customers), fixture.sentBy(1000, invoices)]).toEqual([15, 5]);
    await fixture.time.advance(1000);
    expect([fixture.sentBy(2000, customers), fixture.sentBy(2000, invoices)]).toEqual([20, 10]);
    // Once invoices has nothing waiting, customers has the whole budget.
    await fixture.time.advance(1000);
    expect([fixture.sentBy(3000, customers), fixture.sentBy(3000, invoices)]).toEqual([30, 10]);
    await Promise.all(runs);
  });
  it('an endpoint’s own bucket binds even when the account has room', async () => {
    const fixture = pacerFixture({ margin: 0, burstSeconds: 1, global: { ratePerSecond: 100, concurrency: 100 }, perEndpoint: { ratePerSecond: 10, concurrency: 100 } });
    const runs = Array.from({ length: 60 }, (_, index) => fixture.fire(index < 30 ? customers : invoices));

    await fixture.time.advance(0);
    expect([fixture.sentBy(0, customers), fixture.sentBy(0, invoices)]).toEqual([10, 10]);
    await fixture.time.advance(1000);
    expect([fixture.sentBy(1000, customers), fixture.sentBy(1000, invoices)]).toEqual([20, 20]);
    await fixture.time.advance(1000);
    await Promise.all(runs);
    expect(fixture.sentBy(2000)).toBe(60);
  });

  it('never has more requests in flight than the global and per-endpoint caps', async () => {
    const fixture = pacerFixture({ global: { concurrency: 3 }, perEndpoint: { ratePerSecond: 1000, concurrency: 2 }, margin: 0 });
    const finish = new Map<string, () => void>();
    let inFlight = 0;
    let mostInFlight = 0;
    const fire = (endpoint: string, name: string) =>
      fixture.fire(endpoint, () => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        return new Promise<void>((resolve) => finish.set(name, resolve)).then(() => (inFlight -= 1));
      });
    const release = async (name: string) => {
      finish.get(name)?.();
      await fixture.time.advance(0);
    };
    const runs = [fire(customers, 'c1'), fire(customers, 'c2'), fire(customers, 'c3'), fire(invoices, 'i1'), fire(invoices, 'i2'), fire(invoices, 'i3')];

    await fixture.time.advance(0);
    expect([...finish.keys()]).toEqual(['c1', 'c2', 'i1']);
    await release('c1');
    expect([...finish.keys()]).toEqual(['c1', 'c2', 'i1', 'c3']);
    await release('i1');
    expect([...finish.keys()]).toEqual(['c1', 'c2', 'i1', 'c3', 'i2']);
    for (const name of ['c2', 'c3', 'i2']) await release(name);
    await release('i3');
    await Promise.all(runs);
    expect(mostInFlight).toBe(3);
    expect(fixture.pacer.stats().global.inFlight).toBe(0);
  });

  it('a request abandoned while waiting leaves the queue and rejects with the abort reason', async () => {
    const fixture = pacerFixture({ margin: 0, burstSeconds: 1, global: { ratePerSecond: 1 } });
    await fixture.fire(customers);
    const controller = new AbortController();
    const waiting = fixture.pacer.run(customers, () => Promise.resolve('late'), { signal: controller.signal });
    controller.abort(new Error('sync cancelled'));
    await expect(waiting).rejects.toThrow('sync cancelled');
    expect(fixture.pacer.stats()).toMatchObject({ dispatched: 1, queued: 0 });
  });
});

describe('request pacer: adapting to 429s', () => {
  it('global-rate halves the account’s rate, leaves endpoints alone, and recovers 5% of the maximum per 20 successes', async () => {
    const fixture = pacerFixture();
    await hitWith(fixture.pacer, customers, rateLimitError('global-rate'));
    expect(fixture.pacer.stats().global).toMatchObject({ ratePerSecond: 11.25, rateDecreases: 1, concurrency: 12 });
    expect(fixture.pacer.stats().endpoints[customers]).toMatchObject({ ratePerSecond: 22.5, rateDecreases: 0 });
    expect(fixture.logger.text()).toContain('Stripe rate limit hit: slowing down {"scope":"global","reason":"global-rate","fromPerSecond":22.5,"toPerSecond":11.25}');

    const seen: number[] = [];
    for (let step = 0; step < 12; step++) {
      await succeed(fixture, invoices, 20);
      seen.push(Math.round(fixture.pacer.stats().global.ratePerSecond * 1000) / 1000);
    }
    expect(seen).toEqual([12.375, 13.5, 14.625, 15.75, 16.875, 18, 19.125, 20.25, 21.375, 22.5, 22.5, 22.5]);
    expect(fixture.pacer.stats().global).toMatchObject({ ratePerSecond: 22.5, maxRatePerSecond: 22.5, increases: 10 });
  });

  it('endpoint-rate slows only that endpoint', async () => {
    const fixture = pacerFixture();
    await fixture.fire(invoices);
    await hitWith(fixture.pacer, customers, rateLimitError('endpoint-rate'));
    const { global, endpoints } = fixture.pacer.stats();
    expect(global).toMatchObject({ ratePerSecond: 22.5, rateDecreases: 0 });
    expect(endpoints[customers]).toMatchObject({ ratePerSecond: 11.25, rateDecreases: 1 });
    expect(endpoints[invoices]).toMatchObject({ ratePerSecond: 22.5, rateDecreases: 0 });
  });

  it('global-concurrency halves the global cap and recovers one slot per 20 successes, up to the configured cap', async () => {
    const fixture = pacerFixture();
    await hitWith(fixture.pacer, customers, rateLimitError('global-concurrency'));
    expect(fixture.pacer.stats().global).toMatchObject({ concurrency: 6, concurrencyDecreases: 1, ratePerSecond: 22.5 });
    expect(fixture.pacer.stats().endpoints[customers]).toMatchObject({ concurrency: 8, concurrencyDecreases: 0 });

    const seen: number[] = [];
    for (let step = 0; step < 8; step++) {
      await succeed(fixture, invoices, 20);
      seen.push(fixture.pacer.stats().global.concurrency);
    }
    expect(seen).toEqual([7, 8, 9, 10, 11, 12, 12, 12]);
  });

  it('endpoint-concurrency lowers only that endpoint’s cap', async () => {
    const fixture = pacerFixture();
    await hitWith(fixture.pacer, customers, rateLimitError('endpoint-concurrency'));
    expect(fixture.pacer.stats().global).toMatchObject({ concurrency: 12, concurrencyDecreases: 0 });
    expect(fixture.pacer.stats().endpoints[customers]).toMatchObject({ concurrency: 4, concurrencyDecreases: 1 });
  });

  it('resource-specific changes no scope: only the request itself backs off', async () => {
    const fixture = pacerFixture();
    await hitWith(fixture.pacer, customers, rateLimitError('resource-specific', 3));
    const { global, endpoints, rateLimited } = fixture.pacer.stats();
    expect(global).toMatchObject({ ratePerSecond: 22.5, concurrency: 12, pausedForMs: 0, rateDecreases: 0, concurrencyDecreases: 0 });
    expect(endpoints[customers]).toMatchObject({ ratePerSecond: 22.5, concurrency: 8, pausedForMs: 0 });
    expect(rateLimited['resource-specific']).toBe(1);
  });

  it('a 429 without a reason is taken as global-rate, the cautious reading', async () => {
    const fixture = pacerFixture();
    await hitWith(fixture.pacer, customers, rateLimitError());
    expect(fixture.pacer.stats().global.ratePerSecond).toBe(11.25);
    expect(fixture.pacer.stats().rateLimited.unspecified).toBe(1);
  });

  it('a burst of 429s from requests already in flight cuts once; a 429 to a request sent after the cut cuts again', async () => {
    const fixture = pacerFixture();
    const burst = Array.from({ length: 6 }, () => hitWith(fixture.pacer, customers, rateLimitError('global-rate')));
    await Promise.all(burst);
    expect(fixture.pacer.stats().global).toMatchObject({ ratePerSecond: 11.25, rateDecreases: 1 });
    expect(fixture.pacer.stats().rateLimited['global-rate']).toBe(6);

    const later = hitWith(fixture.pacer, customers, rateLimitError('global-rate'));
    await fixture.time.advance(1000);
    await later;
    expect(fixture.pacer.stats().global).toMatchObject({ ratePerSecond: 5.625, rateDecreases: 2 });
  });

  it('a cut never goes below the minimum rate, nor a cap below one', async () => {
    const fixture = pacerFixture({ global: { concurrency: 1 }, minRatePerSecond: 2 });
    for (let cut = 0; cut < 8; cut++) {
      const failing = hitWith(fixture.pacer, customers, rateLimitError(cut % 2 === 0 ? 'global-rate' : 'global-concurrency'));
      await fixture.time.advance(1000);
      await failing;
    }
    expect(fixture.pacer.stats().global).toMatchObject({ ratePerSecond: 2, concurrency: 1, rateDecreases: 4, concurrencyDecreases: 4 });
  });

  it('Retry-After pauses the scope it names: global holds every endpoint, endpoint holds only its own', async () => {
    const globalCase = pacerFixture();
    await hitWith(globalCase.pacer, customers, rateLimitError('global-rate', 2));
    expect(globalCase.pacer.stats().global.pausedForMs).toBe(2000);
    const next = globalCase.fire(invoices);
    await globalCase.time.advance(1999);
    expect(globalCase.sentBy(1999)).toBe(0);
    await globalCase.time.advance(1);
    await next;
    expect(globalCase.sent).toEqual([{ endpoint: invoices, at: 2000 }]);

    const endpointCase = pacerFixture();
    await hitWith(endpointCase.pacer, customers, rateLimitError('endpoint-concurrency', 1));
    const held = endpointCase.fire(customers);
    const free = endpointCase.fire(invoices);
    await endpointCase.time.advance(0);
    expect(endpointCase.sent).toEqual([{ endpoint: invoices, at: 0 }]);
    await endpointCase.time.advance(1000);
    await Promise.all([held, free]);
    expect(endpointCase.sent).toEqual([
      { endpoint: invoices, at: 0 },
      { endpoint: customers, at: 1000 },
    ]);
  });
});

describe('classifying Stripe errors', () => {
  const rows: [string, unknown, StripeErrorKind][] = [
    ['429 global-rate with Retry-After', rateLimitError('global-rate', 3), { kind: 'rate-limited', reason: 'global-rate', retryAfterMs: 3000 }],
    ['429 endpoint-rate', rateLimitError('endpoint-rate'), { kind: 'rate-limited', reason: 'endpoint-rate', retryAfterMs: undefined }],
    ['429 global-concurrency', rateLimitError('global-concurrency'), { kind: 'rate-limited', reason: 'global-concurrency', retryAfterMs: undefined }],
    ['429 endpoint-concurrency', rateLimitError('endpoint-concurrency'), { kind: 'rate-limited', reason: 'endpoint-concurrency', retryAfterMs: undefined }],
    ['429 resource-specific', rateLimitError('resource-specific'), { kind: 'rate-limited', reason: 'resource-specific', retryAfterMs: undefined }],
    ['429 with no reason', rateLimitError(), { kind: 'rate-limited', reason: 'unspecified', retryAfterMs: undefined }],
    ['429 with an hour-long Retry-After', rateLimitError('global-rate', 3600), { kind: 'rate-limited', reason: 'global-rate', retryAfterMs: 60_000 }],
    ['500 api_error', apiError(500), { kind: 'transient' }],
    ['503', apiError(503), { kind: 'transient' }],
    ['409 lock_timeout', apiError(409, 'lock_timeout'), { kind: 'transient' }],
    ['a body cut off mid-way (StripeAPIError, no status)', new Stripe.errors.StripeAPIError({ message: 'Invalid JSON received from the Stripe API' }), { kind: 'transient' }],
    ['StripeConnectionError ECONNRESET', connectionError('ECONNRESET'), { kind: 'transient' }],
    ['StripeConnectionError ECONNREFUSED', connectionError('ECONNREFUSED'), { kind: 'transient' }],
    ['StripeConnectionError ETIMEDOUT', connectionError('ETIMEDOUT'), { kind: 'transient' }],
    ['a bare ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), { kind: 'transient' }],
    ['a bare socket hang up', new Error('socket hang up'), { kind: 'transient' }],
    ['a wrapped ETIMEDOUT', new Error('fetch failed', { cause: Object.assign(new Error('t'), { code: 'ETIMEDOUT' }) }), { kind: 'transient' }],
    ['401 StripeAuthenticationError', authError(), { kind: 'auth' }],
    [
      '403 naming the permission',
      permissionError("The provided key 'rk_test_****wxyz' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_customer_read' permission would allow this request to continue."),
      { kind: 'permission', resource: 'rak_customer_read' },
    ],
    ['403 naming nothing', permissionError('Forbidden'), { kind: 'permission' }],
    ['400 StripeInvalidRequestError', invalidRequest(400, 'Received unknown parameter: foo'), { kind: 'invalid' }],
    ['404 StripeInvalidRequestError', invalidRequest(404, "No such customer: 'cus_x'"), { kind: 'not-found' }],
    ['400 StripeIdempotencyError', new Stripe.errors.StripeIdempotencyError({ message: 'Keys for idempotent requests can only be used with the same parameters', statusCode: 400 }), { kind: 'invalid' }],
    ['402 StripeCardError', new Stripe.errors.StripeCardError({ message: 'Your card was declined.', statusCode: 402 }), { kind: 'unknown' }],
    ['a plain object with status 429', { statusCode: 429, headers: { 'Stripe-Rate-Limited-Reason': 'endpoint-rate', 'Retry-After': '1' } }, { kind: 'rate-limited', reason: 'endpoint-rate', retryAfterMs: 1000 }],
    ['a plain object with status 502', { statusCode: 502 }, { kind: 'transient' }],
    ['a programming error', new TypeError('x is undefined'), { kind: 'unknown' }],
    ['not an error at all', 'boom', { kind: 'unknown' }],
  ];
  it.each(rows)('%s', (_name, error, expected) => {
    expect(classifyStripeError(error)).toEqual(expected);
  });
});

describe('retry policy', () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 500, maxDelayMs: 16_000 };

  it('backoff doubles from 500 ms up to a 16 s cap; full jitter draws anywhere below the ceiling', () => {
    const ceilings = Array.from({ length: 8 }, (_, retry) => backoffDelayMs(retry, { ...policy, random: () => 0.999_999 }) + 1);
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 16_000, 16_000]);
    expect(Array.from({ length: 4 }, (_, retry) => backoffDelayMs(retry, { ...policy, random: () => 0.5 }))).toEqual([250, 500, 1000, 2000]);
    expect(backoffDelayMs(5, { ...policy, random: () => 0 })).toBe(0);

    const random = createRandom(7);
    for (let retry = 0; retry < 8; retry++) {
      const draws = Array.from({ length: 200 }, () => backoffDelayMs(retry, { ...policy, random: random.next }));
      const ceiling = Math.min(16_000, 500 * 2 ** retry);
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...draws)).toBeLessThan(ceiling);
      // Jittered: 200 draws spread over the range rather than piling on one value.
      expect(new Set(draws).size).toBeGreaterThan(150);
      expect(Math.max(...draws) - Math.min(...draws)).toBeGreaterThan(ceiling * 0.8);
    }
  });

  it('a Retry-After is a floor on the wait', () => {
    expect(backoffDelayMs(0, { ...policy, random: () => 0 }, 3000)).toBe(3000);
    expect(backoffDelayMs(6, { ...policy, random: () => 0.5 }, 3000)).toBe(8000);
  });

  it('retries transient failures with backoff and returns the eventual answer', async () => {
    const time = createManualTime();
    const failures = [apiError(500), connectionError('ECONNRESET'), apiError(409, 'lock_timeout')];
    const attempts: number[] = [];
    const notices: { attempt: number; delayMs: number; kind: string }[] = [];
    const result = withRetries(
      async (attempt) => {
        attempts.push(time.now());
        const failure = failures[attempt - 1];
        if (failure) throw failure;
        return 'page';
      },
      { time, random: () => 0.5, onRetry: ({ attempt, delayMs, kind }) => notices.push({ attempt, delayMs, kind: kind.kind }) },
    );
    await time.advance(10_000);
    await expect(result).resolves.toBe('page');
    expect(notices).toEqual([
      { attempt: 1, delayMs: 250, kind: 'transient' },
      { attempt: 2, delayMs: 500, kind: 'transient' },
      { attempt: 3, delayMs: 1000, kind: 'transient' },
    ]);
    expect(attempts).toEqual([0, 250, 750, 1750]);
  });

  it.each([
    ['429', () => rateLimitError('global-rate'), 8],
    ['500', () => apiError(500), 5],
    ['a dropped connection', () => connectionError('ECONNRESET'), 5],
  ])('gives up on %s after the default number of attempts, rethrowing the last error', async (_name, makeError, attempts) => {
    const time = createManualTime();
    let calls = 0;
    const last = makeError();
    const result = withRetries(
      async () => {
        calls += 1;
        throw calls === attempts ? last : makeError();
      },
      { time },
    );
    const settled = result.catch((error: unknown) => error);
    await time.advance(10 * 60_000);
    expect(await settled).toBe(last);
    expect(calls).toBe(attempts);
  });

  it.each([
    ['401', authError()],
    ['403', permissionError("Having the 'rak_invoice_read' permission would allow this request to continue.")],
    ['404', invalidRequest(404, "No such invoice: 'in_x'")],
    ['400', invalidRequest(400, 'Received unknown parameter: foo')],
  ])('never retries %s: it surfaces at once, unchanged', async (_name, error) => {
    let calls = 0;
    const notices: number[] = [];
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw error;
        },
        { time: createManualTime(), onRetry: ({ attempt }) => notices.push(attempt) },
      ),
    ).rejects.toBe(error);
    expect(calls).toBe(1);
    expect(notices).toEqual([]);
  });
});

describe('paced requests: pacer and retries together', () => {
  it('a 429 is absorbed: the pacer cuts the named scope, the request is retried through the pacer, and it all is counted', async () => {
    const time = createManualTime();
    const requester = createPacedRequester({ mode: 'test', time, retry: { random: () => 0.5 } });
    let calls = 0;
    const result = requester.request(customers, async () => {
      calls += 1;
      if (calls === 1) throw rateLimitError('global-concurrency', 2);
      return 'page';
    });
    await time.advance(0);
    expect(requester.stats().pacer.global.concurrency).toBe(6);
    await time.advance(1999);
    expect(calls).toBe(1);
    await time.advance(1);
    await expect(result).resolves.toBe('page');
    expect(calls).toBe(2);
    const stats = requester.stats();
    expect(stats).toMatchObject({ requests: 2, succeeded: 1, failed: 0, retries: 1, rateLimitedTotal: 1, waitMs: { backoff: 2000 } });
    expect(stats.rateLimited['global-concurrency']).toBe(1);
  });

  it('counts queueing time as pacing wait', async () => {
    const time = createManualTime();
    const requester = createPacedRequester({ mode: 'test', margin: 0, burstSeconds: 1, global: { ratePerSecond: 2 }, time });
    const runs = [1, 2, 3, 4].map(() => requester.request(invoices, () => Promise.resolve('ok')));
    await time.advance(1000);
    await Promise.all(runs);
    // Two go at once from the full bucket, the third waits 500 ms and the fourth 1000 ms.
    expect(requester.stats().waitMs).toEqual({ pacing: 1500, backoff: 0, total: 1500 });
  });

  it('a revoked key fails once and surfaces as the SDK’s StripeAuthenticationError', async () => {
    const requester = createPacedRequester({ mode: 'live', time: createManualTime() });
    const error = authError();
    await expect(requester.request(customers, () => Promise.reject(error))).rejects.toBe(error);
    expect(requester.stats()).toMatchObject({ requests: 1, retries: 0, failed: 1 });
  });
});
