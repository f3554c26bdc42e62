/**
 * Stripe's error responses, worded as Stripe words them. Messages were taken from real responses quoted in public
 * issues and client test suites (e.g. stripe/stripe-php#982 for the limit bounds, stripe-node#2368 for a cursor that
 * left the list, st-paywall#36 for a restricted key); where no real wording was found the message says so in a comment.
 */

export interface StripeErrorBody {
  type: 'invalid_request_error' | 'api_error';
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
}

/** A response the server sends as `{ error: … }`. */
export interface ErrorResponse {
  status: number;
  error: StripeErrorBody;
  headers?: Record<string, string>;
}

export function isErrorResponse(value: unknown): value is ErrorResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'error' in value;
}

/** Stripe links every error code to its page: `resource_missing` → …/error-codes/resource-missing. */
export function docUrlFor(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;
}

function withCode(status: number, code: string, body: Omit<StripeErrorBody, 'code' | 'doc_url'>): ErrorResponse {
  return { status, error: { ...body, code, doc_url: docUrlFor(code) } };
}

function invalidRequest(status: number, message: string, param?: string): ErrorResponse {
  return { status, error: { type: 'invalid_request_error', message, ...(param === undefined ? {} : { param }) } };
}

export function noApiKey(): ErrorResponse {
  return {
    ...invalidRequest(
      401,
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    ),
    headers: { 'WWW-Authenticate': 'Basic realm="Stripe"' },
  };
}

export function invalidApiKey(maskedKey: string): ErrorResponse {
  return { ...invalidRequest(401, `Invalid API Key provided: ${maskedKey}`), headers: { 'WWW-Authenticate': 'Basic realm="Stripe"' } };
}

export function permissionDenied(maskedKey: string, accountId: string, permission: string): ErrorResponse {
  return invalidRequest(
    403,
    `The provided key '${maskedKey}' does not have the required permissions for this endpoint on account '${accountId}'. Having the '${permission}' permission would allow this request to continue.`,
  );
}

export function unrecognizedUrl(method: string, path: string): ErrorResponse {
  return invalidRequest(
    404,
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  );
}

export function resourceMissing(noun: string, id: string, param: string): ErrorResponse {
  return withCode(404, 'resource_missing', { type: 'invalid_request_error', message: `No such ${noun}: '${id}'`, param });
}

export function unknownParameter(name: string): ErrorResponse {
  return withCode(400, 'parameter_unknown', { type: 'invalid_request_error', message: `Received unknown parameter: ${name}`, param: name });
}

export function parameterMissing(name: string): ErrorResponse {
  return withCode(400, 'parameter_missing', { type: 'invalid_request_error', message: `Missing required param: ${name}.`, param: name });
}

export function parameterEmpty(name: string): ErrorResponse {
  return withCode(400, 'parameter_invalid_empty', {
    type: 'invalid_request_error',
    message: `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`,
    param: name,
  });
}

export function invalidInteger(name: string, raw: string): ErrorResponse {
  return withCode(400, 'parameter_invalid_integer', { type: 'invalid_request_error', message: `Invalid integer: ${raw}`, param: name });
}

export function integerTooSmall(name: string, minimum: number): ErrorResponse {
  return invalidRequest(400, `This value must be greater than or equal to ${minimum}.`, name);
}

export function integerTooLarge(name: string, maximum: number): ErrorResponse {
  return invalidRequest(400, `This value must be less than or equal to ${maximum}.`, name);
}

export function invalidBoolean(name: string, raw: string): ErrorResponse {
  return invalidRequest(400, `Invalid boolean: ${raw}`, name);
}

/** A value of the wrong shape: "Invalid array", "Invalid hash", or "Invalid string: {"0":"a"}" showing what came. */
export function invalidShape(name: string, expected: 'string' | 'array' | 'hash' | 'integer' | 'boolean', received?: string): ErrorResponse {
  return invalidRequest(400, received === undefined ? `Invalid ${expected}` : `Invalid ${expected}: ${received}`, name);
}

/** Stripe lists enum values as "a, b, or c". */
export function invalidEnum(name: string, allowed: readonly string[]): ErrorResponse {
  const listed = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')}, or ${allowed[allowed.length - 1]}` : allowed.join('');
  return invalidRequest(400, `Invalid ${name}: must be one of ${listed}`, name);
}

/** Wording as in stripe/stripe-node#1464 ("You may only specify one of these parameters: ids, starting_after."). */
export function mutuallyExclusive(first: string, second: string): ErrorResponse {
  return invalidRequest(400, `You may only specify one of these parameters: ${first}, ${second}.`, first);
}

export function bothCursors(): ErrorResponse {
  return invalidRequest(400, 'Received both starting_after and ending_before parameters. Please pass in only one.');
}

/** No real wording was found for this one; the limit itself (20) is Stripe's. */
export function tooManyValues(name: string, maximum: number): ErrorResponse {
  return invalidRequest(400, `Invalid array: ${name} may contain at most ${maximum} values.`, name);
}

export function cannotExpand(path: string, hint?: string): ErrorResponse {
  const suffix = hint === undefined ? '' : ` You may want to try expanding '${hint}' instead.`;
  return invalidRequest(400, `This property cannot be expanded (${path}).${suffix}`);
}

export function expandTooDeep(path: string): ErrorResponse {
  return invalidRequest(400, `You cannot expand more than 4 levels of a property. Property: ${path}`);
}

export function rateLimited(livemode: boolean): ErrorResponse {
  const message = livemode
    ? 'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.'
    : 'Testmode request rate limit exceeded, the rate limits in testmode are lower than livemode. You can learn more about rate limits here https://stripe.com/docs/rate-limits.';
  return withCode(429, 'rate_limit', { type: 'invalid_request_error', message });
}

export function apiError(): ErrorResponse {
  return { status: 500, error: { type: 'api_error', message: 'An unknown error occurred' } };
}
