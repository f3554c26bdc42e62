import { describe, expect, it } from 'vitest';
import { type CsvCell, neutraliseCell } from '../../../src/core/reports/neutralise';

describe('neutraliseCell', () => {
  it.each<[string, string]>([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ["+cmd|' /C calc'!A0", `'+cmd|' /C calc'!A0`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    // Apple Numbers reads the full-width forms as their ASCII twins.
    ['\uFF1D1+1', `'\uFF1D1+1`],
    ['\uFF0B1', `'\uFF0B1`],
    ['\uFF0D1', `'\uFF0D1`],
    ['\uFF20SUM(A1)', `'\uFF20SUM(A1)`],
  ])('prefixes text that would start a formula: %j', (text, expected) => {
    expect(neutraliseCell(text)).toBe(expected);
  });

  it.each<[string]>([
    ['Ada Lovelace'],
    ['ada@example.com'],
    ['a=b'],
    [' =1+1'],
    ['\n=1+1'],
    ["'already quoted"],
    ['{"note":"=HYPERLINK()"}'],
    [''],
  ])('leaves other text alone: %j', (text) => {
    expect(neutraliseCell(text)).toBe(text);
  });

  it.each<[CsvCell, string | number]>([
    [-12.5, -12.5],
    [0, 0],
    [1200, 1200],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
    [false, 'false'],
  ])('keeps numbers as numbers and spells out the rest: %j', (value, expected) => {
    expect(neutraliseCell(value)).toBe(expected);
  });
});
