import Stripe from 'stripe';

/** Where the Stripe API is: Stripe itself by default, or any Stripe-compatible server (the simulator, a proxy). */
export interface StripeEndpoint {
  apiKey: string;
  /** e.g. `http://127.0.0.1:12111`; undefined for api.stripe.com. */
  apiBase?: string;
}

/**
 * A stripe SDK client for one account. Retries are ours (src/core/stripe/pacing): the SDK's own would double them and
 * it does not pace 429s. The SDK talks to any Stripe-compatible server given host, port and protocol.
 */
export function createStripeClient(endpoint: StripeEndpoint, options: { timeoutMs?: number } = {}): Stripe {
  const config: Stripe.StripeConfig = {
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? 80_000,
    appInfo: { name: 'Recur', url: 'https://recur.app' },
    telemetry: false,
  };
  if (endpoint.apiBase) {
    const url = new URL(endpoint.apiBase);
    config.host = url.hostname;
    config.port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    config.protocol = url.protocol === 'https:' ? 'https' : 'http';
  }
  return new Stripe(endpoint.apiKey, config);
}

/**
 * The server's time for a response (its Date header), in unix seconds: what Recur stamps fetched objects with for stale
 * protection, so local clock skew never decides which snapshot is newer. Falls back to the local clock.
 */
export function serverTimeOf(response: object | undefined, fallback: () => number): number {
  // The SDK attaches `lastResponse` to every response object at run time; its list types do not declare it.
  const { lastResponse } = (response ?? {}) as { lastResponse?: { headers?: Record<string, string | string[] | undefined> } };
  const header = lastResponse?.headers?.date;
  const text = Array.isArray(header) ? header[0] : header;
  const parsed = text ? Date.parse(text) : Number.NaN;
  return Number.isNaN(parsed) ? fallback() : Math.floor(parsed / 1000);
}
