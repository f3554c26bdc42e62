/** The tables that mirror Stripe objects; each has a descriptor in this folder. */
export type StripeTableName =
  | 'products'
  | 'prices'
  | 'coupons'
  | 'customers'
  | 'subscriptions'
  | 'subscription_items'
  | 'invoices'
  | 'invoice_lines'
  | 'charges'
  | 'refunds';

/** What every mirrored Stripe object row carries, whatever its type. */
export interface StripeObjectRow {
  /** Recur's account id (`acc_…`), not Stripe's `acct_…`. */
  accountId: string;
  /** The Stripe id (`cus_…`, `sub_…`, …). */
  id: string;
  /** The object's JSON as Stripe sent it; the typed columns are a projection of it. */
  raw: string;
  /**
   * Unix seconds of the source that produced this snapshot: the event's `created`, or the time a list or retrieve
   * call was made. Stale protection compares it, so it must be a time the object was known to look like `raw`.
   */
  sourceTs: number;
  livemode: boolean | null;
  created: number | null;
}

/** The fields a row type adds to StripeObjectRow — the ones its descriptor must map to columns. */
export type TypedFields<Row extends StripeObjectRow> = Exclude<keyof Row, keyof StripeObjectRow> & string;

/**
 * How one Stripe object table stores its rows: for each typed field, the column it goes to. The mapped type makes a
 * field without a column a compile error; a test checks the columns against the live schema.
 * Values are stored as they are, except booleans (→ 0/1) and arrays or objects (→ JSON text).
 */
export interface StripeTable<Row extends StripeObjectRow> {
  readonly name: StripeTableName;
  readonly columns: { readonly [Field in TypedFields<Row>]-?: string };
  /** Columns whose stored value an incoming NULL does not replace: facts only some requests carry (expanded ones). */
  readonly keptWhenAbsent?: readonly string[];
}

/** One column of a Stripe object table and how to read its value from a row. */
export interface StripeColumn<Row> {
  readonly name: string;
  readonly read: (row: Row) => unknown;
}

/** The columns every Stripe object table starts with; `source_ts` is the one stale protection compares. */
const sharedColumns: readonly StripeColumn<StripeObjectRow>[] = [
  { name: 'account_id', read: (row) => row.accountId },
  { name: 'id', read: (row) => row.id },
  { name: 'raw', read: (row) => row.raw },
  { name: 'source_ts', read: (row) => row.sourceTs },
  { name: 'livemode', read: (row) => row.livemode },
  { name: 'created', read: (row) => row.created },
];

const columnCache = new WeakMap<object, readonly StripeColumn<never>[]>();

/**
 * All columns of `table`, shared ones first, each with the reader that takes its value from a row. Built once per
 * descriptor: a sync asks for them on every page of every table.
 */
export function columnsOf<Row extends StripeObjectRow>(table: StripeTable<Row>): readonly StripeColumn<Row>[] {
  const cached = columnCache.get(table) as readonly StripeColumn<Row>[] | undefined;
  if (cached) return cached;
  // Object.keys is typed string[] by design; the mapped type of `columns` guarantees its keys are TypedFields<Row>.
  const fields = Object.keys(table.columns) as TypedFields<Row>[];
  const columns: readonly StripeColumn<Row>[] = [...sharedColumns, ...fields.map((field) => ({ name: table.columns[field], read: (row: Row) => row[field] }))];
  columnCache.set(table, columns);
  return columns;
}
