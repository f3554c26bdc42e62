/**
 * Days in metrics are UTC calendar days, numbered from the unix epoch (day 0 = 1970-01-01). A day's figure is the
 * state at its last second (METRICS.md: movements compare the end of one day with the end of the previous one), so a
 * subscription that starts and stops within one day never shows.
 */
export const secondsPerDay = 86_400;

/** The day containing unix second `t`. */
export function dayOf(t: number): number {
  return Math.floor(t / secondsPerDay);
}

/** The last second of `day`. */
export function endOfDay(day: number): number {
  return (day + 1) * secondsPerDay - 1;
}

/** The first second of `day`. */
export function startOfDay(day: number): number {
  return day * secondsPerDay;
}

/** `YYYY-MM-DD` of a day. */
export function isoDay(day: number): string {
  return new Date(startOfDay(day) * 1000).toISOString().slice(0, 10);
}

/** The day of a `YYYY-MM-DD` (or any ISO 8601) date. */
export function dayOfIso(iso: string): number {
  const ms = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(ms)) throw new RangeError(`Not a date: ${iso}`);
  return dayOf(Math.floor(ms / 1000));
}
