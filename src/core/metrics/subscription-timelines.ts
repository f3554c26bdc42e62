import type Database from 'better-sqlite3';
import { endOfDay } from './history/days';
import { loadSubscriptionInputs, loadTermsCatalog } from './history/history-inputs';
import { timelineOf } from './history/load-mrr-history';
import { type SubscriptionTimeline, type TimelineSegment } from './history/subscription-timeline';

/**
 * The timelines of a few subscriptions, built exactly as the MRR history builds them (reconstructed from invoices,
 * then the recorded snapshots). The history keeps only each customer's total; figures about one subscription (was
 * it `past_due` that day, did its trial convert) read its own timeline, so the two always agree.
 */
export function loadSubscriptionTimelines(db: Database.Database, accountId: string, subscriptions: readonly { id: string; customer: string }[]): SubscriptionTimeline[] {
  if (subscriptions.length === 0) return [];
  // The inputs are read per customer (the history's unit); the customers' other subscriptions are dropped here.
  const wanted = new Set(subscriptions.map((subscription) => subscription.id));
  const customers = [...new Set(subscriptions.map((subscription) => subscription.customer))];
  const catalog = loadTermsCatalog(db, accountId);
  const timelines: SubscriptionTimeline[] = [];
  for (const inputs of loadSubscriptionInputs(db, accountId, customers)) {
    if (wanted.has(inputs.subscription.id)) timelines.push(timelineOf(inputs, catalog));
  }
  return timelines;
}

/** The segment in force at the end of `day` (the history's rule), or undefined before the subscription existed. */
export function segmentAtEndOf(timeline: SubscriptionTimeline, day: number): TimelineSegment | undefined {
  const instant = endOfDay(day);
  let found: TimelineSegment | undefined;
  for (const segment of timeline.segments) {
    if (segment.from > instant) break;
    found = segment;
  }
  return found;
}
