import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCatalogue, writeReport } from '../../src/core/reports/reports';
import { createTestCore, type TestCore } from '../support/test-core';
import { csvPayloads } from './support/hostile';
import { hostileApiKey, startHostileSimulator } from './support/hostile-account';

/**
 * CSV injection across every report in the catalogue, on data synced from Stripe (the simulator) rather than written
 * into the tables by hand: every customer's name, email and metadata is hostile, formulas among them (`=cmd|' /C
 * calc'!A0`, `+1`, `-1+1`, `@SUM(1)`, tab- and CR-prefixed), and every charge's failure code is a formula.
 *
 * tests/unit/reports covers neutraliseCell's character list and the customers report on hand-made rows; this suite
 * proves the rule holds for every report and every cell: no text cell may start a formula, and numbers stay numbers.
 */

/** What spreadsheets read as the start of a formula (the full-width forms too: Apple Numbers folds them). */
const formulaStart = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A number as the writer prints one: these may start with "-" and must not be prefixed. */
const plainNumber = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
const textColumnsFromStripe = ['name', 'email', 'metadata', 'failure_code'];

interface Report {
  id: string;
  header: string[];
  records: Record<string, string>[];
}

describe('CSV injection: every report, every cell', () => {
  let hostile: Awaited<ReturnType<typeof startHostileSimulator>>;
  let testCore: TestCore;
  const reports: Report[] = [];

  beforeAll(async () => {
    hostile = await startHostileSimulator({ seed: 67, customers: 40 });
    testCore = createTestCore({ demoStripe: { endpoint: async () => ({ apiBase: hostile.server.url, apiKey: hostileApiKey }), stop: async () => undefined } });
    const connected = await testCore.core.dispatch('accounts:connect', { apiKey: hostileApiKey });
    if (!connected.ok) throw new Error(connected.error.message);
    const accountId = (connected.value as { id: string }).id;
    expect(await testCore.core.dispatch('sync:run', { accountId, full: true })).toMatchObject({ ok: true, value: [{ status: 'succeeded' }] });
    const folder = path.join(testCore.dataDir, 'csv');
    fs.mkdirSync(folder);
    for (const { id } of reportCatalogue) {
      const outPath = path.join(folder, `${id}.csv`);
      await writeReport(testCore.core.context.db, { reportId: id, accountId, from: hostile.start, to: hostile.now + 86_400, outPath });
      const text = fs.readFileSync(outPath, 'utf8');
      const header = (parse(text, { to_line: 1 }) as string[][])[0] ?? [];
      reports.push({ id, header, records: parse(text, { columns: true }) as Record<string, string>[] });
    }
  }, 60_000);

  afterAll(async () => {
    testCore.dispose();
    await hostile.server.close();
  });

  it('exports every report of the catalogue, with rows', () => {
    expect(reports.map((report) => report.id)).toEqual(reportCatalogue.map((report) => report.id));
    for (const report of reports) expect(report.records.length, report.id).toBeGreaterThan(0);
  });

  it('no text cell of any report starts a formula; the only cells starting with "-" are numbers', () => {
    const offending: string[] = [];
    for (const report of reports) {
      for (const [row, record] of report.records.entries()) {
        for (const [column, cell] of Object.entries(record)) {
          if (formulaStart.test(cell) && !plainNumber.test(cell)) offending.push(`${report.id} row ${row + 1} ${column}: ${JSON.stringify(cell.slice(0, 30))}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('neutralises the hostile text by prefixing it, and keeps it otherwise exactly as Stripe sent it', () => {
    const db = testCore.core.context.db;
    const customers = new Map(db.prepare<[], { id: string; name: string; email: string; metadata: string }>('SELECT id, name, email, metadata FROM customers').all().map((row) => [row.id, row]));
    const expectedCell = (value: string): string => (formulaStart.test(value) ? `'${value}` : value);
    const prefixed = new Map<string, number>();
    for (const report of reports) {
      for (const record of report.records) {
        const customer = customers.get(record.customer_id ?? '');
        if (customer && 'name' in record) expect(record.name, report.id).toBe(expectedCell(customer.name));
        if (customer && 'email' in record) expect(record.email, report.id).toBe(expectedCell(customer.email));
        if (customer && 'metadata' in record) expect(JSON.parse(record.metadata ?? '')).toEqual(JSON.parse(customer.metadata));
        for (const column of textColumnsFromStripe) {
          if (record[column]?.startsWith("'")) prefixed.set(report.id, (prefixed.get(report.id) ?? 0) + 1);
        }
      }
    }
    // Every report that shows text from Stripe showed some of the formulas, so each was actually put to the test.
    const reportsWithText = reports.filter((report) => report.header.some((column) => textColumnsFromStripe.includes(column))).map((report) => report.id);
    expect(reportsWithText.length).toBeGreaterThanOrEqual(4);
    for (const id of reportsWithText) expect(prefixed.get(id) ?? 0, id).toBeGreaterThan(0);
    // Each payload arrived as a customer name somewhere, prefixed.
    const names = new Set(reports.flatMap((report) => report.records.map((record) => record.name)));
    for (const payload of csvPayloads) expect(names.has(`'${payload}`), payload).toBe(true);
  });

  it('keeps numbers as numbers: amounts, MRR and counts are plain numbers, negatives included, never prefixed', () => {
    let negatives = 0;
    let numbers = 0;
    for (const report of reports) {
      for (const record of report.records) {
        for (const [column, cell] of Object.entries(record)) {
          // No payload is a plain number, so a prefixed plain number can only be a number the writer treated as text.
          if (cell.startsWith("'") && plainNumber.test(cell.slice(1))) throw new Error(`${report.id} ${column}: the number ${cell} was prefixed`);
          if (plainNumber.test(cell)) {
            numbers++;
            if (cell.startsWith('-')) negatives++;
          }
        }
      }
    }
    expect(numbers).toBeGreaterThan(100);
    // Refunds and MRR losses are negative somewhere in a year and a half of business.
    expect(negatives).toBeGreaterThan(0);
  });
});
