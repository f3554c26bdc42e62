/**
 * A Stripe object as a mapper takes it: the SDK's own type (`Received<Stripe.Price>` is `Stripe.Price`). The name
 * records two things the type cannot. Decimal fields are typed as the SDK's `Decimal` class, which is what list and
 * retrieve calls return, but event payloads (`/v1/events`, webhook bodies) are not coerced by the SDK and carry the
 * strings of the wire there — the mappers read both (`decimalText`). And an event's object is rendered in the API
 * version the account (or webhook endpoint) had when the event was created, so it may have an older shape: the
 * mappers also read the fields the row types name from those (see `references.ts`).
 */
export type Received<T> = T;
