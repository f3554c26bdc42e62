import type { StripeObjectRow } from '../../db/tables/stripe-table';

/** What every mapped object offers for the shared columns; a deleted stub has only the id. */
interface StripeObjectBasics {
  readonly id: string;
  readonly livemode?: boolean | null;
  readonly created?: number | null;
}

/** The columns every Stripe object table starts with. `raw` is exactly what Stripe sent, embedded lists included. */
export function objectRowBase(accountId: string, object: StripeObjectBasics, sourceTs: number): StripeObjectRow {
  return {
    accountId,
    id: object.id,
    raw: JSON.stringify(object),
    sourceTs,
    livemode: object.livemode ?? null,
    created: object.created ?? null,
  };
}

/**
 * For the objects Stripe deletes. A `*.deleted` event's `data.object` is the object as it was just before deletion,
 * without `deleted: true` (stripe/stripe-dotnet#1870; the SDK types `customer.deleted`'s object as `Customer`), so the
 * applier says so here and gets a tombstone that keeps the last known columns. A retrieve after deletion returns the
 * `{ id, object, deleted: true }` stub instead, which the mappers recognise by themselves.
 */
export interface DeletionOptions {
  deleted?: boolean;
}

/**
 * `value` when it is one of the values a closed-enum column accepts, else null. Those columns have a CHECK (see
 * 001-initial.ts), and Stripe types every enum as open (`| OtherString`): a value Stripe adds one day becomes null in
 * the typed column (it stays in `raw`) rather than failing the whole batch on the constraint.
 */
export function knownOrNull<const T extends string>(value: string | null | undefined, known: readonly T[]): T | null {
  return known.find((candidate) => candidate === value) ?? null;
}
