import type Database from 'better-sqlite3';
import { dayOf } from '../metrics/history/days';
import { loadMrrHistory } from '../metrics/history/load-mrr-history';
import { type MrrHistory } from '../metrics/history/mrr-history';
import { toMinorUnits } from '../metrics/money';
import { readMrrSettings } from '../metrics/mrr-settings';
import { majorAmount } from './report-cells';
import { type ReportRange } from './report-definition';

/**
 * The reports built on MRR history share this: the history (to the range's last day, under the user's MRR settings,
 * as the app shows it) and the range as whole days.
 * A range [from, to) in seconds covers the days from dayOf(from) to the day of its last second.
 */
export function historyForRange(db: Database.Database, range: ReportRange): { history: MrrHistory; firstDay: number; lastDay: number } {
  const firstDay = dayOf(range.from);
  const lastDay = Math.max(firstDay, dayOf(range.to - 1));
  return { history: loadMrrHistory(db, range.accountId, readMrrSettings(db), lastDay), firstDay, lastDay };
}

/** Fractional minor units, rounded once to whole minor units, in the currency's major unit. */
export function mrrAmount(amount: number, currency: string): number | null {
  return majorAmount(toMinorUnits(amount), currency);
}

/** Who a customer is, for the rows that name one. */
export function customerNames(db: Database.Database, accountId: string): (customerId: string) => { email: string | null; name: string | null } {
  const lookup = db.prepare<[string, string], { email: string | null; name: string | null }>('SELECT email, name FROM customers WHERE account_id = ? AND id = ?');
  return (customerId) => lookup.get(accountId, customerId) ?? { email: null, name: null };
}
