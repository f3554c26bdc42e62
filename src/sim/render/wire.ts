import type Stripe from 'stripe';

/**
 * A Stripe type as the API sends it in JSON. stripe-node 23 types decimal fields (`unit_amount_decimal`,
 * `quantity_decimal`, tier `flat_amount_decimal`, …) as its own `Decimal` class, because the SDK parses those strings
 * into Decimal instances after a request (the `decimal_string` response schemas in node_modules/stripe/cjs/resources/*.js);
 * on the wire — and in webhook bodies and /v1/events, which the SDK does not coerce — they are strings. Everything
 * else is Stripe's own definition, so the compiler still checks every field a renderer produces.
 */
export type Wire<T> = T extends Stripe.Decimal ? string : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/**
 * A list embedded in an object (`subscription.items`, `invoice.lines`): at most 10 entries, `has_more` when there
 * are more, and the URL to page through all of them. Stripe also sends `total_count` on these, which the SDK's
 * `ApiList` type does not declare.
 */
export interface EmbeddedList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  total_count: number;
  url: string;
}

/** How many entries Stripe embeds before `has_more`. */
export const embeddedListLimit = 10;

/** Embeds the first entries of `all`, rendering only those (a subscription may have hundreds of items). */
export function embeddedList<S, T>(all: readonly S[], render: (entry: S) => T, url: string): EmbeddedList<T> {
  return {
    object: 'list',
    data: all.slice(0, embeddedListLimit).map(render),
    has_more: all.length > embeddedListLimit,
    total_count: all.length,
    url,
  };
}
