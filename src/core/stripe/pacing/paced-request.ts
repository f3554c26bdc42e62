import { systemPacingTime } from './pacing-time';
import { createRequestPacer, type PacerStats, type RequestPacer, type RequestPacerOptions } from './request-pacer';
import { type RetryPolicy, withRetries } from './retry-policy';
import { type RateLimitedReason } from './stripe-error-kind';

/**
 * The one way the sync engine calls Stripe: each attempt is paced (it takes its tokens and slot like any request, so a
 * retry is metered too), and a failed attempt is retried only after the pacer has adapted to it. The counters feed the
 * sync log (`requests`, 429s, rate-limit waits).
 */

export interface PacedRequesterOptions extends RequestPacerOptions {
  /** Retry tuning; waits run on the pacer's time source. */
  retry?: Partial<Pick<RetryPolicy, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'random'>>;
}

export interface PacedRequestStats {
  /** Requests sent to Stripe, every retry included. */
  requests: number;
  succeeded: number;
  /** Calls that failed for good: not retryable, or out of attempts. */
  failed: number;
  retries: number;
  rateLimited: Record<RateLimitedReason, number>;
  rateLimitedTotal: number;
  /** Milliseconds summed over requests: waiting for the pacer, backing off before retries, and both. */
  waitMs: { pacing: number; backoff: number; total: number };
  pacer: PacerStats;
}

export interface PacedRequester {
  /** `endpoint` is the method and route Stripe meters, e.g. `GET /v1/invoices` or `GET /v1/invoices/:id/lines`. */
  request<T>(endpoint: string, call: () => Promise<T>, options?: { signal?: AbortSignal }): Promise<T>;
  stats(): PacedRequestStats;
}

export function createPacedRequester(options: PacedRequesterOptions): PacedRequester {
  const time = options.time ?? systemPacingTime;
  const pacer: RequestPacer = createRequestPacer({ ...options, time });
  const counters = { succeeded: 0, failed: 0, retries: 0, backoffMs: 0 };

  return {
    async request(endpoint, call, requestOptions = {}) {
      const { signal } = requestOptions;
      try {
        const value = await withRetries(() => pacer.run(endpoint, call, { signal }), {
          ...options.retry,
          time,
          signal,
          onRetry(retry) {
            counters.retries += 1;
            counters.backoffMs += retry.delayMs;
            options.logger?.debug('Retrying a Stripe request', { endpoint, attempt: retry.attempt, kind: retry.kind.kind, delayMs: retry.delayMs });
          },
        });
        counters.succeeded += 1;
        return value;
      } catch (error) {
        counters.failed += 1;
        throw error;
      }
    },
    stats() {
      const pacerStats = pacer.stats();
      return {
        requests: pacerStats.dispatched,
        succeeded: counters.succeeded,
        failed: counters.failed,
        retries: counters.retries,
        rateLimited: pacerStats.rateLimited,
        rateLimitedTotal: Object.values(pacerStats.rateLimited).reduce((sum, count) => sum + count, 0),
        waitMs: { pacing: pacerStats.waitMs, backoff: counters.backoffMs, total: pacerStats.waitMs + counters.backoffMs },
        pacer: pacerStats,
      };
    },
  };
}

/**
 * The same requester with every request tied to `signal`: once it aborts, requests still waiting for the pacer are
 * dropped instead of sent. A sync uses it so that, once it has failed, nothing it queued reaches Stripe after it ended.
 */
export function stoppableBy(requester: PacedRequester, signal: AbortSignal): PacedRequester {
  return {
    request: (endpoint, call, options = {}) => requester.request(endpoint, call, { signal: options.signal ? AbortSignal.any([signal, options.signal]) : signal }),
    stats: () => requester.stats(),
  };
}
