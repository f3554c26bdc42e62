import { type PacingTime, systemPacingTime } from './pacing-time';
import { classifyStripeError, type StripeErrorKind } from './stripe-error-kind';

export { classifyStripeError, type RateLimitedReason, type StripeErrorKind } from './stripe-error-kind';

/**
 * When to try a failed Stripe request again. Only two kinds are retried: 429s (after the pacer has slowed the scope the
 * 429 named) and transient failures (5xx, 409, a dropped connection). A 400, 401, 403 or 404 cannot get better by
 * asking again, so it surfaces at once, as the SDK's own error, for the sync to turn into a message.
 *
 * Waits are exponential with full jitter — uniform in [0, min(cap, base·2^n)) — so parallel slices that failed
 * together do not come back together (AWS Architecture Blog, "Exponential Backoff And Jitter"). A Retry-After is a
 * floor on the wait: Stripe's SDK ignores it (see STRIPE-SYNC.md), we do not.
 */
export interface RetryPolicy {
  /** Attempts in all (the first included) a request may spend on each kind of failure. */
  maxAttempts: { rateLimited: number; transient: number };
  baseDelayMs: number;
  maxDelayMs: number;
  /** Uniform in [0, 1); seeded in tests. */
  random: () => number;
  /** Only `sleep` is used. */
  time: PacingTime;
  /** Told before each wait, e.g. to count retries and waiting time. */
  onRetry?: (retry: RetryNotice) => void;
  /** Stops waiting between attempts; the pending wait rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface RetryNotice {
  /** The attempt that just failed, from 1. */
  attempt: number;
  delayMs: number;
  kind: StripeErrorKind;
  error: unknown;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: { rateLimited: 8, transient: 5 },
  baseDelayMs: 500,
  maxDelayMs: 16_000,
  random: Math.random,
  time: systemPacingTime,
};

/** The wait before retry number `retryIndex` (0 for the first retry). */
export function backoffDelayMs(retryIndex: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, retryAfterMs = 0): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.max(retryAfterMs, Math.floor(policy.random() * ceiling));
}

/** Runs `request` until it succeeds, fails for good, or runs out of attempts; rethrows the last error unchanged. */
export async function withRetries<T>(request: (attempt: number) => Promise<T>, overrides: Partial<RetryPolicy> = {}): Promise<T> {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...overrides, maxAttempts: { ...defaultRetryPolicy.maxAttempts, ...overrides.maxAttempts } };
  const failures = { rateLimited: 0, transient: 0 };
  for (let attempt = 1; ; attempt++) {
    policy.signal?.throwIfAborted();
    try {
      return await request(attempt);
    } catch (error) {
      const kind = classifyStripeError(error);
      if (kind.kind !== 'rate-limited' && kind.kind !== 'transient') throw error;
      const budget = kind.kind === 'rate-limited' ? 'rateLimited' : 'transient';
      failures[budget] += 1;
      if (failures[budget] >= policy.maxAttempts[budget]) throw error;
      // A Retry-After is a floor for this request whatever the scope; the pacer also pauses the global or endpoint
      // scope it names, and for a resource-specific 429 this wait is the only back-off there is.
      const delayMs = backoffDelayMs(attempt - 1, policy, kind.kind === 'rate-limited' ? (kind.retryAfterMs ?? 0) : 0);
      policy.onRetry?.({ attempt, delayMs, kind, error });
      await abortable(policy.time.sleep(delayMs), policy.signal);
    }
  }
}

function abortable(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return wait;
  signal.throwIfAborted();
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void wait.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
