import type Database from 'better-sqlite3';
import type { CsvRowSource } from './csv-report-writer';

/**
 * What one export covers: one account, and a time range [from, to) in unix seconds, start included and end excluded,
 * so consecutive months never share a row. The reports that read the mirrored tables filter on the object's Stripe
 * `created`; a deleted object known only from Stripe's `{ id, deleted: true }` stub has no `created` and is in no range.
 */
export interface ReportRange {
  accountId: string;
  from: number;
  to: number;
}

/**
 * A report: its id, the name the UI shows, its column names (stable snake_case: people build spreadsheets on them,
 * so a rename is a breaking change) and the rows. `rows` gets a connection that only reads, and produces rows lazily;
 * the writer pulls them as the file takes them.
 */
export interface ReportDefinition<Id extends string = string, Column extends string = string> {
  readonly id: Id;
  readonly name: string;
  readonly columns: readonly Column[];
  rows(db: Database.Database, range: ReportRange): CsvRowSource<NoInfer<Column>>;
}

/** Declares a report; the compiler checks that every row it yields has a cell for each of its columns. */
export function defineReport<const Id extends string, const Column extends string>(
  definition: ReportDefinition<Id, Column>,
): ReportDefinition<Id, Column> {
  return definition;
}
