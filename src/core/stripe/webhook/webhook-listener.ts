import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, Socket } from 'node:net';
import type Database from 'better-sqlite3';
import type Stripe from 'stripe';
import { claimEvent, finishEvent } from '../../db/repositories/event-ledger';
import { redactSecrets } from '../../log/redact';
import { type Clock, type Logger } from '../../ports';
import { readCappedBody } from './read-capped-body';
import { verifyWebhook } from './verify-webhook';
import { type WebhookRejectionReason, webhookRejections } from './webhook-rejection';

/** The only interface the relay listens on: `stripe listen` runs on the same machine, nothing else should reach it. */
const loopback = '127.0.0.1';

export interface WebhookListenerOptions {
  /** 0 picks a free port. */
  port: number;
  /** e.g. `/stripe/webhook`; requests elsewhere get 404. */
  path: string;
  /** Refused unless `127.0.0.1`; present so a caller asking for another interface learns why it cannot have it. */
  host?: string;
  /** The endpoint's signing secret, read on every request so a new one pasted into Recur applies at once. */
  secret: () => string | undefined;
  accountId: string;
  db: Database.Database;
  logger: Logger;
  /** The clock signature timestamps are checked against (the real one: senders sign with real time). */
  clock: Clock;
  /** Largest |now − t| accepted, in seconds; Stripe's recommendation and default is 300. */
  toleranceSeconds?: number;
  /** Stripe's payloads stay under 256 KB; the default cap is 1 MiB. */
  maxBodyBytes?: number;
  /** The applier. Runs after the delivery has been answered, one event at a time, in arrival order. */
  onEvent(event: Stripe.Event, source: 'webhook'): Promise<void> | void;
  /** How long a client may take to send its headers (slowloris defence); default 10 s. */
  headersTimeoutMs?: number;
  /** How long a client may take to send the whole request; default 10 s, never less than the headers timeout. */
  requestTimeoutMs?: number;
}

export interface WebhookListenerStats {
  /** Every request that reached the listener, whatever became of it. */
  received: number;
  /** Deliveries verified and claimed in the ledger (each applied once). */
  accepted: number;
  /** Verified deliveries of an event already claimed: answered 200 and not applied again. */
  duplicates: number;
  /** Accepted events the applier finished with, and those it failed on. */
  processed: number;
  failed: number;
  rejected: Partial<Record<WebhookRejectionReason, number>>;
}

export interface WebhookListener {
  /** The endpoint, e.g. `http://127.0.0.1:4242/stripe/webhook`. */
  url: string;
  port: number;
  stats(): WebhookListenerStats;
  /** Resolves once every event accepted so far has been applied (or has failed). */
  idle(): Promise<void>;
  /** Stops listening, drops open connections (senders retry), then waits for events already accepted to be applied. */
  close(): Promise<void>;
}

/**
 * The optional webhook relay of STRIPE-SYNC.md (required behaviour 4): `stripe listen --forward-to` posts signed
 * events here; each is verified against the raw bytes, claimed in the event-id ledger shared with the poller, answered
 * 200 at once (Stripe wants an answer within seconds, and applying can fetch from the API), then handed to the applier.
 * Everything else is refused with a reason, logged without secrets or bodies, and leaves no trace in the ledger.
 */
export async function startWebhookListener(options: WebhookListenerOptions): Promise<WebhookListener> {
  if (options.host !== undefined && options.host !== loopback) {
    throw new Error(
      `The webhook relay listens on ${loopback} only, not on ${options.host}: it is fed by \`stripe listen\` on this machine, and an endpoint on another interface would take events from the network.`,
    );
  }
  if (!options.path.startsWith('/') || /[?#]/.test(options.path)) {
    throw new Error(`The webhook path must start with "/" and have no query or fragment, e.g. /stripe/webhook (got ${options.path}).`);
  }
  const { db, logger, clock, accountId, path } = options;
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? 10_000, requestTimeout);
  if (!(toleranceSeconds > 0)) throw new Error('toleranceSeconds must be positive: 0 would turn the SDK’s timestamp check off.');

  const stats: WebhookListenerStats = { received: 0, accepted: 0, duplicates: 0, processed: 0, failed: 0, rejected: {} };
  let applying: Promise<void> = Promise.resolve();

  const reject = (response: ServerResponse, reason: WebhookRejectionReason, context: { method?: string; pathname?: string; eventId?: string }): void => {
    const { status, message } = webhookRejections[reason];
    stats.rejected[reason] = (stats.rejected[reason] ?? 0) + 1;
    const fields = { reason, status, ...context };
    if (reason === 'internal_error' || reason === 'no_signing_secret') logger.error(`Stripe webhook refused: ${message}`, fields);
    else logger.warn(`Stripe webhook refused: ${message}`, fields);
    // Closing the connection after a refusal means a sender still pushing a body is cut off instead of being read to
    // the end; only accepted deliveries keep their connection alive.
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' };
    if (reason === 'method_not_allowed') headers.Allow = 'POST';
    send(response, status, { error: reason, message }, headers);
  };

  const apply = async (event: Stripe.Event): Promise<void> => {
    try {
      await options.onEvent(event, 'webhook');
      finishEvent(db, accountId, event.id, { status: 'processed', processedAt: clock.now().toISOString() });
      stats.processed++;
    } catch (error) {
      stats.failed++;
      const message = redactSecrets(error instanceof Error ? error.message : String(error));
      logger.error('Stripe webhook event failed to apply', { eventId: event.id, type: event.type, error: message });
      try {
        finishEvent(db, accountId, event.id, { status: 'failed', processedAt: clock.now().toISOString(), error: message });
      } catch (ledgerError) {
        logger.error('Could not record a failed webhook event in the ledger', { eventId: event.id, error: ledgerError });
      }
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    stats.received++;
    const method = request.method ?? '';
    const pathname = pathnameOf(request.url);
    if (pathname !== path) return reject(response, 'not_found', { method, pathname: pathname?.slice(0, 200) });
    if (method !== 'POST') return reject(response, 'method_not_allowed', { method, pathname });
    const secret = options.secret();
    if (!secret?.trim()) return reject(response, 'no_signing_secret', { method, pathname });
    if (!isJsonContentType(request.headers['content-type'])) return reject(response, 'unsupported_content_type', { method, pathname });

    const read = await readCappedBody(request, maxBodyBytes);
    if (!read.ok) return reject(response, read.reason, { method, pathname });

    const header = request.headers['stripe-signature'];
    const verified = verifyWebhook(read.body, typeof header === 'string' ? header : undefined, secret, { toleranceSeconds, nowMs: clock.now().getTime() });
    if (!verified.ok) return reject(response, verified.reason, { method, pathname, ...(verified.eventId ? { eventId: verified.eventId } : {}) });

    const { event } = verified;
    let claim: 'claimed' | 'duplicate';
    try {
      claim = claimEvent(db, { accountId, eventId: event.id, type: event.type, source: 'webhook', receivedAt: clock.now().toISOString(), eventCreated: event.created });
    } catch (error) {
      logger.error('Could not record a webhook event in the ledger', { eventId: event.id, error });
      return reject(response, 'internal_error', { method, pathname, eventId: event.id });
    }
    if (claim === 'duplicate') {
      stats.duplicates++;
      logger.debug('Stripe webhook duplicate delivery', { eventId: event.id, type: event.type });
      return send(response, 200, { received: true, duplicate: true });
    }
    stats.accepted++;
    logger.debug('Stripe webhook accepted', { eventId: event.id, type: event.type });
    send(response, 200, { received: true });
    applying = applying.then(() => apply(event));
  };

  const server = http.createServer(
    {
      headersTimeout,
      requestTimeout,
      // Node checks both timeouts on this interval (30 s by default), which would let a slow client outstay them.
      connectionsCheckingInterval: Math.max(50, Math.floor(headersTimeout / 4)),
    },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        logger.error('Stripe webhook handler failed', { error });
        if (!response.headersSent) reject(response, 'internal_error', {});
      });
    },
  );

  // Requests Node refuses before the handler runs (a client too slow to send its headers or body, headers over the
  // size limit, bytes that are not HTTP) end here. Without a listener Node answers and closes them silently; with one
  // the refusal is logged like every other, and the answer and the close are ours to do, exactly as Node would.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const code = error.code ?? 'unknown';
    if (code === 'ECONNRESET' || code === 'EPIPE') {
      // The client went away: nothing to answer, nothing worth a warning.
      socket.destroy();
      return;
    }
    const status = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    logger.warn('Stripe webhook request cut off by the HTTP server (too slow, oversized or not HTTP)', { code, status });
    // Node's own rule: answer only a connection that has not been answered yet (nothing written to it).
    if (socket.writable && socket instanceof Socket && socket.bytesWritten === 0) {
      socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Bad Request'}\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, loopback, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${loopback}:${port}${path}`;
  logger.info('Stripe webhook relay listening', { url });

  return {
    url,
    port,
    stats: () => ({ ...stats, rejected: { ...stats.rejected } }),
    idle: () => applying,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await applying;
      logger.info('Stripe webhook relay stopped', { url });
    },
  };
}

function send(response: ServerResponse, status: number, body: object, headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' }): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
  response.end(text);
}

function pathnameOf(requestUrl: string | undefined): string | undefined {
  try {
    return new URL(requestUrl ?? '', `http://${loopback}`).pathname;
  } catch {
    return undefined;
  }
}

/** `application/json`, optionally with `charset=utf-8` (what Stripe sends); the SDK reads the body as UTF-8. */
function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const [mediaType, ...parameters] = value.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return parameters.every((parameter) => !parameter.startsWith('charset=') || /^charset="?utf-?8"?$/.test(parameter));
}
