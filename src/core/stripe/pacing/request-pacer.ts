import { type Logger } from '../../ports';
import { type PacingTime, systemPacingTime } from './pacing-time';
import { classifyStripeError, type RateLimitedReason, rateLimitedReasons } from './stripe-error-kind';
import { createTokenBucket, type TokenBucket } from './token-bucket';

/**
 * Keeps Recur's requests under Stripe's limits instead of discovering them through 429s. Stripe meters the account as
 * a whole (about 100 requests/s live, 25/s test) and each endpoint (25/s by default), and also caps requests in flight
 * — list requests hit that first (STRIPE-SYNC.md). So every request waits for a token from the global bucket and from
 * its endpoint's bucket, and for a free slot under both concurrency caps, before it is sent.
 *
 * We aim `margin` below each published rate: Stripe counts a request when it arrives, we count it when we send it, and
 * the network between can bunch a few together. When a 429 arrives anyway (another integration shares the account,
 * or Stripe lowered a limit) its `Stripe-Rate-Limited-Reason` says which scope to slow: that scope's rate or cap is
 * cut multiplicatively and creeps back additively after a run of successes, never above its starting maximum
 * (AIMD, as TCP does). A 429 only cuts a scope if its request was sent after the scope's last cut, so a burst of 429s
 * from requests already in flight counts as one signal, not eight.
 *
 * When the account-wide budget is the constraint, endpoints take turns for it (least recently served first) rather
 * than first come, first served: an endpoint whose pages come back fast would otherwise take most of the budget while
 * a slower one — typically invoices, whose pages are the heaviest and fan out into line requests — falls behind its
 * own rate and ends up as the sync's long tail. Within an endpoint, requests go in arrival order.
 */

export type KeyMode = 'test' | 'live';

export interface ScopeLimits {
  ratePerSecond: number;
  /** Requests in flight at once. */
  concurrency: number;
}

/**
 * Rates are Stripe's published limits; the margin is applied on top. Stripe publishes no concurrency numbers, so the
 * caps are ours: enough to reach the rate at typical list latencies (≈0.3–0.6 s for 100 objects), and cut on the first
 * concurrency 429.
 */
export const stripeLimits: Record<KeyMode, { global: ScopeLimits; perEndpoint: ScopeLimits }> = {
  test: { global: { ratePerSecond: 25, concurrency: 12 }, perEndpoint: { ratePerSecond: 25, concurrency: 8 } },
  live: { global: { ratePerSecond: 100, concurrency: 32 }, perEndpoint: { ratePerSecond: 25, concurrency: 16 } },
};

export interface RequestPacerOptions {
  mode: KeyMode;
  /** Overrides the account-wide limits for `mode` (rate before the margin). */
  global?: Partial<ScopeLimits>;
  /** Overrides every endpoint's limits for `mode` (rate before the margin). */
  perEndpoint?: Partial<ScopeLimits>;
  /**
   * Share of each rate left unused, in [0, 1). Default 0.03: aim at 97%. Enough to absorb requests the network bunches
   * together (the buckets' burst is half of Stripe's); a larger margin is pure lost throughput, since the rare 429 that
   * gets through anyway is handled by the AIMD cut below. Measured: no 429 in any benchmark run at 3% (nor at 5%,
   * which left the large live sync at 0.95 of the limits at best).
   */
  margin?: number;
  /** A bucket holds this many seconds of its rate. Default 0.5: half of Stripe's one-second burst. */
  burstSeconds?: number;
  /** A 429 multiplies the scope's rate or cap by this. Default 0.5. */
  decreaseFactor?: number;
  /** Each recovery step adds this share of the scope's maximum rate (and one concurrency slot). Default 0.05. */
  increaseShare?: number;
  /** Successes in a row in a scope before it takes one recovery step. Default 20. */
  successesPerIncrease?: number;
  /** A rate is never cut below this. Default 1/s. */
  minRatePerSecond?: number;
  time?: PacingTime;
  logger?: Logger;
}

export interface ScopeStats {
  ratePerSecond: number;
  maxRatePerSecond: number;
  concurrency: number;
  maxConcurrency: number;
  inFlight: number;
  /** Milliseconds left of a Retry-After pause; 0 when not paused. */
  pausedForMs: number;
  rateDecreases: number;
  concurrencyDecreases: number;
  increases: number;
}

export interface PacerStats {
  /** Requests sent (each retry is sent again, and counted again). */
  dispatched: number;
  queued: number;
  inFlight: number;
  /** Milliseconds requests spent waiting for tokens, slots and pauses, summed over requests. */
  waitMs: number;
  rateLimited: Record<RateLimitedReason, number>;
  global: ScopeStats;
  endpoints: Record<string, ScopeStats>;
}

export interface RequestPacer {
  /** Sends `request` when `endpoint` (e.g. `GET /v1/invoices`) and the account both allow it; adapts to how it ends. */
  run<T>(endpoint: string, request: () => Promise<T>, options?: { signal?: AbortSignal }): Promise<T>;
  stats(): PacerStats;
}

interface Scope {
  name: string;
  /** Requests waiting for this endpoint, oldest first (unused on the global scope). */
  waiting: Waiting[];
  /** When this endpoint last sent a request, as a dispatch count: the least recently served goes first. */
  lastServed: number;
  bucket: TokenBucket;
  maxRate: number;
  concurrency: number;
  maxConcurrency: number;
  inFlight: number;
  pausedUntil: number;
  /** Bumped on every cut; a 429 from a request sent before the latest cut is old news. */
  rateEpoch: number;
  concurrencyEpoch: number;
  successStreak: number;
  rateDecreases: number;
  concurrencyDecreases: number;
  increases: number;
}

interface Waiting {
  enqueuedAt: number;
  dispatch(): void;
}

interface Sent {
  scope: Scope;
  rateEpoch: number;
  concurrencyEpoch: number;
}

export function createRequestPacer(options: RequestPacerOptions): RequestPacer {
  const time = options.time ?? systemPacingTime;
  const logger = options.logger;
  const margin = options.margin ?? 0.03;
  if (!(margin >= 0 && margin < 1)) throw new RangeError(`margin must be in [0, 1), got ${margin}`);
  const burstSeconds = options.burstSeconds ?? 0.5;
  const decreaseFactor = options.decreaseFactor ?? 0.5;
  const increaseShare = options.increaseShare ?? 0.05;
  const successesPerIncrease = options.successesPerIncrease ?? 20;
  const minRate = options.minRatePerSecond ?? 1;
  const limits = stripeLimits[options.mode];
  const globalLimits: ScopeLimits = { ...limits.global, ...options.global };
  const endpointLimits: ScopeLimits = { ...limits.perEndpoint, ...options.perEndpoint };

  const capacityFor = (rate: number): number => Math.max(1, rate * burstSeconds);
  const createScope = (name: string, scopeLimits: ScopeLimits): Scope => {
    const maxRate = scopeLimits.ratePerSecond * (1 - margin);
    const maxConcurrency = Math.max(1, Math.floor(scopeLimits.concurrency));
    return {
      name,
      waiting: [],
      lastServed: -1,
      bucket: createTokenBucket({ ratePerSecond: maxRate, capacity: capacityFor(maxRate), time }),
      maxRate,
      concurrency: maxConcurrency,
      maxConcurrency,
      inFlight: 0,
      pausedUntil: -Infinity,
      rateEpoch: 0,
      concurrencyEpoch: 0,
      successStreak: 0,
      rateDecreases: 0,
      concurrencyDecreases: 0,
      increases: 0,
    };
  };

  const global = createScope('global', globalLimits);
  const endpoints = new Map<string, Scope>();
  const rateLimited = Object.fromEntries(rateLimitedReasons.map((reason) => [reason, 0])) as Record<RateLimitedReason, number>;
  let dispatched = 0;
  let waitMs = 0;
  let wakeAt: number | undefined;

  const endpointScope = (endpoint: string): Scope => {
    let scope = endpoints.get(endpoint);
    if (!scope) {
      scope = createScope(endpoint, endpointLimits);
      endpoints.set(endpoint, scope);
    }
    return scope;
  };

  /** 0 when the request may go now, the milliseconds to wait when only time stands in the way, or 'slot'. */
  const readiness = (endpoint: Scope): number | 'slot' => {
    if (global.inFlight >= global.concurrency || endpoint.inFlight >= endpoint.concurrency) return 'slot';
    const now = time.now();
    return Math.max(global.pausedUntil - now, endpoint.pausedUntil - now, global.bucket.msUntilToken(), endpoint.bucket.msUntilToken(), 0);
  };

  /**
   * Sends every waiting request that may go now — each time from the least recently served endpoint whose oldest
   * request is ready — then sets a timer for the next one that time frees.
   */
  const pump = (): void => {
    for (;;) {
      let chosen: Scope | undefined;
      let nextWaitMs = Infinity;
      for (const endpoint of endpoints.values()) {
        if (endpoint.waiting.length === 0) continue;
        const ready = readiness(endpoint);
        if (ready === 0) {
          if (!chosen || endpoint.lastServed < chosen.lastServed) chosen = endpoint;
        } else if (ready !== 'slot') nextWaitMs = Math.min(nextWaitMs, ready);
      }
      if (!chosen) {
        if (nextWaitMs < Infinity) wakeIn(nextWaitMs);
        return;
      }
      const waiting = chosen.waiting.shift();
      if (!waiting) return;
      // Both buckets were just seen holding a token, so both takes succeed: a request never takes one without the other.
      global.bucket.tryTake();
      chosen.bucket.tryTake();
      chosen.lastServed = dispatched;
      waitMs += time.now() - waiting.enqueuedAt;
      waiting.dispatch();
    }
  };

  const wakeIn = (ms: number): void => {
    const at = time.now() + ms;
    if (wakeAt !== undefined && wakeAt <= at) return;
    wakeAt = at;
    void time.sleep(ms).then(() => {
      if (wakeAt === at) wakeAt = undefined;
      pump();
    });
  };

  const cutRate = (scope: Scope, sent: Sent, reason: RateLimitedReason): void => {
    if (sent.rateEpoch !== scope.rateEpoch) return;
    scope.rateEpoch += 1;
    scope.rateDecreases += 1;
    const from = scope.bucket.ratePerSecond;
    const to = Math.max(Math.min(minRate, scope.maxRate), from * decreaseFactor);
    scope.bucket.setRate(to, capacityFor(to));
    // Stripe's bucket for this scope is empty; ours must not spend a leftover burst into it.
    scope.bucket.drain();
    logger?.info('Stripe rate limit hit: slowing down', { scope: scope.name, reason, fromPerSecond: round(from), toPerSecond: round(to) });
  };

  const cutConcurrency = (scope: Scope, sent: Sent, reason: RateLimitedReason): void => {
    if (sent.concurrencyEpoch !== scope.concurrencyEpoch) return;
    scope.concurrencyEpoch += 1;
    scope.concurrencyDecreases += 1;
    const from = scope.concurrency;
    scope.concurrency = Math.max(1, Math.floor(from * decreaseFactor));
    logger?.info('Stripe concurrency limit hit: fewer requests at once', { scope: scope.name, reason, from, to: scope.concurrency });
  };

  const pause = (scope: Scope, retryAfterMs: number | undefined): void => {
    if (retryAfterMs === undefined || retryAfterMs <= 0) return;
    scope.pausedUntil = Math.max(scope.pausedUntil, time.now() + retryAfterMs);
  };

  const recordSuccess = (scope: Scope): void => {
    scope.successStreak += 1;
    if (scope.successStreak < successesPerIncrease) return;
    scope.successStreak = 0;
    const rate = scope.bucket.ratePerSecond;
    const nextRate = Math.min(scope.maxRate, rate + scope.maxRate * increaseShare);
    const nextConcurrency = Math.min(scope.maxConcurrency, scope.concurrency + 1);
    if (nextRate === rate && nextConcurrency === scope.concurrency) return;
    if (nextRate !== rate) scope.bucket.setRate(nextRate, capacityFor(nextRate));
    scope.concurrency = nextConcurrency;
    scope.increases += 1;
    logger?.debug('Stripe pacing recovering', { scope: scope.name, perSecond: round(nextRate), concurrency: nextConcurrency });
  };

  const recordFailure = (error: unknown, sentGlobal: Sent, sentEndpoint: Sent): void => {
    const kind = classifyStripeError(error);
    if (kind.kind !== 'rate-limited') return;
    rateLimited[kind.reason] += 1;
    switch (kind.reason) {
      case 'global-rate':
      case 'unspecified':
        global.successStreak = 0;
        cutRate(global, sentGlobal, kind.reason);
        return pause(global, kind.retryAfterMs);
      case 'endpoint-rate':
        sentEndpoint.scope.successStreak = 0;
        cutRate(sentEndpoint.scope, sentEndpoint, kind.reason);
        return pause(sentEndpoint.scope, kind.retryAfterMs);
      case 'global-concurrency':
        global.successStreak = 0;
        cutConcurrency(global, sentGlobal, kind.reason);
        return pause(global, kind.retryAfterMs);
      case 'endpoint-concurrency':
        sentEndpoint.scope.successStreak = 0;
        cutConcurrency(sentEndpoint.scope, sentEndpoint, kind.reason);
        return pause(sentEndpoint.scope, kind.retryAfterMs);
      case 'resource-specific':
        // One object is hot (e.g. many writes to one customer); the rest of the account is fine. The retry policy
        // backs this request off alone.
        return;
    }
  };

  const snapshot = (scope: Scope): Sent => ({ scope, rateEpoch: scope.rateEpoch, concurrencyEpoch: scope.concurrencyEpoch });

  const scopeStats = (scope: Scope): ScopeStats => ({
    ratePerSecond: scope.bucket.ratePerSecond,
    maxRatePerSecond: scope.maxRate,
    concurrency: scope.concurrency,
    maxConcurrency: scope.maxConcurrency,
    inFlight: scope.inFlight,
    pausedForMs: Math.max(0, scope.pausedUntil - time.now()),
    rateDecreases: scope.rateDecreases,
    concurrencyDecreases: scope.concurrencyDecreases,
    increases: scope.increases,
  });

  return {
    run<T>(endpoint: string, request: () => Promise<T>, runOptions: { signal?: AbortSignal } = {}): Promise<T> {
      const { signal } = runOptions;
      const scope = endpointScope(endpoint);
      return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = (): void => {
          const index = scope.waiting.indexOf(waiting);
          if (index < 0) return;
          scope.waiting.splice(index, 1);
          reject(signal?.reason);
        };
        const waiting: Waiting = {
          enqueuedAt: time.now(),
          dispatch() {
            signal?.removeEventListener('abort', onAbort);
            dispatched += 1;
            global.inFlight += 1;
            scope.inFlight += 1;
            const sentGlobal = snapshot(global);
            const sentEndpoint = snapshot(scope);
            const settle = (): void => {
              global.inFlight -= 1;
              scope.inFlight -= 1;
            };
            (async () => request())().then(
              (value) => {
                settle();
                recordSuccess(global);
                recordSuccess(scope);
                resolve(value);
                pump();
              },
              (error: unknown) => {
                settle();
                recordFailure(error, sentGlobal, sentEndpoint);
                reject(error);
                pump();
              },
            );
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        scope.waiting.push(waiting);
        pump();
      });
    },
    stats() {
      return {
        dispatched,
        queued: [...endpoints.values()].reduce((sum, endpoint) => sum + endpoint.waiting.length, 0),
        inFlight: global.inFlight,
        waitMs,
        rateLimited: { ...rateLimited },
        global: scopeStats(global),
        endpoints: Object.fromEntries([...endpoints].map(([name, scope]) => [name, scopeStats(scope)])),
      };
    },
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
