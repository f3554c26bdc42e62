import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPacedRequester, type PacedRequester } from '../../../src/core/stripe/pacing/paced-request';
import { rateLimitProfiles } from '../../../src/sim/server/rate-limiter';
import { createRandom } from '../../../src/sim/model/random';
import { type Simulator, startSimulator } from '../../../src/sim/start-simulator';
import { createMemoryLogger } from '../../support/memory-logger';
import { fixedNow } from '../../support/simulator';

/**
 * The pacer against the simulator's server-side limits (Stripe's test-mode profile: 25/s for the account, 25/s per
 * endpoint, buckets holding one second), with the real stripe SDK and its own retries off, so every request the server
 * counts is one the pacer sent. Assertions are on counts; the clock is the real one.
 */

const endpoints = ['GET /v1/customers', 'GET /v1/products', 'GET /v1/invoices'] as const;
type Endpoint = (typeof endpoints)[number];

let simulator: Simulator;
let stripe: Stripe;

beforeAll(async () => {
  simulator = await startSimulator({
    seed: 7,
    customers: 200,
    now: fixedNow,
    server: { rateLimits: rateLimitProfiles.test, latency: { baseMs: 5, perObjectMs: 0.1 } },
  });
  stripe = new Stripe(simulator.apiKey, { host: '127.0.0.1', port: simulator.port, protocol: 'http', maxNetworkRetries: 0 });
});

afterAll(async () => {
  await simulator.stop();
});

beforeEach(() => {
  // New rate limits start with full buckets, so each scenario meets the server as a fresh sync would.
  simulator.server.setOptions({ rateLimits: rateLimitProfiles.test, forceRateLimited: null, forceFault: null, apiKeys: [simulator.apiKey] });
  simulator.server.resetCounters();
});

function listPage(endpoint: Endpoint): Promise<{ data: unknown[] }> {
  if (endpoint === 'GET /v1/customers') return stripe.customers.list({ limit: 10 });
  if (endpoint === 'GET /v1/products') return stripe.products.list({ limit: 10 });
  return stripe.invoices.list({ limit: 10 });
}

/** `perEndpoint` list pages from each endpoint, all asked for at once, interleaved across endpoints. */
function burst(perEndpoint: number): Endpoint[] {
  return Array.from({ length: perEndpoint * endpoints.length }, (_, index) => endpoints[index % endpoints.length] as Endpoint);
}

function pacedRequester(logger = createMemoryLogger()): PacedRequester {
  return createPacedRequester({ mode: 'test', global: { concurrency: 8 }, logger, retry: { random: createRandom(7).next, baseDelayMs: 200 } });
}

async function firePaced(requester: PacedRequester, requests: Endpoint[]): Promise<number[]> {
  const pages = await Promise.all(requests.map((endpoint) => requester.request(endpoint, () => listPage(endpoint))));
  return pages.map((page) => page.data.length);
}

describe('request pacing against the simulated Stripe', () => {
  it('without pacing, eight workers trip the test-mode limits at once (the control)', async () => {
    const queue = burst(25);
    const outcomes: string[] = [];
    const worker = async (): Promise<void> => {
      for (let endpoint = queue.shift(); endpoint !== undefined; endpoint = queue.shift()) {
        outcomes.push(await listPage(endpoint).then(
          () => 'ok',
          (error: unknown) => (error instanceof Stripe.errors.StripeRateLimitError ? '429' : 'other'),
        ));
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(outcomes.filter((outcome) => outcome === 'other')).toEqual([]);
    expect(simulator.server.counters.byStatus['429'] ?? 0).toBeGreaterThan(0);
  });

  it('a paced burst of 75 list pages across three endpoints meets no 429 and every page arrives', async () => {
    const requester = pacedRequester();
    const sizes = await firePaced(requester, burst(25));

    expect(sizes).toHaveLength(75);
    expect(sizes.every((size) => size > 0)).toBe(true);
    // Exactly zero. Per scope we send at most 12.125 + 24.25·t requests in any t seconds; the server admits any arrivals
    // with at most 25 + 25·t in every window. That slack absorbs up to ~0.53 s of skew between requests' trips to the
    // server, and on loopback with 5 ms latency the skew is milliseconds: a single 429 here is a pacing bug.
    const counters = simulator.server.counters;
    expect(counters.rateLimited).toEqual({ 'global-rate': 0, 'endpoint-rate': 0, 'global-concurrency': 0, 'endpoint-concurrency': 0 });
    expect(counters.byStatus).toEqual({ '200': 75 });
    expect(counters.byEndpoint).toEqual({ 'GET /v1/customers': 25, 'GET /v1/products': 25, 'GET /v1/invoices': 25 });
    expect(requester.stats()).toMatchObject({ requests: 75, succeeded: 75, failed: 0, retries: 0, rateLimitedTotal: 0 });
    // The pacer, not the server, did the waiting.
    expect(requester.stats().waitMs.pacing).toBeGreaterThan(0);
  });

  it('five forced global-concurrency 429s are absorbed by retries, and the pacer lowers its global concurrency', async () => {
    simulator.server.setOptions({ forceRateLimited: { count: 5, reason: 'global-concurrency' } });
    const logger = createMemoryLogger();
    const requester = pacedRequester(logger);
    const sizes = await firePaced(requester, burst(8));

    expect(sizes).toHaveLength(24);
    expect(simulator.server.counters.rateLimited['global-concurrency']).toBe(5);
    expect(simulator.server.counters.byStatus).toEqual({ '200': 24, '429': 5 });
    const stats = requester.stats();
    expect(stats).toMatchObject({ requests: 29, succeeded: 24, failed: 0, retries: 5, rateLimitedTotal: 5 });
    expect(stats.rateLimited['global-concurrency']).toBe(5);
    // All five 429s answer requests sent together, so they are one signal: one cut, 8 → 4 (a retry racing ahead of
    // the first wave could make it two). At most one recovery step (+1) fits in the 24 successes that follow.
    expect(stats.pacer.global.concurrencyDecreases).toBeGreaterThanOrEqual(1);
    expect(stats.pacer.global.concurrency).toBeLessThan(8);
    expect(stats.pacer.global.maxConcurrency).toBe(8);
    expect(logger.text()).toContain('Stripe concurrency limit hit: fewer requests at once {"scope":"global","reason":"global-concurrency","from":8,"to":4}');
  });

  it('three forced server errors are retried and every page still arrives', async () => {
    simulator.server.setOptions({ forceFault: { count: 3, kind: 'server-error' } });
    const requester = pacedRequester();
    const sizes = await firePaced(requester, burst(8));

    expect(sizes).toHaveLength(24);
    expect(simulator.server.counters.faults.serverError).toBe(3);
    expect(simulator.server.counters.byStatus).toEqual({ '200': 24, '500': 3 });
    expect(requester.stats()).toMatchObject({ requests: 27, succeeded: 24, failed: 0, retries: 3, rateLimitedTotal: 0 });
  });

  it('a revoked key surfaces a StripeAuthenticationError at once, without retries', async () => {
    simulator.server.setOptions({ apiKeys: [] });
    const requester = pacedRequester();

    const error = await requester.request('GET /v1/customers', () => listPage('GET /v1/customers')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(requester.stats()).toMatchObject({ requests: 1, retries: 0, failed: 1 });
    expect(simulator.server.counters).toMatchObject({ requests: 1, byStatus: { '401': 1 } });
  });
});
