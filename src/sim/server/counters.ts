import { type RateLimitReason } from './rate-limiter';

/** What the server has done, for tests and benchmarks to read. */
export interface SimulatorCounters {
  requests: number;
  /** Per endpoint (`GET /v1/customers`, `GET /v1/customers/:id`); unrecognized URLs count as `<METHOD> (unrecognized)`. */
  byEndpoint: Record<string, number>;
  byStatusClass: { '2xx': number; '4xx': number; '5xx': number };
  /** Per exact status, e.g. `{ '200': 12, '429': 3 }`. */
  byStatus: Record<string, number>;
  rateLimited: Record<RateLimitReason, number>;
  faults: { serverError: number; reset: number; slow: number; truncate: number };
  /** Top-level objects sent: a list's items, or 1 for a retrieve. */
  objectsServed: number;
}

export function emptyCounters(): SimulatorCounters {
  return {
    requests: 0,
    byEndpoint: {},
    byStatusClass: { '2xx': 0, '4xx': 0, '5xx': 0 },
    byStatus: {},
    rateLimited: { 'global-rate': 0, 'endpoint-rate': 0, 'global-concurrency': 0, 'endpoint-concurrency': 0 },
    faults: { serverError: 0, reset: 0, slow: 0, truncate: 0 },
    objectsServed: 0,
  };
}

export function recordStatus(counters: SimulatorCounters, status: number): void {
  counters.byStatus[String(status)] = (counters.byStatus[String(status)] ?? 0) + 1;
  if (status >= 200 && status < 300) counters.byStatusClass['2xx'] += 1;
  else if (status >= 400 && status < 500) counters.byStatusClass['4xx'] += 1;
  else if (status >= 500) counters.byStatusClass['5xx'] += 1;
}

export function snapshotCounters(counters: SimulatorCounters): SimulatorCounters {
  return structuredClone(counters);
}
