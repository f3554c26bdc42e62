import type Stripe from 'stripe';
import { type RetrievableResource, type SimAccountView } from '../account/account-view';
import { renderBalanceTransaction } from '../render/balance-transaction';
import type { Wire } from '../render/wire';
import { cannotExpand, type ErrorResponse, expandTooDeep } from './stripe-error';

/**
 * `expand[]`: replaces an id by the object it names. Which fields may be expanded is a property of the object type,
 * not of the data (Stripe refuses `expand[]=data.foo` on an empty list too), so paths are checked against this table
 * first; the table follows the `string | Stripe.X` fields of the stripe SDK's types for API version 2026-10-28.endive.
 * Ids the simulator can resolve (by prefix, or by the field's type where ids have none: coupons) are replaced; ids of
 * objects it does not model (payment methods, promotion codes…) stay ids, except a charge's balance transaction, made
 * from the charge. Discounts (`di_`), which no endpoint returns, are reachable only this way. Paths may also run through the lists a subscription and an
 * invoice embed (`items.data…`, `lines.data…`) and the price an item embeds, as Stripe's do (`data.items.data.discounts`,
 * `data.items.data.price.tiers`), but not end there.
 */

type FieldTable = Readonly<Record<string, string>>;

/** object type → expandable field path → the object type it expands to. */
const expandableFields: Readonly<Record<string, FieldTable>> = {
  account: {},
  customer: {
    default_source: 'source',
    'invoice_settings.default_payment_method': 'payment_method',
    test_clock: 'test_helpers.test_clock',
  },
  product: { default_price: 'price', tax_code: 'tax_code' },
  // `tiers` is an includable field rather than an id (Stripe returns it only when expanded); the simulator always
  // renders it, so expanding it changes nothing.
  price: { product: 'product', tiers: 'price_tier' },
  coupon: {},
  subscription: {
    application: 'application',
    customer: 'customer',
    default_payment_method: 'payment_method',
    default_source: 'source',
    discounts: 'discount',
    latest_invoice: 'invoice',
    on_behalf_of: 'account',
    pending_setup_intent: 'setup_intent',
    schedule: 'subscription_schedule',
    test_clock: 'test_helpers.test_clock',
  },
  subscription_item: { discounts: 'discount' },
  invoice: {
    account_tax_ids: 'tax_id',
    application: 'application',
    customer: 'customer',
    default_payment_method: 'payment_method',
    default_source: 'source',
    discounts: 'discount',
    latest_revision: 'invoice',
    on_behalf_of: 'account',
    test_clock: 'test_helpers.test_clock',
    'parent.subscription_details.subscription': 'subscription',
  },
  line_item: {
    discounts: 'discount',
    subscription: 'subscription',
    'pricing.price_details.price': 'price',
  },
  charge: {
    application: 'application',
    application_fee: 'application_fee',
    balance_transaction: 'balance_transaction',
    customer: 'customer',
    failure_balance_transaction: 'balance_transaction',
    on_behalf_of: 'account',
    payment_intent: 'payment_intent',
    review: 'review',
    source_transfer: 'transfer',
    transfer: 'transfer',
  },
  refund: {
    balance_transaction: 'balance_transaction',
    charge: 'charge',
    customer: 'customer',
    failure_balance_transaction: 'balance_transaction',
    payment_intent: 'payment_intent',
    payment_method: 'payment_method',
    source_transfer_reversal: 'transfer_reversal',
    transfer_reversal: 'transfer_reversal',
  },
  event: {},
  // In this API version a discount's coupon is `source.coupon`, an expandable id (`string | Stripe.Coupon`).
  discount: { customer: 'customer', promotion_code: 'promotion_code', 'source.coupon': 'coupon' },
};

/**
 * object type → path to an embedded list's `data` (→ the type of its entries) or to an embedded object (→ its type).
 * Traversed, never expanded themselves: `data.items.data.price.tiers` reaches the price every item embeds.
 */
const embeddedLists: Readonly<Record<string, FieldTable>> = {
  subscription: { 'items.data': 'subscription_item' },
  subscription_item: { price: 'price' },
  invoice: { 'lines.data': 'line_item' },
};

/** Id prefix → the resource the view retrieves it from. */
const resolvablePrefixes: ReadonlyArray<readonly [string, RetrievableResource]> = [
  ['cus_', 'customers'],
  ['sub_', 'subscriptions'],
  ['si_', 'subscription_items'],
  ['in_', 'invoices'],
  ['il_', 'invoice_line'],
  ['ch_', 'charges'],
  ['re_', 'refunds'],
  ['price_', 'prices'],
  ['prod_', 'products'],
  ['evt_', 'events'],
  ['di_', 'discount'],
];

/** Expansion target type → the resource its (unprefixed) ids are retrieved from. */
const resolvableTypes: Readonly<Record<string, RetrievableResource>> = {
  coupon: 'coupon',
};

/** Stripe's limit on how deep one expansion path may go. */
const maxDepth = 4;

interface Step {
  field: string[];
  targetType: string;
  /** An embedded list's `data` or an embedded object: objects already, walked through without resolving anything. */
  embedded?: true;
}

/** Splits a path (without `data.`) into table steps, or undefined when some step is not expandable. */
function planPath(type: string, segments: readonly string[]): Step[] | undefined {
  const steps: Step[] = [];
  let currentType = type;
  let rest = segments;
  while (rest.length > 0) {
    const table = expandableFields[currentType];
    if (!table) return undefined;
    const embedded = embeddedLists[currentType] ?? {};
    let matched: Step | undefined;
    for (let length = rest.length; length > 0 && !matched; length--) {
      const candidate = rest.slice(0, length).join('.');
      const target = table[candidate];
      const entryType = embedded[candidate];
      if (target !== undefined) matched = { field: rest.slice(0, length), targetType: target };
      else if (entryType !== undefined) matched = { field: rest.slice(0, length), targetType: entryType, embedded: true };
    }
    if (!matched) return undefined;
    steps.push(matched);
    currentType = matched.targetType;
    rest = rest.slice(matched.field.length);
  }
  // `items.data` alone names no expandable field.
  return steps[steps.length - 1]?.embedded ? undefined : steps;
}

export interface ExpansionPlan {
  steps: Step[][];
}

/**
 * Checks `expand[]` for an object type. On a list every path must start with `data.` (`data` alone is accepted and
 * does nothing, as Stripe does); Stripe's hint for a missing `data.` is reproduced.
 */
export function planExpansions(type: string, paths: readonly string[], isList: boolean): ExpansionPlan | ErrorResponse {
  const steps: Step[][] = [];
  for (const path of paths) {
    let segments = path.split('.');
    if (isList) {
      if (path === 'data') continue;
      if (segments[0] !== 'data') return cannotExpand(path, `data.${path}`);
      segments = segments.slice(1);
    }
    if (segments.length > maxDepth) return expandTooDeep(path);
    const plan = segments.length === 0 || segments.includes('') ? undefined : planPath(type, segments);
    if (!plan) return cannotExpand(path);
    steps.push(plan);
  }
  return { steps };
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveId(view: SimAccountView, id: string, targetType: string): object | undefined {
  const byType = resolvableTypes[targetType];
  if (byType !== undefined) return view.retrieve(byType, id);
  const entry = resolvablePrefixes.find(([prefix]) => id.startsWith(prefix));
  return entry ? view.retrieve(entry[1], id) : undefined;
}

/** Expands one value (an id, an object, or an array of either) reached by `step`, then along the remaining steps. */
function expandValue(view: SimAccountView, value: unknown, step: Step, rest: readonly Step[]): unknown {
  if (Array.isArray(value)) {
    const expanded = value.map((item) => expandValue(view, item, step, rest));
    // Nothing resolved (an empty list, ids of objects the simulator does not model): the array itself, so the objects
    // holding it need not be copied either. Most lists' expansions change nothing in most objects.
    return expanded.every((item, index) => item === value[index]) ? value : expanded;
  }
  let resolved: unknown = value;
  if (typeof value === 'string' && !step.embedded) resolved = resolveId(view, value, step.targetType) ?? value;
  if (rest.length === 0 || !isObject(resolved)) return resolved;
  return expandObject(view, resolved, rest);
}

/**
 * A copy of the object with the first step's field expanded (objects from the view are never mutated), or the object
 * itself when the expansion changes nothing: copying a large object (an invoice) costs more than resolving its ids.
 */
function expandObject(view: SimAccountView, object: JsonObject, steps: readonly Step[]): JsonObject {
  const [step, ...rest] = steps;
  if (!step) return object;
  const [head, ...tail] = step.field;
  if (head === undefined || !(head in object)) return object;
  const current = object[head];
  if (tail.length > 0) {
    // A field inside a sub-hash (`invoice_settings.default_payment_method`): descend without resolving.
    if (!isObject(current)) return object;
    const expanded = expandObject(view, current, [{ ...step, field: tail }, ...rest]);
    return expanded === current ? object : { ...object, [head]: expanded };
  }
  if (current === null || current === undefined) return object;
  // A charge's balance transaction is made from the charge in hand (balance-transaction.ts): no second render.
  if (step.targetType === 'balance_transaction' && object['object'] === 'charge' && typeof current === 'string') {
    return { ...object, [head]: renderBalanceTransaction(object as unknown as Wire<Stripe.Charge>, view.now()) };
  }
  const expanded = expandValue(view, current, step, rest);
  return expanded === current ? object : { ...object, [head]: expanded };
}

export function applyExpansions(view: SimAccountView, object: object, plan: ExpansionPlan): object {
  if (!isObject(object)) return object;
  let result = object;
  for (const steps of plan.steps) result = expandObject(view, result, steps);
  return result;
}
