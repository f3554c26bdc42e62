/**
 * What a subscription snapshot's `mrr_inputs` column holds: the snapshot's subscription JSON cut down to the fields
 * MRR is computed from (src/core/metrics/mrr/subscription-state.ts reads nothing else), every value kept as sent.
 * A full recompute reads a snapshot per subscription; a stored subscription is ~3 KB of JSON (product, plan, metadata,
 * invoice settings…) of which MRR needs a tenth, and parsing the whole of 100,000 of them was a fifth of the recompute.
 *
 * Reading the cut-down JSON gives the same state as reading the full one. A field that subscription-state.ts starts
 * to read must be added here, and the stored column recomputed by a migration (see 005-snapshot-mrr-inputs.ts).
 */
export function subscriptionMrrInputsJson(subscription: unknown): string {
  return JSON.stringify(subscriptionMrrInputs(subscription));
}

type JsonObject = Record<string, unknown>;

/** The subscription's MRR inputs. A value of an unexpected shape is kept as it is: the reader decides what it means. */
export function subscriptionMrrInputs(subscription: unknown): unknown {
  if (!isObject(subscription)) return subscription;
  const items = subscription['items'];
  return {
    ...picked(subscription, ['id', 'currency', 'status', 'cancel_at_period_end', 'cancel_at', 'canceled_at', 'ended_at']),
    // An expanded customer is only read for its id.
    customer: isObject(subscription['customer']) ? picked(subscription['customer'], ['id']) : subscription['customer'],
    items: isObject(items) ? { data: eachOf(items['data'], item) } : items,
    discounts: eachOf(subscription['discounts'], discount),
    discount: discount(subscription['discount']),
  };
}

function item(value: unknown): unknown {
  if (!isObject(value)) return value;
  return { ...picked(value, ['id', 'quantity']), price: price(value['price']), discounts: eachOf(value['discounts'], discount) };
}

function price(value: unknown): unknown {
  if (!isObject(value)) return value;
  return {
    ...picked(value, ['id', 'currency', 'type', 'unit_amount', 'unit_amount_decimal', 'billing_scheme', 'tiers_mode']),
    recurring: isObject(value['recurring']) ? picked(value['recurring'], ['interval', 'interval_count', 'usage_type']) : value['recurring'],
    tiers: eachOf(value['tiers'], (tier) => (isObject(tier) ? picked(tier, ['up_to', 'unit_amount', 'unit_amount_decimal', 'flat_amount', 'flat_amount_decimal']) : tier)),
    transform_quantity: isObject(value['transform_quantity']) ? picked(value['transform_quantity'], ['divide_by', 'round']) : value['transform_quantity'],
  };
}

/** A discount is a bare `di_…` id unless expanded; its coupon is at `source.coupon` (2025 on) or `coupon`. */
function discount(value: unknown): unknown {
  if (!isObject(value)) return value;
  const source = value['source'];
  return {
    ...picked(value, ['id', 'deleted', 'start', 'end']),
    source: isObject(source) ? { coupon: coupon(source['coupon']) } : source,
    coupon: coupon(value['coupon']),
  };
}

function coupon(value: unknown): unknown {
  if (!isObject(value)) return value;
  const options = value['currency_options'];
  return {
    ...picked(value, ['id', 'deleted', 'duration', 'duration_in_months', 'percent_off', 'amount_off', 'currency']),
    currency_options: isObject(options)
      ? Object.fromEntries(Object.entries(options).map(([currency, option]) => [currency, isObject(option) ? picked(option, ['amount_off']) : option]))
      : options,
  };
}

function picked(object: JsonObject, keys: readonly string[]): JsonObject {
  const kept: JsonObject = {};
  for (const key of keys) if (key in object) kept[key] = object[key];
  return kept;
}

function eachOf(list: unknown, cut: (value: unknown) => unknown): unknown {
  return Array.isArray(list) ? list.map(cut) : list;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
