import Stripe from 'stripe';

/**
 * What a failed Stripe request means for pacing and retrying. Classes from the stripe SDK come first; the HTTP status
 * and Node's socket error codes catch what arrives another way (a second copy of the SDK, a plain fetch, a socket
 * error the SDK did not wrap).
 */

/** `Stripe-Rate-Limited-Reason` values Stripe documents, plus `unspecified` for a 429 that names none. */
export type RateLimitedReason = 'global-rate' | 'endpoint-rate' | 'global-concurrency' | 'endpoint-concurrency' | 'resource-specific' | 'unspecified';

export const rateLimitedReasons: readonly RateLimitedReason[] = [
  'global-rate',
  'endpoint-rate',
  'global-concurrency',
  'endpoint-concurrency',
  'resource-specific',
  'unspecified',
];

export type StripeErrorKind =
  | { kind: 'rate-limited'; reason: RateLimitedReason; retryAfterMs: number | undefined }
  /** 5xx, 409 (lock_timeout and other conflicts), a dropped or refused connection, a timeout, a cut-off body. */
  | { kind: 'transient' }
  /** 401: the key is invalid or was revoked. */
  | { kind: 'auth' }
  /** 403: a restricted key lacks a permission; `resource` is the permission Stripe names (`rak_customer_read`). */
  | { kind: 'permission'; resource?: string }
  /** 400: our request is wrong; retrying cannot help. */
  | { kind: 'invalid' }
  | { kind: 'not-found' }
  | { kind: 'unknown' };

/** Socket-level failures worth another try: the request most likely never reached Stripe, or its answer never reached us. */
const transientNetworkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENOTFOUND', 'UND_ERR_SOCKET']);

/** Stripe names the missing permission: "Having the 'rak_customer_read' permission would allow this request to continue." */
const permissionPattern = /Having the '([^']+)' permission/;

/** Retry-After values above this are treated as this: a runaway header must not stall a sync for hours. */
export const maxRetryAfterMs = 60_000;

export function classifyStripeError(error: unknown): StripeErrorKind {
  const { errors } = Stripe;
  if (error instanceof errors.StripeRateLimitError) return rateLimited(error.headers);
  if (error instanceof errors.StripeAuthenticationError) return { kind: 'auth' };
  if (error instanceof errors.StripePermissionError) return permission(error.message);
  if (error instanceof errors.StripeConnectionError) return { kind: 'transient' };
  if (error instanceof errors.StripeInvalidRequestError || error instanceof errors.StripeIdempotencyError) {
    return error.statusCode === 404 ? { kind: 'not-found' } : { kind: 'invalid' };
  }
  if (error instanceof errors.StripeAPIError) {
    // No status means the SDK could not read the body (a response cut off mid-way): the server did answer, badly.
    return error.statusCode === undefined ? { kind: 'transient' } : byStatus(error.statusCode, error);
  }
  const status = statusOf(error);
  if (status !== undefined) return byStatus(status, error);
  return isNetworkFailure(error) ? { kind: 'transient' } : { kind: 'unknown' };
}

export function isRetryable(kind: StripeErrorKind): boolean {
  return kind.kind === 'rate-limited' || kind.kind === 'transient';
}

function byStatus(status: number, error: unknown): StripeErrorKind {
  if (status === 429) return rateLimited(headersOf(error));
  if (status === 401) return { kind: 'auth' };
  if (status === 403) return permission(error instanceof Error ? error.message : '');
  if (status === 404) return { kind: 'not-found' };
  if (status === 400) return { kind: 'invalid' };
  if (status === 409 || status >= 500) return { kind: 'transient' };
  return { kind: 'unknown' };
}

function rateLimited(headers: Record<string, unknown> | undefined): StripeErrorKind {
  return { kind: 'rate-limited', reason: reasonOf(header(headers, 'stripe-rate-limited-reason')), retryAfterMs: retryAfterMs(header(headers, 'retry-after')) };
}

function permission(message: string): StripeErrorKind {
  const resource = permissionPattern.exec(message)?.[1];
  return resource === undefined ? { kind: 'permission' } : { kind: 'permission', resource };
}

function reasonOf(value: string | undefined): RateLimitedReason {
  const normalized = value?.trim().toLowerCase();
  return rateLimitedReasons.find((reason) => reason === normalized && reason !== 'unspecified') ?? 'unspecified';
}

/** Retry-After in delta-seconds, the form Stripe sends; an HTTP-date or garbage is ignored. */
export function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Math.min(maxRetryAfterMs, Math.round(Number(value) * 1000));
}

/** Node lower-cases response header names; a hand-built error may not have. */
function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value: unknown = entry?.[1];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status: unknown = 'statusCode' in error ? error.statusCode : 'status' in error ? error.status : undefined;
  return typeof status === 'number' ? status : undefined;
}

function headersOf(error: unknown): Record<string, unknown> | undefined {
  if (typeof error !== 'object' || error === null || !('headers' in error)) return undefined;
  const { headers } = error;
  return typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>) : undefined;
}

/** A socket error code or "socket hang up", on the error itself or on what it wraps (`detail` in the SDK, `cause` in Node). */
function isNetworkFailure(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  if ('code' in error && typeof error.code === 'string' && transientNetworkCodes.has(error.code)) return true;
  if (error instanceof Error && /socket hang up/i.test(error.message)) return true;
  if ('detail' in error && isNetworkFailure(error.detail, depth + 1)) return true;
  return 'cause' in error && isNetworkFailure(error.cause, depth + 1);
}
