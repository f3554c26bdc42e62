import type Stripe from 'stripe';

/**
 * A Stripe object as it reaches a mapper. stripe-node 23 types decimal fields (`unit_amount_decimal`,
 * `quantity_decimal`, tier `flat_amount_decimal`, …) as its own `Decimal` class: that is what list and retrieve calls
 * return, because the SDK parses those `decimal_string` fields after a request. Event payloads (`/v1/events` data
 * objects, webhook bodies) are not coerced, and there the same fields are the strings on the wire. Mappers take either;
 * everything else is Stripe's own type.
 */
export type Received<T> = T extends Stripe.Decimal
  ? Stripe.Decimal | string
  : T extends Primitive
    ? T
    : { [K in keyof T]: Received<T[K]> };

/** Checked before mapping: Stripe's open enums (`'active' | OtherString`, OtherString = `string & {}`) stay as they are. */
type Primitive = string | number | boolean | bigint | symbol | null | undefined;

/** A decimal field as the text Stripe sends (`"333.333333333333"`), whichever of the two shapes it arrived in. */
export function decimalText(value: Stripe.Decimal | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.toString();
}
