import { dayOf, isoDay } from './history/days';
import { type MrrHistory } from './history/mrr-history';
import { mrrEpsilon } from './history/subscription-timeline';

/**
 * Cohorts (METRICS.md, "Rates and ratios"): a currency's customers grouped by the calendar month of their first MRR,
 * and for each month from then on how many of them are paying at the month's end and how much MRR they have then.
 *
 * - A cohort's **size** is the number of customers whose first day with MRR > 0 (in this currency) falls in its month.
 * - Its **starting MRR** is the cohort's MRR at the end of its first month (offset 0): the customers' MRR once the
 *   month in which they started paying is over, so a customer who upgraded a week after signing up starts from the
 *   upgraded amount, and one who joined and left within the month counts in the size but adds nothing.
 * - Offset k is the k-th calendar month after the cohort's; its figures are read at the end of that month, or at
 *   `day` for the month still running. Customer retention = paying ÷ size; MRR retention = MRR ÷ starting MRR (above
 *   1 when expansion outweighs churn; null when the starting MRR is 0).
 *
 * Built from each customer's MRR changes in one pass (a pointer walked along the month ends), so an account of
 * 100,000 customers over two years costs a few million steps, not a day-by-day walk.
 */
export interface CohortMonth {
  /** Months after the cohort's own (0 = the cohort's month). */
  offset: number;
  /** `YYYY-MM`. */
  month: string;
  /** The day the figures are read: the month's last day, or `day` for the running month. */
  asOf: string;
  payingCustomers: number;
  /** Fractional minor units. */
  mrr: number;
  /** Every cohort has at least one customer, so this is never undefined. */
  customerRetention: number;
  mrrRetention: number | null;
}

export interface Cohort {
  /** `YYYY-MM`: the month of the customers' first MRR. */
  month: string;
  customers: number;
  /** The cohort's MRR at the end of its first month (fractional minor units). */
  startingMrr: number;
  /** Offset 0 through the month of `day`, in order. */
  months: CohortMonth[];
}

/** Cohorts of `currency` from the history's first month through `day`'s, oldest first; months with no cohort are left out. */
export function cohortsOf(history: MrrHistory, currency: string, day: number): Cohort[] {
  const lastDay = Math.min(day, history.lastDay);
  if (lastDay < history.firstDay) return [];
  const firstMonth = monthNumber(history.firstDay);
  const monthCount = monthNumber(lastDay) - firstMonth + 1;
  // The day each month's figures are read at: its last day, the last one cut to `lastDay`.
  const readDays = Array.from({ length: monthCount }, (_, index) => Math.min(lastDayOfMonthNumber(firstMonth + index), lastDay));
  const sizes = new Int32Array(monthCount);
  // Row = cohort, column = calendar month (not offset): cell [c][m] is cohort c at the end of month m.
  const paying = new Int32Array(monthCount * monthCount);
  const mrr = new Float64Array(monthCount * monthCount);

  for (const customer of history.customers()) {
    if (customer.currency !== currency || customer.firstPayingDay === null || customer.firstPayingDay > lastDay) continue;
    const cohort = monthNumber(customer.firstPayingDay) - firstMonth;
    sizes[cohort] = (sizes[cohort] ?? 0) + 1;
    const { changes } = customer;
    let next = 0;
    let current = 0;
    for (let month = cohort; month < monthCount; month++) {
      const readDay = readDays[month] ?? lastDay;
      for (let change = changes[next]; change !== undefined && change.day <= readDay; change = changes[++next]) current = change.mrr;
      if (current <= mrrEpsilon) continue;
      const cell = cohort * monthCount + month;
      paying[cell] = (paying[cell] ?? 0) + 1;
      mrr[cell] = (mrr[cell] ?? 0) + current;
    }
  }

  const cohorts: Cohort[] = [];
  for (let cohort = 0; cohort < monthCount; cohort++) {
    const customers = sizes[cohort] ?? 0;
    if (customers === 0) continue;
    const startingMrr = mrr[cohort * monthCount + cohort] ?? 0;
    const months: CohortMonth[] = [];
    for (let month = cohort; month < monthCount; month++) {
      const cellMrr = mrr[cohort * monthCount + month] ?? 0;
      const cellPaying = paying[cohort * monthCount + month] ?? 0;
      months.push({
        offset: month - cohort,
        month: monthLabel(firstMonth + month),
        asOf: isoDay(readDays[month] ?? lastDay),
        payingCustomers: cellPaying,
        mrr: cellMrr,
        customerRetention: cellPaying / customers,
        mrrRetention: startingMrr > mrrEpsilon ? cellMrr / startingMrr : null,
      });
    }
    cohorts.push({ month: monthLabel(firstMonth + cohort), customers, startingMrr, months });
  }
  return cohorts;
}

/** Months since January of year 0: consecutive calendar months are consecutive numbers. */
function monthNumber(day: number): number {
  const date = new Date(day * 86_400_000);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

function lastDayOfMonthNumber(month: number): number {
  return dayOf(Date.UTC(Math.floor(month / 12), (month % 12) + 1, 1) / 1000) - 1;
}

function monthLabel(month: number): string {
  return `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}
