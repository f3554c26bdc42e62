/** A value a report puts in one CSV cell, before it is made safe. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * First characters that make a spreadsheet read a text cell as a formula (OWASP, "CSV Injection"): `=`, `+`, `-`, `@`,
 * and tab or carriage return, which some spreadsheets skip before looking for one. The full-width forms are included
 * because Apple Numbers normalises them to their ASCII twins (the same list as csv-stringify's `escape_formulas`).
 */
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/**
 * The cell as the CSV writer receives it. Customer names, emails and metadata come from outside Recur, so a text cell
 * that would start a formula is prefixed with `'`, which spreadsheets show as text (METRICS.md, "CSV reports").
 * Numbers are never touched: a refund of -12.5 stays the number -12.5. Null and undefined are an empty cell; booleans
 * are `true` / `false` (csv-stringify would otherwise write `1` and an empty cell).
 */
export function neutraliseCell(value: CsvCell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return startsFormula(value) ? `'${value}` : value;
}

function startsFormula(text: string): boolean {
  return text.length > 0 && formulaStarts.has(text.charAt(0));
}
