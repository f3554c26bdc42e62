import type Stripe from 'stripe';

/**
 * A decimal field (`unit_amount_decimal`, tier `flat_amount_decimal`, …) as the text Stripe sends
 * (`"333.333333333333"`). stripe-node 23 types these as its `Decimal` class, which is what list and retrieve calls
 * return (the SDK parses `decimal_string` fields after a request); event payloads (`/v1/events` data objects, webhook
 * bodies) are not coerced, so there the same fields are still strings, whatever the types say. Both become the text.
 */
export function decimalText(value: Stripe.Decimal | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.toString();
}
