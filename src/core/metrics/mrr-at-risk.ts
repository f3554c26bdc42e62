import type Database from 'better-sqlite3';
import { endOfDay } from './history/days';
import { subscriptionMrr } from './mrr/subscription-mrr';
import { type MrrSettings } from './mrr-types';
import { loadSubscriptionTimelines, segmentAtEndOf } from './subscription-timelines';

/**
 * MRR at risk (METRICS.md, "Cash"): the MRR of the subscriptions that are `past_due` at the end of `day`, per
 * currency, in fractional minor units. `past_due` MRR is counted in MRR (Stripe does), so this is the part of MRR
 * whose last payment failed and is being retried.
 *
 * Which subscriptions were `past_due` on a day is known from what Stripe sent: the mirror's current status for today,
 * and the recorded snapshots for earlier days. History rebuilt from invoices (before Recur was connected) cannot say
 * when a payment was being retried, so it never contributes: at risk before the first sync reads 0.
 */
export function mrrAtRisk(db: Database.Database, accountId: string, settings: MrrSettings, day: number, options: { isLatestDay: boolean }): Map<string, number> {
  const candidates = new Map(
    db
      .prepare<[string], { id: string; customer: string }>("SELECT id, customer FROM subscriptions WHERE account_id = ? AND status = 'past_due'")
      .all(accountId)
      .map((row) => [row.id, row]),
  );
  // Today the mirror's row is the newest snapshot, so the index on status finds every candidate. An earlier day needs
  // the snapshots that said `past_due`; the text match is only a sieve: each candidate's state on the day decides.
  if (!options.isLatestDay) {
    const customerOf = db.prepare<[string, string], string>('SELECT customer FROM subscriptions WHERE account_id = ? AND id = ?').pluck();
    // A snapshot's `mrr_inputs` (migration 005) holds its status in a tenth of `raw`'s bytes, read from an index; `raw`
    // is read only for the few snapshots without it.
    const recorded = db
      .prepare<{ account: string }, string>(
        `SELECT subscription_id FROM subscription_snapshots WHERE account_id = @account AND mrr_inputs IS NOT NULL AND instr(mrr_inputs, '"status":"past_due"') > 0
         UNION
         SELECT subscription_id FROM subscription_snapshots WHERE account_id = @account AND mrr_inputs IS NULL AND instr(raw, '"status":"past_due"') > 0`,
      )
      .pluck()
      .all({ account: accountId });
    for (const id of recorded) {
      const customer = candidates.has(id) ? undefined : customerOf.get(accountId, id);
      if (customer !== undefined) candidates.set(id, { id, customer });
    }
  }
  const atRisk = new Map<string, number>();
  for (const timeline of loadSubscriptionTimelines(db, accountId, [...candidates.values()])) {
    const state = segmentAtEndOf(timeline, day)?.state;
    if (state?.status !== 'past_due') continue;
    const mrr = subscriptionMrr(state, endOfDay(day), settings);
    if (mrr > 0) atRisk.set(timeline.currency, (atRisk.get(timeline.currency) ?? 0) + mrr);
  }
  return atRisk;
}
