import http from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * A hop between Recur and the simulator that can make Stripe misbehave in the ways the simulator itself does not:
 * 429s with a `Stripe-Rate-Limited-Reason` its limiter never sends (`resource-specific`) or with none at all, and
 * `/v1/events` pages rewritten (events duplicated, reordered, or injected). Everything else is passed through as is.
 */
export interface StripeProxy {
  url: string;
  /** The next `count` requests are answered 429 with this reason header (undefined: no header) and a Retry-After. */
  rateLimit(count: number, reason: string | undefined, retryAfterSeconds?: number): void;
  /** Rewrites the `data` of `/v1/events` list pages; set to undefined to pass them through. */
  rewriteEvents: ((events: EventLike[], query: URLSearchParams) => EventLike[]) | undefined;
  counters: { requests: number; rateLimited: number };
  close(): Promise<void>;
}

export interface EventLike {
  id: string;
  created: number;
  type: string;
  data: { object: { id: string; object: string } & Record<string, unknown> };
}

export async function startStripeProxy(target: string): Promise<StripeProxy> {
  let pending: { count: number; reason: string | undefined; retryAfterSeconds: number | undefined } = { count: 0, reason: undefined, retryAfterSeconds: undefined };
  const proxy: Omit<StripeProxy, 'url' | 'close'> = {
    rateLimit(count, reason, retryAfterSeconds) {
      pending = { count, reason, retryAfterSeconds };
    },
    rewriteEvents: undefined,
    counters: { requests: 0, rateLimited: 0 },
  };
  const server = http.createServer((request, response) => {
    proxy.counters.requests++;
    if (pending.count > 0) {
      pending.count--;
      proxy.counters.rateLimited++;
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (pending.reason !== undefined) headers['Stripe-Rate-Limited-Reason'] = pending.reason;
      if (pending.retryAfterSeconds !== undefined) headers['Retry-After'] = String(pending.retryAfterSeconds);
      response.writeHead(429, headers);
      response.end(JSON.stringify({ error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Testmode request rate limit exceeded.' } }));
      return;
    }
    const url = new URL(request.url ?? '/', target);
    const headers = { ...request.headers, host: url.host };
    const upstream = http.request(url, { method: request.method, headers }, (answer) => {
      const rewrite = proxy.rewriteEvents;
      if (!rewrite || url.pathname !== '/v1/events' || answer.statusCode !== 200) {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const page = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: EventLike[] };
        const body = Buffer.from(JSON.stringify({ ...page, data: rewrite(page.data, url.searchParams) }));
        response.writeHead(200, { ...answer.headers, 'content-length': String(body.length) });
        response.end(body);
      });
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...proxy,
    get counters() {
      return proxy.counters;
    },
    get rewriteEvents() {
      return proxy.rewriteEvents;
    },
    set rewriteEvents(value) {
      proxy.rewriteEvents = value;
    },
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
