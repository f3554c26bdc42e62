import type Database from 'better-sqlite3';
import { dayOf, endOfDay, startOfDay } from './history/days';
import { mrrChanges, mrrEpsilon } from './history/subscription-timeline';
import { type MrrSettings } from './mrr-types';
import { loadSubscriptionTimelines } from './subscription-timelines';

/**
 * Trial conversion (METRICS.md, "Rates and ratios") of the days [firstDay, lastDay], per currency:
 *
 * - A trial **ended in P** when its subscription's trial end falls in P and is not after the end of `lastDay`. The
 *   trial end is `trial_end`, or `ended_at` when the subscription ended first (cancelled during its trial: Stripe
 *   keeps the `trial_end` it had planned).
 * - It **converted** when the subscription had MRR > 0 at the end of some day from the trial's last day through
 *   `lastDay`: it went on to count as paying (active or past_due, with a non-zero amount after discounts), by the
 *   same MRR rules and settings as every other figure. One that was cancelled, left unpaid, or moved to a free price
 *   did not; one whose first payment is still being retried on `lastDay` (past_due) did, as MRR counts it.
 *
 * Conversion is read through `lastDay`, so the figure for a month that is over does not change afterwards.
 */
export interface TrialOutcomes {
  ended: number;
  converted: number;
}

export function trialConversions(db: Database.Database, accountId: string, settings: MrrSettings, firstDay: number, lastDay: number): Map<string, TrialOutcomes> {
  const ended = db
    .prepare<{ account: string; from: number; to: number }, { id: string; customer: string; currency: string; trialEnded: number }>(
      // A trial that ended in P has trial_end ≥ P's start (ended_at only brings the end earlier): the index bounds it.
      `SELECT id, customer, currency, min(trial_end, coalesce(ended_at, trial_end)) AS trialEnded FROM subscriptions
       WHERE account_id = @account AND trial_end >= @from AND min(trial_end, coalesce(ended_at, trial_end)) BETWEEN @from AND @to`,
    )
    .all({ account: accountId, from: startOfDay(firstDay), to: endOfDay(lastDay) });
  const outcomes = new Map<string, TrialOutcomes>();
  const trialEndDays = new Map(ended.map((trial) => [trial.id, dayOf(trial.trialEnded)]));
  for (const trial of ended) {
    let outcome = outcomes.get(trial.currency);
    if (!outcome) outcomes.set(trial.currency, (outcome = { ended: 0, converted: 0 }));
    outcome.ended++;
  }
  for (const timeline of loadSubscriptionTimelines(db, accountId, ended)) {
    const trialEndDay = trialEndDays.get(timeline.subscriptionId) ?? lastDay;
    if (!hasPaidBetween(mrrChanges(timeline, settings, lastDay), trialEndDay, lastDay)) continue;
    const outcome = outcomes.get(timeline.currency);
    if (outcome) outcome.converted++;
  }
  return outcomes;
}

/** MRR > 0 at the end of some day in [fromDay, toDay], given the days the MRR changed on. */
function hasPaidBetween(changes: readonly { day: number; mrr: number }[], fromDay: number, toDay: number): boolean {
  let inForce = 0;
  for (const change of changes) {
    if (change.day > toDay) break;
    if (change.day <= fromDay) inForce = change.mrr;
    else if (change.mrr > mrrEpsilon) return true;
  }
  return inForce > mrrEpsilon;
}
