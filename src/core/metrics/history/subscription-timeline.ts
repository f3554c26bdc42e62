import { type AppliedDiscount, type MrrSettings, type SubscriptionState } from '../mrr-types';
import { subscriptionMrr } from '../mrr/subscription-mrr';
import { dayOf, endOfDay } from './days';

/** The subscription as it stood from `from` (unix seconds, inclusive) until the next segment's `from`. */
export interface TimelineSegment {
  from: number;
  state: SubscriptionState;
}

/** A subscription's whole history, oldest segment first; before the first segment it did not exist. */
export interface SubscriptionTimeline {
  subscriptionId: string;
  customerId: string;
  currency: string;
  segments: TimelineSegment[];
}

/** From `day` on (until the next change), the subscription's MRR at the end of each day is `mrr`. */
export interface MrrChange {
  day: number;
  mrr: number;
}

/**
 * The days on which the subscription's end-of-day MRR changes, and to what, up to `lastDay`. Within a segment MRR
 * moves only where a discount starts or ends, so it is evaluated on those days alone, not on every day of the
 * segment: a ten-year subscription with forty states costs a few hundred evaluations, not 3,650.
 */
export function mrrChanges(timeline: SubscriptionTimeline, settings: MrrSettings, lastDay: number): MrrChange[] {
  const changes: MrrChange[] = [];
  let current = 0;
  const { segments } = timeline;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] as TimelineSegment;
    const next = segments[index + 1];
    // A segment is in force at the end of day d when from ≤ endOfDay(d) < next.from: days dayOf(from) … dayOf(next.from) − 1.
    const firstDay = dayOf(segment.from);
    const lastSegmentDay = Math.min(lastDay, next ? dayOf(next.from) - 1 : lastDay);
    if (lastSegmentDay < firstDay) continue;
    // Plain loops, no closures: this runs for every segment of every subscription of a full recompute.
    for (const day of evaluationDays(segment.state, firstDay, lastSegmentDay)) {
      const mrr = subscriptionMrr(segment.state, endOfDay(day), settings);
      if (Math.abs(mrr - current) < mrrEpsilon) continue;
      const last = changes[changes.length - 1];
      if (last && last.day === day) last.mrr = mrr;
      else changes.push({ day, mrr });
      current = mrr;
    }
  }
  return changes;
}

/** Amounts closer than this (in minor units) are the same amount: float noise, not a movement. */
export const mrrEpsilon = 1e-7;

/** The first day of a range, and each day in it on which one of the state's discounts starts or stops applying. */
function evaluationDays(state: SubscriptionState, firstDay: number, lastDay: number): number[] {
  const days = [firstDay];
  addDiscountDays(days, state.discounts, firstDay, lastDay);
  for (const item of state.items) addDiscountDays(days, item.discounts, firstDay, lastDay);
  return days.length === 1 ? days : [...new Set(days)].sort((a, b) => a - b);
}

function addDiscountDays(days: number[], discounts: readonly AppliedDiscount[], firstDay: number, lastDay: number): void {
  for (const discount of discounts) {
    // In force at the end of day d when start ≤ endOfDay(d) < end: it starts counting on dayOf(start), stops on dayOf(end).
    for (const boundary of [discount.start, discount.end]) {
      if (boundary === null) continue;
      const day = dayOf(boundary);
      if (day > firstDay && day <= lastDay) days.push(day);
    }
  }
}
