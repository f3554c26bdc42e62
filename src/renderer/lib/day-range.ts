/**
 * Whole UTC days as `YYYY-MM-DD`, the form every metrics and reports channel takes: Recur counts days in UTC so a
 * figure means the same on every machine, whatever its time zone.
 */
export interface DayRange {
  from: string;
  to: string;
}

const msPerDay = 86_400_000;

export function isoDayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export function todayIso(now = Date.now()): string {
  return isoDayOf(now);
}

/** The preset ranges offered wherever a range is picked, ending today. */
export const rangePresets = [
  { id: 'this-month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
  { id: 'last-3-months', label: 'Last 3 months' },
  { id: 'last-12-months', label: 'Last 12 months' },
  { id: 'year-to-date', label: 'Year to date' },
  { id: 'all-time', label: 'All time' },
] as const;

export type RangePresetId = (typeof rangePresets)[number]['id'];

/** The days a preset covers on the UTC day of `now`. "All time" is the longest range the channels answer. */
export function presetRange(preset: RangePresetId, now = Date.now(), longestDays = 3700): DayRange {
  const today = new Date(now);
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth();
  const to = isoDayOf(now);
  switch (preset) {
    case 'this-month':
      return { from: isoDayOf(Date.UTC(year, month, 1)), to };
    case 'last-month':
      return { from: isoDayOf(Date.UTC(year, month - 1, 1)), to: isoDayOf(Date.UTC(year, month, 0)) };
    case 'last-3-months':
      return { from: isoDayOf(Date.UTC(year, month - 2, 1)), to };
    case 'last-12-months':
      return { from: isoDayOf(Date.UTC(year, month - 11, 1)), to };
    case 'year-to-date':
      return { from: isoDayOf(Date.UTC(year, 0, 1)), to };
    case 'all-time':
      return { from: isoDayOf(now - (longestDays - 1) * msPerDay), to };
  }
}
