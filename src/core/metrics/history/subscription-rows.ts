/**
 * A subscription's rows as MRR history reads them from the mirror, before anything is parsed: the subscription's
 * typed columns, its invoices and its invoice lines each packed by SQLite into one JSON array (absent when it has
 * none), and its recorded snapshots.
 */
export interface SubscriptionRows {
  subscription: SubscriptionRow;
  invoices: string | undefined;
  lines: string | undefined;
  /** Oldest first. */
  snapshots: SnapshotRow[];
}

export type SubscriptionRow = [
  id: string,
  customer: string,
  currency: string,
  status: string,
  startDate: number | null,
  created: number | null,
  trialStart: number | null,
  trialEnd: number | null,
  cancelAtPeriodEnd: number,
  cancelAt: number | null,
  canceledAt: number | null,
  endedAt: number | null,
];

/** A recorded snapshot: from when, and the subscription's MRR inputs as JSON (or its whole JSON, for old rows). */
export interface SnapshotRow {
  validFrom: number;
  json: string;
}

/** Keyed by subscription id, in id order: one row per subscription (`GROUP BY subscription`). */
export type PackedRows = Iterator<[subscription: string, json: string]>;

/** Keyed by subscription id, then in time order: any number of rows per subscription. */
export type SnapshotRows = Iterator<[subscription: string, validFrom: number, json: string]>;

/**
 * Each subscription with its rows: one pass along each read, all in subscription id order (SQLite's BINARY collation
 * and JavaScript's `<` order ASCII ids alike), merged by id; rows of subscriptions not asked for are skipped.
 *
 * This function is also part of the reader thread's program (reader-thread.ts), which receives it as source text: it
 * must use nothing but its arguments — no imports, no other function of this module, and no named function inside it
 * (tsx, which runs the benchmarks, names such functions through a helper of its own module). The thread reports a
 * program that fails, so a change that breaks this rule fails loudly, not silently.
 */
export function* subscriptionRows(subscriptions: Iterable<SubscriptionRow>, invoices: PackedRows, lines: PackedRows, snapshots: SnapshotRows): Generator<SubscriptionRows> {
  let invoice = invoices.next();
  let line = lines.next();
  let snapshot = snapshots.next();
  for (const subscription of subscriptions) {
    const id = subscription[0];
    while (!invoice.done && invoice.value[0] < id) invoice = invoices.next();
    while (!line.done && line.value[0] < id) line = lines.next();
    while (!snapshot.done && snapshot.value[0] < id) snapshot = snapshots.next();
    const recorded: SnapshotRow[] = [];
    for (; !snapshot.done && snapshot.value[0] === id; snapshot = snapshots.next()) recorded.push({ validFrom: snapshot.value[1], json: snapshot.value[2] });
    yield {
      subscription,
      invoices: !invoice.done && invoice.value[0] === id ? invoice.value[1] : undefined,
      lines: !line.done && line.value[0] === id ? line.value[1] : undefined,
      snapshots: recorded,
    };
  }
}
