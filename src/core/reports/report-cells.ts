import { toMajorUnits } from '../metrics/money';

/** Unix seconds as ISO 8601 UTC to the second (`2025-03-01T00:00:00Z`); null (an empty cell) for a time not set. */
export function isoTime(unixSeconds: number | null): string | null {
  if (unixSeconds === null) return null;
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Minor units as a number in the currency's major unit (1234 usd → 12.34, 1200 jpy → 1200), the one amount column
 * beside a currency column that METRICS.md asks of every report. Null when either is unknown.
 */
export function majorAmount(minorUnits: number | null, currency: string | null): number | null {
  if (minorUnits === null || currency === null) return null;
  return toMajorUnits(minorUnits, currency);
}

/** 0/1 flags as the words a spreadsheet user reads. */
export function flag(value: number | null): boolean | null {
  return value === null ? null : value === 1;
}
