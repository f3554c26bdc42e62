import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { type SimAccountView } from '../account/account-view';
import { keyFromAuthorization, keyMode, maskKey } from './api-key';
import { emptyCounters, recordStatus, type SimulatorCounters, snapshotCounters } from './counters';
import { createFaultSource, type FaultPlan, type FaultSource } from './faults';
import { jsonPayload } from './json-payload';
import { readPermission } from './permissions';
import { parseQuery } from './query-params';
import { createRateLimiter, type RateLimiter, type RateLimitReason } from './rate-limiter';
import { requestId } from './request-id';
import { matchRoute } from './routes';
import { type ObjectResponse, serveRoute } from './serve-route';
import { defaultApiVersion, defaultRateLimits, type RuntimeOptions, type SimulatorOptions } from './server-options';
import {
  apiError,
  type ErrorResponse,
  invalidApiKey,
  isErrorResponse,
  noApiKey,
  permissionDenied,
  rateLimited,
  unrecognizedUrl,
} from './stripe-error';

/**
 * The simulator's HTTP face: Stripe's REST API (the read side Recur uses) over `node:http` on 127.0.0.1, for the real
 * stripe SDK to talk to. A request goes through, in Stripe's order: authentication → routing → restricted-key
 * permission → rate limits → injected faults → the account view → latency → the response.
 */

export interface SimulatorServer {
  readonly url: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** A snapshot of the counters at the time of reading. */
  readonly counters: SimulatorCounters;
  /**
   * Changes options while running; top-level keys replace the current ones (`rateLimits` as a whole). New rate limits
   * or clock start with full buckets; a new seed restarts the fault stream; `forceRateLimited`/`forceFault` restart
   * their counts.
   */
  setOptions(partial: Partial<RuntimeOptions>): void;
  resetCounters(): void;
  /** Stops listening and ends every socket, keep-alive ones included, and any response still waiting. */
  close(): Promise<void>;
}

const host = '127.0.0.1';

interface Outgoing {
  status: number;
  body: object;
  headers: Record<string, string>;
  objectCount: number;
  extraDelayMs: number;
  truncate: boolean;
}

export async function startSimulatorServer(view: SimAccountView, options: SimulatorOptions): Promise<SimulatorServer> {
  const { port: requestedPort = 0, ...runtime } = options;
  let current: RuntimeOptions = runtime;
  let counters = emptyCounters();
  let ordinal = 0;
  let forcedRateLimits = current.forceRateLimited?.count ?? 0;
  let forcedFaults = current.forceFault?.count ?? 0;
  const timers = new Set<NodeJS.Timeout>();

  const clock = (): number => (current.clock ? current.clock() : performance.now());
  const makeLimiter = (): RateLimiter | undefined => {
    const limits = current.rateLimits === undefined ? defaultRateLimits : current.rateLimits;
    return limits === null ? undefined : createRateLimiter(limits, clock);
  };
  let limiter = makeLimiter();
  let faultSource: FaultSource = createFaultSource(current.seed ?? 0);

  const accountId = (): string => {
    const account: { id?: unknown } = view.account();
    return typeof account.id === 'string' ? account.id : 'acct_unknown';
  };

  const send = (res: http.ServerResponse, outgoing: Outgoing): void => {
    recordStatus(counters, outgoing.status);
    if (outgoing.status === 200) counters.objectsServed += outgoing.objectCount;
    const latency = current.latency;
    const delay = (latency ? latency.baseMs + outgoing.objectCount * latency.perObjectMs : 0) + outgoing.extraDelayMs;
    const write = (): void => {
      if (res.destroyed || res.writableEnded) return;
      const payload = jsonPayload(outgoing.body);
      res.writeHead(outgoing.status, { ...outgoing.headers, 'Content-Length': String(payload.length) });
      if (!outgoing.truncate) {
        res.end(payload);
        return;
      }
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
    };
    if (delay <= 0) {
      write();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      write();
    }, delay);
    timers.add(timer);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', `http://${host}`);
    const versionHeader = req.headers['stripe-version'];
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, no-store',
      'Request-Id': requestId(current.seed ?? 0, ordinal++),
      // Stripe's Date header is its own clock; here it is the simulator's, so a client that stamps what it fetched with
      // the server's time (as Recur's stale protection does) stays consistent with event times in live mode.
      Date: new Date(view.now() * 1000).toUTCString(),
      'Stripe-Version': typeof versionHeader === 'string' && versionHeader !== '' ? versionHeader : (current.apiVersion ?? defaultApiVersion),
    };
    const matched = matchRoute(method, url.pathname);
    const endpoint = matched?.endpoint ?? `${method} (unrecognized)`;
    counters.requests += 1;
    counters.byEndpoint[endpoint] = (counters.byEndpoint[endpoint] ?? 0) + 1;

    const reply = (response: ObjectResponse | ErrorResponse, plan?: FaultPlan): void => {
      const isError = isErrorResponse(response);
      send(res, {
        status: response.status,
        body: isError ? { error: response.error } : response.body,
        headers: isError ? { ...headers, ...response.headers } : headers,
        objectCount: isError ? 0 : response.objectCount,
        extraDelayMs: plan?.slowMs ?? 0,
        truncate: plan?.truncate ?? false,
      });
    };
    const refuseForRate = (reason: RateLimitReason, livemode: boolean): void => {
      counters.rateLimited[reason] += 1;
      const limits = current.rateLimits === undefined ? defaultRateLimits : current.rateLimits;
      const extra: Record<string, string> = { 'Stripe-Rate-Limited-Reason': reason };
      if (limits?.retryAfterSeconds !== undefined) extra['Retry-After'] = String(limits.retryAfterSeconds);
      if (limits?.sendShouldRetry) extra['Stripe-Should-Retry'] = 'true';
      const response = rateLimited(livemode);
      reply({ ...response, headers: { ...response.headers, ...extra } });
    };

    const key = keyFromAuthorization(req.headers.authorization);
    if (key === undefined) return reply(noApiKey());
    if (!current.apiKeys.includes(key)) return reply(invalidApiKey(maskKey(key)));
    const livemode = keyMode(key) === 'live';
    if (!matched) return reply(unrecognizedUrl(method, url.pathname));

    const { route } = matched;
    const denied = route.kind === 'account' ? [] : (current.restrictedKeys?.[key]?.deny ?? []);
    if (route.kind !== 'account' && denied.some((resource) => readPermission[resource] === readPermission[route.resource])) {
      return reply(permissionDenied(maskKey(key), accountId(), readPermission[route.resource]));
    }

    if (forcedRateLimits > 0 && current.forceRateLimited) {
      forcedRateLimits -= 1;
      return refuseForRate(current.forceRateLimited.reason, livemode);
    }
    const admission = limiter?.admit(endpoint);
    if (admission && !admission.admitted) return refuseForRate(admission.reason, livemode);
    if (admission) res.on('close', admission.release);

    const plan = faultSource.next(current.faults ?? {});
    if (forcedFaults > 0 && current.forceFault) {
      forcedFaults -= 1;
      if (current.forceFault.kind === 'reset') plan.reset = true;
      if (current.forceFault.kind === 'server-error') plan.serverError = true;
      if (current.forceFault.kind === 'truncate') plan.truncate = true;
    }
    if (plan.slowMs > 0) counters.faults.slow += 1;
    if (plan.reset) {
      counters.faults.reset += 1;
      admission?.release();
      req.socket.destroy();
      return;
    }
    if (plan.truncate) counters.faults.truncate += 1;
    if (plan.serverError) {
      counters.faults.serverError += 1;
      return reply(apiError(), plan);
    }

    let response: ObjectResponse | ErrorResponse;
    try {
      response = serveRoute(view, matched, parseQuery(url.search));
    } catch (error) {
      current.onInternalError?.(error);
      response = apiError();
    }
    reply(response, plan);
  };

  const server = http.createServer(handle);
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('the simulator is not listening on a TCP port');
  const { port } = address;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host}:${port}`,
    host,
    port,
    get counters() {
      return snapshotCounters(counters);
    },
    setOptions(partial) {
      const previousSeed = current.seed;
      current = { ...current, ...partial };
      if ('rateLimits' in partial || 'clock' in partial) limiter = makeLimiter();
      if ('seed' in partial && partial.seed !== previousSeed) faultSource = createFaultSource(current.seed ?? 0);
      if ('forceRateLimited' in partial) forcedRateLimits = partial.forceRateLimited?.count ?? 0;
      if ('forceFault' in partial) forcedFaults = partial.forceFault?.count ?? 0;
    },
    resetCounters() {
      counters = emptyCounters();
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
