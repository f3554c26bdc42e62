/**
 * An expandable field: the id, or — when the request asked for `expand[]` — the object it names (a deleted stub such
 * as `{ id, object: 'customer', deleted: true }` included). Rows always store the id.
 */
export type Reference = string | { readonly id: string };

export function idOf(reference: Reference): string;
export function idOf(reference: Reference | null | undefined): string | null;
export function idOf(reference: Reference | null | undefined): string | null {
  if (reference === null || reference === undefined) return null;
  return typeof reference === 'string' ? reference : reference.id;
}

/*
 * Fields that older API versions send and this one's types no longer declare. `/v1/events` renders an event's
 * `data.object` in the account's default API version when the event was created (a webhook endpoint: in the
 * endpoint's version), not in the version the SDK pins, so a snapshot may carry the old shape: `invoice.subscription`
 * before `parent.subscription_details`, `charge.invoice` before invoice payments, `subscription.current_period_*`
 * before they moved to items (2025-03-31.basil), `line.price` / `line.proration` / `line.type` before `pricing` and
 * `parent`, `discount.coupon` before `discount.source.coupon`. The row types ask the mappers to read either shape.
 */

function legacyValue(object: object, key: string): unknown {
  return key in object ? Reflect.get(object, key) : undefined;
}

/** A legacy expandable field's id: a string, or an object with a string `id`. */
export function legacyReference(object: object, key: string): string | null {
  const value = legacyValue(object, key);
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string') return value.id;
  return null;
}

export function legacyNumber(object: object, key: string): number | null {
  const value = legacyValue(object, key);
  return typeof value === 'number' ? value : null;
}

export function legacyBoolean(object: object, key: string): boolean | null {
  const value = legacyValue(object, key);
  return typeof value === 'boolean' ? value : null;
}

export function legacyString(object: object, key: string): string | null {
  const value = legacyValue(object, key);
  return typeof value === 'string' ? value : null;
}
