import { type CreatedRange, type ListFilters } from '../account/account-view';
import { type PageRequest } from './paginate';
import { type ParamValue, renderParamValue } from './query-params';
import { type FilterParam, type ListRoute } from './routes';
import {
  type ErrorResponse,
  integerTooLarge,
  integerTooSmall,
  invalidBoolean,
  invalidEnum,
  invalidInteger,
  invalidShape,
  isErrorResponse,
  mutuallyExclusive,
  parameterEmpty,
  parameterMissing,
  tooManyValues,
  unknownParameter,
} from './stripe-error';

/**
 * Turns a request's parameters into what the account view and the paginator take, refusing what Stripe refuses:
 * unknown parameters, limits outside 1–100, malformed timestamps and booleans, unknown statuses, more than 20 event
 * types. Each endpoint accepts the filters its route lists plus the pagination parameters and `expand`.
 */

export interface ListRequest {
  filters: ListFilters;
  page: PageRequest;
  expand: string[];
}

export const subscriptionStatuses = [
  'active',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'trialing',
  'paused',
  'all',
  'ended',
] as const;

export const invoiceStatuses = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;

/** Stripe's cap on `types[]` for `/v1/events`. */
export const maxEventTypes = 20;

const pagingParams = ['limit', 'starting_after', 'ending_before', 'expand'] as const;
const createdKeys = ['gt', 'gte', 'lt', 'lte'] as const;
const integerPattern = /^[+-]?\d+$/;

type Params = ReadonlyMap<string, ParamValue>;

/** The first parameter the endpoint does not know, as Stripe names it (`foo`, or `created[foo]` inside a hash). */
function firstUnknown(params: Params, allowed: readonly string[]): ErrorResponse | undefined {
  for (const [name, value] of params) {
    if (!allowed.includes(name)) return unknownParameter(name);
    if (name === 'created' && value.kind === 'hash') {
      const stray = Object.keys(value.entries).find((key) => !(createdKeys as readonly string[]).includes(key));
      if (stray !== undefined) return unknownParameter(`created[${stray}]`);
    }
  }
  return undefined;
}

function scalar(params: Params, name: string): string | ErrorResponse | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (value.kind !== 'scalar') return invalidShape(name, 'string', renderParamValue(value));
  if (value.value === '') return parameterEmpty(name);
  return value.value;
}

function integer(name: string, raw: string): number | ErrorResponse {
  if (!integerPattern.test(raw)) return invalidInteger(name, raw);
  const parsed = Number(raw);
  return Number.isSafeInteger(parsed) ? parsed : invalidInteger(name, raw);
}

function parseLimit(params: Params): number | ErrorResponse {
  const raw = scalar(params, 'limit');
  if (raw === undefined) return 10;
  if (isErrorResponse(raw)) return raw;
  const limit = integer('limit', raw);
  if (isErrorResponse(limit)) return limit;
  if (limit < 1) return integerTooSmall('limit', 1);
  if (limit > 100) return integerTooLarge('limit', 100);
  return limit;
}

export function parseExpand(params: Params): string[] | ErrorResponse {
  const value = params.get('expand');
  if (value === undefined) return [];
  if (value.kind !== 'list') return invalidShape('expand', 'array');
  return value.values;
}

/** `created=123` is an exact second; `created[gte]=…` and friends a range. */
function parseCreated(value: ParamValue): CreatedRange | ErrorResponse {
  if (value.kind === 'list') return invalidShape('created', 'hash');
  if (value.kind === 'scalar') {
    if (value.value === '') return parameterEmpty('created');
    const exact = integer('created', value.value);
    return isErrorResponse(exact) ? exact : { gte: exact, lte: exact };
  }
  const range: CreatedRange = {};
  for (const key of createdKeys) {
    const raw = value.entries[key];
    if (raw === undefined) continue;
    const bound = integer(`created[${key}]`, raw);
    if (isErrorResponse(bound)) return bound;
    range[key] = bound;
  }
  return range;
}

function parseTypes(params: Params): string[] | ErrorResponse | undefined {
  const single = params.get('type');
  const many = params.get('types');
  if (single !== undefined && many !== undefined) return mutuallyExclusive('type', 'types');
  if (single !== undefined) {
    const type = scalar(params, 'type');
    return type === undefined || isErrorResponse(type) ? type : [type];
  }
  if (many === undefined) return undefined;
  if (many.kind !== 'list') return invalidShape('types', 'array');
  if (many.values.length > maxEventTypes) return tooManyValues('types', maxEventTypes);
  return many.values;
}

function parseFilter(route: ListRoute, params: Params, filter: FilterParam, filters: ListFilters): ErrorResponse | undefined {
  const value = params.get(filter);
  if (value === undefined) return undefined;
  switch (filter) {
    case 'created': {
      const created = parseCreated(value);
      if (isErrorResponse(created)) return created;
      filters.created = created;
      return undefined;
    }
    case 'active': {
      const raw = scalar(params, filter);
      if (raw === undefined || isErrorResponse(raw)) return raw;
      if (raw !== 'true' && raw !== 'false') return invalidBoolean(filter, raw);
      filters.active = raw === 'true';
      return undefined;
    }
    case 'status': {
      const raw = scalar(params, filter);
      if (raw === undefined || isErrorResponse(raw)) return raw;
      const allowed: readonly string[] = route.resource === 'invoices' ? invoiceStatuses : subscriptionStatuses;
      if (!allowed.includes(raw)) return invalidEnum('status', allowed);
      filters.status = raw;
      return undefined;
    }
    case 'type':
    case 'types': {
      const types = parseTypes(params);
      if (isErrorResponse(types)) return types;
      if (types !== undefined) filters.types = types;
      return undefined;
    }
    case 'customer':
    case 'subscription':
    case 'charge': {
      const raw = scalar(params, filter);
      if (raw === undefined || isErrorResponse(raw)) return raw;
      filters[filter] = raw;
      return undefined;
    }
  }
}

export function parseListRequest(route: ListRoute, params: Params, pathId?: string): ListRequest | ErrorResponse {
  const unknown = firstUnknown(params, [...pagingParams, ...route.filters]);
  if (unknown) return unknown;

  const filters: ListFilters = {};
  if (route.resource === 'invoice_lines' && pathId !== undefined) filters.invoice = pathId;
  for (const filter of route.filters) {
    const failure = parseFilter(route, params, filter, filters);
    if (failure) return failure;
  }
  for (const required of route.required) {
    if (!params.has(required)) return parameterMissing(required);
  }

  const limit = parseLimit(params);
  if (isErrorResponse(limit)) return limit;
  const startingAfter = scalar(params, 'starting_after');
  if (isErrorResponse(startingAfter)) return startingAfter;
  const endingBefore = scalar(params, 'ending_before');
  if (isErrorResponse(endingBefore)) return endingBefore;
  const expand = parseExpand(params);
  if (isErrorResponse(expand)) return expand;

  const page: PageRequest = { limit };
  if (startingAfter !== undefined) page.startingAfter = startingAfter;
  if (endingBefore !== undefined) page.endingBefore = endingBefore;
  return { filters, page, expand };
}

/** Retrieve endpoints (and `/v1/account`) take only `expand`. */
export function parseRetrieveRequest(params: Params): { expand: string[] } | ErrorResponse {
  const unknown = firstUnknown(params, ['expand']);
  if (unknown) return unknown;
  const expand = parseExpand(params);
  return isErrorResponse(expand) ? expand : { expand };
}
