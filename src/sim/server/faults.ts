import { createRandom, type Random } from '../model/random';

/**
 * Injected failures, drawn from a seeded stream so a run can be replayed: the n-th admitted request always gets the
 * same fate for a given seed and rates. Every request draws the same four numbers whatever the rates, so changing one
 * rate does not reshuffle the others.
 */

export interface FaultOptions {
  /** Share of requests answered 500 with Stripe's `api_error` body (the SDK retries these). */
  serverErrorRate?: number;
  /** Share of requests whose socket is destroyed before any response (ECONNRESET for the client). */
  resetRate?: number;
  /** Share of requests delayed by `slowMs` more. */
  slowRate?: number;
  slowMs?: number;
  /** Share of responses cut off: headers and half the body, then the socket is destroyed. */
  truncateRate?: number;
}

export type ForcedFault = 'server-error' | 'reset' | 'truncate';

export interface FaultPlan {
  reset: boolean;
  serverError: boolean;
  slowMs: number;
  truncate: boolean;
}

export interface FaultSource {
  next(options: FaultOptions): FaultPlan;
}

export function createFaultSource(seed: number): FaultSource {
  const random: Random = createRandom(seed);
  return {
    next(options) {
      const [reset, serverError, slow, truncate] = [random.next(), random.next(), random.next(), random.next()];
      return {
        reset: reset < (options.resetRate ?? 0),
        serverError: serverError < (options.serverErrorRate ?? 0),
        slowMs: slow < (options.slowRate ?? 0) ? (options.slowMs ?? 0) : 0,
        truncate: truncate < (options.truncateRate ?? 0),
      };
    },
  };
}
