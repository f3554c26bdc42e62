import type Database from 'better-sqlite3';
import { type Insight, type InsightRuleId, type InsightThresholds } from '../../shared/contract';
import { type MrrHistory } from '../metrics/history/mrr-history';

/** What every rule is evaluated against: the account's MRR history, its mirror, the day and the thresholds. */
export interface InsightContext {
  db: Database.Database;
  accountId: string;
  history: MrrHistory;
  /** The day the insights are for (a metrics day: UTC, numbered from the epoch). */
  day: number;
  /** Now, in unix seconds, from the core's clock: "coming up" and "how old" are measured from it. */
  now: number;
  thresholds: InsightThresholds;
  /** A customer's email and name, for rows. */
  names: (customerId: string) => { email: string | null; name: string | null };
}

export interface InsightRule {
  id: InsightRuleId;
  /**
   * True for rules that read the mirror as it is now (subscription statuses, trial and period ends, the sync log)
   * rather than the MRR history: the mirror does not keep what was coming up on an earlier day, so they answer for
   * today only.
   */
  readsPresentState: boolean;
  /** The insights this rule raises: none when its figures are within their thresholds. */
  evaluate(context: InsightContext): Insight[];
}
