import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { type CsvCell, neutraliseCell } from './neutralise';

/** One data row: a cell for each column, by column name. */
export type CsvRow<Column extends string = string> = Readonly<Record<Column, CsvCell>>;

/** Where a report's rows come from: a generator, better-sqlite3's `statement.iterate()`, an async generator… */
export type CsvRowSource<Column extends string = string> = Iterable<CsvRow<Column>> | AsyncIterable<CsvRow<Column>>;

export interface WrittenCsv {
  /** The file written: the path asked for. */
  path: string;
  /** Data rows, the header not counted. */
  rows: number;
}

/**
 * Writes `rows` to `outPath` as RFC 4180 CSV: UTF-8, a header row of `columns`, CRLF line endings, fields quoted when
 * they hold a comma, a quote or a line break, and every cell passed through `neutraliseCell`.
 *
 * Rows are pulled one at a time as the file accepts them (stream backpressure), so a report of any size needs memory
 * for a few buffers, not for its rows. The rows go to a temporary file beside `outPath`, renamed over it once complete
 * and closed: a failed export (a full disk, a source that throws, a folder that is not there) removes the temporary
 * file and never leaves half a report — nor half-overwrites a report the user already had at `outPath`.
 */
export async function writeCsvReport<Column extends string>(
  outPath: string,
  columns: readonly Column[],
  rows: CsvRowSource<Column>,
): Promise<WrittenCsv> {
  const partialPath = `${outPath}.${crypto.randomBytes(6).toString('hex')}.partial`;
  let written = 0;
  const cells = Readable.from(
    mapRows(rows, (row) => {
      written += 1;
      return columns.map((column) => neutraliseCell(row[column]));
    }),
  );
  const csv = stringify({
    header: true,
    // Rows arrive as arrays in column order; the names are the header.
    columns: [...columns],
    record_delimiter: 'windows',
    // With a CRLF record delimiter csv-stringify would otherwise quote only fields holding the whole "\r\n", and write a
    // lone "\n" or "\r" (an address, a note) bare, which spreadsheets read as the end of the record.
    quote_record_delimiter: true,
  });
  try {
    await pipeline(cells, csv, fs.createWriteStream(partialPath, { flags: 'wx', encoding: 'utf8' }));
    await fs.promises.rename(partialPath, outPath);
  } catch (error) {
    await fs.promises.rm(partialPath, { force: true });
    throw error;
  }
  return { path: outPath, rows: written };
}

/** `source` mapped lazily, sync or async alike; returning early (the pipeline failed) closes the source too. */
async function* mapRows<Column extends string, Out>(source: CsvRowSource<Column>, map: (row: CsvRow<Column>) => Out): AsyncGenerator<Out> {
  for await (const row of source) yield map(row);
}
