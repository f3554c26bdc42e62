import { createTokenBucket, type TokenBucket } from './token-bucket';

/**
 * Stripe's rate limiting as a client meets it: a global rate across the account and a rate per endpoint (method +
 * route), plus optional caps on requests in flight. A refused request gets a 429 whose `Stripe-Rate-Limited-Reason`
 * says which limit it hit. Refused requests take no tokens, so the count of 429s in a burst is exactly the burst minus
 * what the buckets hold.
 */

export type RateLimitReason = 'global-rate' | 'endpoint-rate' | 'global-concurrency' | 'endpoint-concurrency';

export const rateLimitReasons: readonly RateLimitReason[] = ['global-rate', 'endpoint-rate', 'global-concurrency', 'endpoint-concurrency'];

export interface RateLimitOptions {
  globalPerSecond: number;
  perEndpointPerSecond: number;
  /** Requests in flight at once; unset means unlimited. */
  concurrency?: { global?: number; perEndpoint?: number };
  /** Adds `Retry-After: <seconds>` to 429s (Stripe does not always send it; the SDK ignores it). */
  retryAfterSeconds?: number;
  /** Adds `Stripe-Should-Retry: true` to 429s, which makes the stripe SDK retry them. Off by default, as in Stripe. */
  sendShouldRetry?: boolean;
}

/** Stripe's documented defaults: 25 requests/s in test mode, 100/s in live mode, 25/s per endpoint in both. */
export const rateLimitProfiles = {
  test: { globalPerSecond: 25, perEndpointPerSecond: 25 },
  live: { globalPerSecond: 100, perEndpointPerSecond: 25 },
} as const satisfies Record<string, RateLimitOptions>;

export type Admission = { admitted: true; release(): void } | { admitted: false; reason: RateLimitReason };

export interface RateLimiter {
  admit(endpoint: string): Admission;
}

export function createRateLimiter(options: RateLimitOptions, clock: () => number): RateLimiter {
  const global = createTokenBucket(options.globalPerSecond, clock());
  const endpoints = new Map<string, TokenBucket>();
  const inFlight = new Map<string, number>();
  let globalInFlight = 0;

  const endpointBucket = (endpoint: string): TokenBucket => {
    let bucket = endpoints.get(endpoint);
    if (!bucket) {
      bucket = createTokenBucket(options.perEndpointPerSecond, clock());
      endpoints.set(endpoint, bucket);
    }
    return bucket;
  };

  return {
    admit(endpoint) {
      const now = clock();
      const bucket = endpointBucket(endpoint);
      if (!global.hasToken(now)) return { admitted: false, reason: 'global-rate' };
      if (!bucket.hasToken(now)) return { admitted: false, reason: 'endpoint-rate' };
      const globalCap = options.concurrency?.global;
      const endpointCap = options.concurrency?.perEndpoint;
      const endpointInFlight = inFlight.get(endpoint) ?? 0;
      if (globalCap !== undefined && globalInFlight >= globalCap) return { admitted: false, reason: 'global-concurrency' };
      if (endpointCap !== undefined && endpointInFlight >= endpointCap) return { admitted: false, reason: 'endpoint-concurrency' };

      global.take(now);
      bucket.take(now);
      globalInFlight += 1;
      inFlight.set(endpoint, endpointInFlight + 1);
      let released = false;
      return {
        admitted: true,
        release() {
          if (released) return;
          released = true;
          globalInFlight -= 1;
          inFlight.set(endpoint, (inFlight.get(endpoint) ?? 1) - 1);
        },
      };
    },
  };
}
