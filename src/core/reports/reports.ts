import Database from 'better-sqlite3';
import { type WrittenCsv, writeCsvReport } from './csv-report-writer';
import { churnedReport } from './churned-report';
import { customersReport } from './customers-report';
import { invoicesReport } from './invoices-report';
import { movementsReport } from './movements-report';
import { paymentsReport } from './payments-report';
import type { ReportRange } from './report-definition';
import { subscriptionsReport } from './subscriptions-report';
import { summaryReport } from './summary-report';

/**
 * Every report Recur exports, in the order the UI lists them. A report is added by writing its definition
 * (`defineReport`: id, name, columns, a function that yields rows) and listing it here.
 */
const reports = [summaryReport, movementsReport, customersReport, subscriptionsReport, invoicesReport, paymentsReport, churnedReport] as const;

export type ReportId = (typeof reports)[number]['id'];

/** The reports the UI offers, with the names it shows. */
export const reportCatalogue: readonly { id: ReportId; name: string }[] = reports.map(({ id, name }) => ({ id, name }));

export function isReportId(value: string): value is ReportId {
  return reports.some((report) => report.id === value);
}

/** The column names of a report, in file order. */
export function reportColumns(reportId: ReportId): readonly string[] {
  return reportById(reportId).columns;
}

export interface ReportRequest extends ReportRange {
  reportId: ReportId;
  /** The file to write (replaced when it exists: the save dialog has asked). */
  outPath: string;
}

/**
 * Writes one report for one account and range to `outPath`; resolves once the file is complete and closed. Rows are
 * read through a second, read-only connection inside one read transaction: the export sees one consistent snapshot
 * however long it takes, and the app's connection stays free for a sync that writes meanwhile (better-sqlite3 refuses
 * every write on a connection while one of its statements is being iterated).
 */
export async function writeReport(db: Database.Database, request: ReportRequest): Promise<WrittenCsv> {
  const report = reportById(request.reportId);
  const range = checkedRange(request);
  const reader = openSnapshotReader(db);
  try {
    // Widened to plain column names: defineReport has already checked each report's rows against its own columns.
    return await writeCsvReport<string>(request.outPath, report.columns, report.rows(reader.db, range));
  } finally {
    reader.close();
  }
}

function reportById(reportId: ReportId): (typeof reports)[number] {
  const report = reports.find((candidate) => candidate.id === reportId);
  if (!report) throw new RangeError(`Unknown report "${reportId}".`);
  return report;
}

function checkedRange({ accountId, from, to }: ReportRange): ReportRange {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to) {
    throw new RangeError(`A report range is whole unix seconds with from <= to; got [${from}, ${to}).`);
  }
  return { accountId, from, to };
}

/**
 * A read-only connection to the same file, in a read transaction that the first read pins to one snapshot (WAL lets it
 * read while the app's connection writes). An in-memory database has no file to open twice; it is read through `db`
 * itself, which is then busy until the export ends.
 */
function openSnapshotReader(db: Database.Database): { db: Database.Database; close(): void } {
  if (db.memory) return { db, close: () => undefined };
  const reader = new Database(db.name, { readonly: true, fileMustExist: true, timeout: 5000 });
  reader.exec('BEGIN');
  return { db: reader, close: () => reader.close() };
}
