/**
 * What the simulator's HTTP server needs from an account: ordered, filtered id sequences to paginate over, and the
 * current state of any object by id. The generated account (src/sim/account/generated-account.ts) implements it from
 * customer stories; tests may implement it over a handful of hand-made objects.
 */

/** Resources with a list endpoint. `invoice_lines` is `/v1/invoices/:id/lines`. */
export type ListableResource =
  | 'customers'
  | 'products'
  | 'prices'
  | 'coupons'
  | 'subscriptions'
  | 'subscription_items'
  | 'invoices'
  | 'invoice_lines'
  | 'charges'
  | 'refunds'
  | 'events';

export interface CreatedRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** The list filters the simulator understands, already parsed and validated by the server. */
export interface ListFilters {
  created?: CreatedRange;
  /** customers? no; subscriptions, invoices, charges: by customer id. */
  customer?: string;
  /** subscription_items (required there), invoices: by subscription id. */
  subscription?: string;
  /** invoice_lines: the invoice in the path. */
  invoice?: string;
  /** refunds: by charge id. */
  charge?: string;
  /** subscriptions: a status or `all` (default: every status but canceled, as Stripe); invoices: a status. */
  status?: string;
  /** products, prices: only active (true) or archived (false) ones. */
  active?: boolean;
  /** events: one type, or up to 20 (`types[]`); a trailing `.*` matches a prefix, as Stripe allows for `type`. */
  types?: string[];
}

/**
 * A list's ids, newest first (Stripe's order: `created` descending; ties broken consistently), as of the account's
 * current instant. Random access lets the server seek to a cursor without walking the list.
 */
export interface OrderedIds {
  readonly length: number;
  /** The id at a position, 0 being the newest. */
  idAt(position: number): string;
  /** Where an id sits in this sequence, or undefined when it is not in it. */
  positionOf(id: string): number | undefined;
}

/** An error the server turns into Stripe's error JSON. */
export interface ViewError {
  error: {
    status: 400 | 404;
    type: 'invalid_request_error';
    code?: 'resource_missing' | 'parameter_missing' | 'parameter_invalid_empty';
    param?: string;
    message: string;
  };
}

export function isViewError(value: unknown): value is ViewError {
  return typeof value === 'object' && value !== null && 'error' in value;
}

/**
 * What `retrieve` answers for: every list endpoint's objects, and objects reached only through `expand[]`:
 * - `subscription_item`, `invoice_line`: the same objects as their lists, asked for by id;
 * - `discount`: a `di_` id. Stripe has no endpoint to retrieve (or list) a discount, so neither does the server;
 *   this is used only to expand `discounts` fields. A discount that has stopped applying is a deleted stub.
 * - `coupon`: a discount's `source.coupon`, for expansion only. Unlike `coupons` (`/v1/coupons/:id`, where a deleted
 *   coupon is "No such coupon"), a deleted coupon is still the full coupon here, no longer `valid`.
 */
export type RetrievableResource = ListableResource | 'subscription_item' | 'invoice_line' | 'discount' | 'coupon';

export interface SimAccountView {
  /** The account's current instant (unix seconds): the simulator's clock. */
  now(): number;
  /** `/v1/account`. */
  account(): object;
  list(resource: ListableResource, filters: ListFilters): OrderedIds | ViewError;
  /**
   * The object with this id as it stands now: a full Stripe object, a deleted stub (`{ id, object, deleted: true }`
   * for customers), or undefined when no such object exists (yet). `resource` says which endpoint asked, so an id
   * of the wrong kind is "No such …" as in Stripe.
   */
  retrieve(resource: RetrievableResource, id: string): object | undefined;
}
