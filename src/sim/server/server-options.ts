import { type ListableResource } from '../account/account-view';
import { type FaultOptions, type ForcedFault } from './faults';
import { type RateLimitOptions, type RateLimitReason, rateLimitProfiles } from './rate-limiter';

/** How the simulator behaves. Everything but `port` can be changed while it runs (`setOptions`). */
export interface SimulatorOptions {
  /** 0 (the default) picks a free port. The server only ever binds 127.0.0.1. */
  port?: number;
  /** Keys accepted (sk_test_/rk_test_/sk_live_/rk_live_). Removing a key revokes it: its next request gets a 401. */
  apiKeys: string[];
  /** Restricted keys and the resources they may not read (403 on those, the rest still works). */
  restrictedKeys?: Record<string, { deny: ListableResource[] }>;
  /** Seeds fault draws and request ids, so a run can be replayed. */
  seed?: number;
  /** The `Stripe-Version` answered when a request sends none (the SDK always sends one, and it is echoed). */
  apiVersion?: string;
  /** Each response waits `baseMs + objects × perObjectMs` (a full list page of 100 waits base + 100·perObject). */
  latency?: { baseMs: number; perObjectMs: number };
  /** Defaults to Stripe's test-mode limits; `null` turns rate limiting off. */
  rateLimits?: RateLimitOptions | null;
  faults?: FaultOptions;
  /** The next `count` authenticated requests are refused with a 429 for `reason`. Setting it again restarts the count. */
  forceRateLimited?: { count: number; reason: RateLimitReason } | null;
  /** The next `count` admitted requests get this fault. Setting it again restarts the count. */
  forceFault?: { count: number; kind: ForcedFault } | null;
  /** Milliseconds, for the rate-limit buckets; tests freeze it to count 429s exactly. Defaults to `performance.now`. */
  clock?: () => number;
  /** Called when the view breaks its contract (the request gets a 500). */
  onInternalError?: (error: unknown) => void;
}

export type RuntimeOptions = Omit<SimulatorOptions, 'port'>;

/** The API version of the installed stripe SDK (v23.1.0). */
export const defaultApiVersion = '2026-10-28.endive';

export const defaultRateLimits: RateLimitOptions = rateLimitProfiles.test;
