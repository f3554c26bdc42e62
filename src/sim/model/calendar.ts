import { type Interval } from './types';

export const secondsPerDay = 86_400;

/**
 * Stripe's billing periods: a subscription renews on its anchor's day of the month (or year), clamped to the month's
 * last day when the month is shorter, at the anchor's time of day. Weeks and days are fixed lengths.
 */
export function periodBoundary(anchor: number, interval: Interval, intervalCount: number, periods: number): number {
  const steps = intervalCount * periods;
  if (interval === 'day') return anchor + steps * secondsPerDay;
  if (interval === 'week') return anchor + steps * 7 * secondsPerDay;
  const start = new Date(anchor * 1000);
  const months = interval === 'year' ? steps * 12 : steps;
  const targetMonth = start.getUTCMonth() + months;
  const year = start.getUTCFullYear() + Math.floor(targetMonth / 12);
  const month = ((targetMonth % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDay);
  return Date.UTC(year, month, day, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds()) / 1000;
}

/** Months in one billing interval, for normalising per-invoice amounts to a month (METRICS.md). */
export function intervalInMonths(interval: Interval, intervalCount: number): number {
  switch (interval) {
    case 'month':
      return intervalCount;
    case 'year':
      return 12 * intervalCount;
    case 'week':
      return (intervalCount * 12) / 52;
    case 'day':
      return (intervalCount * 12) / 365;
  }
}

/** 00:00:00 UTC of the day containing t. */
export function startOfDay(t: number): number {
  return Math.floor(t / secondsPerDay) * secondsPerDay;
}
