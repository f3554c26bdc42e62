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
    httpClient: withoutHiddenRetry(Stripe.createNodeHttpClient()),
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
 * stripe-node retries a request whose connection closed (ECONNRESET, EPIPE) once even with `maxNetworkRetries: 0`
 * (RequestSender._shouldRetry, stripe/stripe-node#1040): a second request Stripe meters that the pacer neither paced
 * nor counted, so the sync log's `requests` fell short of Stripe's. The failure is handed on without its socket code
 * (kept as the `cause`), so the SDK gives up at once and our retry policy, paced and counted, takes it like any other
 * dropped connection.
 */
function withoutHiddenRetry<Client extends NonNullable<Stripe.StripeConfig['httpClient']>>(client: Client): Client {
  const makeRequest = client.makeRequest.bind(client);
  client.makeRequest = (...args) =>
    makeRequest(...args).catch((error: unknown) => {
      const code = error instanceof Error && 'code' in error ? error.code : undefined;
      throw typeof code === 'string' && Stripe.HttpClient.CONNECTION_CLOSED_ERROR_CODES.includes(code) ? new Error(error instanceof Error ? error.message : code, { cause: error }) : error;
    });
  return client;
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
