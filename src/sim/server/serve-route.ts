import { isViewError, type SimAccountView, type ViewError } from '../account/account-view';
import { applyExpansions, planExpansions } from './expand';
import { parseListRequest, parseRetrieveRequest } from './list-request';
import { paginate } from './paginate';
import { type ParamValue } from './query-params';
import { listUrl, type ListRoute, type MatchedRoute } from './routes';
import { bothCursors, docUrlFor, type ErrorResponse, isErrorResponse, resourceMissing } from './stripe-error';

/** What an authenticated, admitted request gets from the account: a Stripe object or list, or a Stripe error. */

export interface ObjectResponse {
  status: 200;
  body: object;
  /** Top-level objects in the body, for latency and counters. */
  objectCount: number;
}

/** The view broke its own contract (a listed id that cannot be retrieved); the server answers 500. */
export class ViewInconsistencyError extends Error {
  override name = 'ViewInconsistencyError';
}

function fromViewError(viewError: ViewError): ErrorResponse {
  const { status, ...error } = viewError.error;
  return { status, error: error.code === undefined ? error : { ...error, doc_url: docUrlFor(error.code) } };
}

function serveList(view: SimAccountView, route: ListRoute, params: ReadonlyMap<string, ParamValue>, pathId?: string): ObjectResponse | ErrorResponse {
  const request = parseListRequest(route, params, pathId);
  if (isErrorResponse(request)) return request;
  const plan = planExpansions(route.itemType, request.expand, true);
  if (isErrorResponse(plan)) return plan;
  if (route.resource === 'invoice_lines' && pathId !== undefined && view.retrieve('invoices', pathId) === undefined) {
    return resourceMissing('invoice', pathId, 'invoice');
  }

  const ids = view.list(route.resource, request.filters);
  if (isViewError(ids)) return fromViewError(ids);
  const page = paginate(ids, request.page);
  if (!page.ok) return page.reason === 'both-cursors' ? bothCursors() : resourceMissing(route.noun, page.id, page.param);

  const data = page.ids.map((id) => {
    const object = view.retrieve(route.resource, id);
    if (object === undefined) throw new ViewInconsistencyError(`${route.resource} lists ${id} but retrieve() has no such object`);
    return applyExpansions(view, object, plan);
  });
  return {
    status: 200,
    body: { object: 'list', data, has_more: page.hasMore, url: listUrl(route, pathId) },
    objectCount: data.length,
  };
}

export function serveRoute(view: SimAccountView, matched: MatchedRoute, params: ReadonlyMap<string, ParamValue>): ObjectResponse | ErrorResponse {
  const { route } = matched;
  if (route.kind === 'list') return serveList(view, route, params, matched.id);

  const request = parseRetrieveRequest(params);
  if (isErrorResponse(request)) return request;
  const plan = planExpansions(route.kind === 'account' ? 'account' : route.itemType, request.expand, false);
  if (isErrorResponse(plan)) return plan;
  if (route.kind === 'account') return { status: 200, body: applyExpansions(view, view.account(), plan), objectCount: 1 };

  const id = matched.id ?? '';
  const object = view.retrieve(route.resource, id);
  if (object === undefined) return resourceMissing(route.noun, id, 'id');
  return { status: 200, body: applyExpansions(view, object, plan), objectCount: 1 };
}
