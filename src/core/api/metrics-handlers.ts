import { type Cash, type CohortTable, contract, type CustomerDetail, type Drilldown, type DrilldownRow, type Series, type SeriesPoint } from '../../shared/contract';
import { AppError } from '../app-error';
import { type CoreContext } from '../core-context';
import { findAccount } from '../db/repositories/accounts';
import { accountOverviewAt } from '../metrics/account-overview';
import { cashByMonth } from '../metrics/cash';
import { cohortsOf } from '../metrics/cohorts';
import { dayOfIso, isoDay, startOfDay } from '../metrics/history/days';
import { type MovementType, type MrrHistory } from '../metrics/history/mrr-history';
import { mrrEpsilon } from '../metrics/history/subscription-timeline';
import { type MetricsService } from '../metrics/metrics-service';
import { apportion, toMinorUnits } from '../metrics/money';
import { monthOf } from '../metrics/overview';
import { customerMrrAt, movementTypes } from '../metrics/period-figures';
import { readReportingSettings } from '../metrics/reporting-settings';
import { customerNames } from '../reports/metrics-report-range';
import { type DomainHandlers } from './handler-table';

type MetricsChannel = 'metrics:overview' | 'metrics:series' | 'metrics:drilldown' | 'metrics:customer' | 'metrics:cohorts' | 'metrics:cash';

/** How many rows of each kind the customer view gets, newest first. */
const customerListLimit = 500;

/**
 * The metrics channels. Dates are UTC days; a day after today is read as today (the renderer's local date can be a day
 * ahead of UTC), and each answer says which days it covers. Money leaves here rounded half-even to whole minor units.
 * A currency the account has no subscriptions in has no MRR: its series is zeros and its drill-downs are empty (the
 * UI takes its currencies from the overview, and an account still on its first sync has none yet).
 */
export function metricsHandlers(context: CoreContext, metrics: MetricsService): DomainHandlers<MetricsChannel> {
  const { db } = context;

  const requireAccount = (accountId: string): void => {
    if (findAccount(db, accountId)) return;
    metrics.invalidate(accountId);
    throw new AppError('not_found', 'That account is no longer connected. Reload the list of accounts.');
  };

  /** [from, to] as days, `to` cut to today; the contract has already checked from ≤ to and the length. */
  const dayRange = (from: string, to: string): { fromDay: number; toDay: number } => {
    const today = metrics.today();
    const fromDay = dayOfIso(from);
    if (fromDay > today) throw new AppError('invalid_input', `The range starts after today (${isoDay(today)}, UTC). Pick a "from" date on or before it.`);
    return { fromDay, toDay: Math.min(dayOfIso(to), today) };
  };

  return {
    'metrics:overview': ({ accountId, at }) => {
      requireAccount(accountId);
      const day = at === undefined ? metrics.today() : Math.min(dayOfIso(at), metrics.today());
      const reporting = readReportingSettings(db);
      // The Overview asks for a dozen month-ends at once (its sparklines), each walking every customer: computed once
      // per change of the data, not once per visit, and kept for the next launch (the dashboard's first screen).
      // "Today" is a question of its own each day: on a new day, the answer kept for the day before stands in (it says
      // which day it is about) until the history is built (metrics-service.ts).
      const key = at === undefined ? (onDay: number) => `overview:${onDay}:${JSON.stringify(reporting)}` : `overview:${day}:${JSON.stringify(reporting)}`;
      return metrics.answer(accountId, key, contract['metrics:overview'].output, (history) => accountOverviewAt(db, accountId, history, day, reporting));
    },

    'metrics:series': ({ accountId, currency, from, to, interval }) => {
      requireAccount(accountId);
      const { fromDay, toDay } = dayRange(from, to);
      // The dashboard's charts: kept for the next launch like the overview.
      return metrics.answer(accountId, `series:${currency}:${fromDay}:${toDay}:${interval}`, contract['metrics:series'].output, (history) =>
        series(history, currency, fromDay, toDay, interval),
      );
    },

    'metrics:drilldown': ({ accountId, currency, figure, from, to }) => {
      requireAccount(accountId);
      const { fromDay, toDay } = dayRange(from, to);
      const history = metrics.history(accountId);
      const names = customerNames(db, accountId);
      const named = (row: Omit<DrilldownRow, 'email' | 'name'>): DrilldownRow => ({ ...row, ...names(row.customerId) });
      const base = { figure, currency, from: isoDay(fromDay), to: isoDay(toDay) };

      if (figure === 'mrr' || figure === 'payingCustomers') {
        const paying: { customerId: string; mrr: number }[] = [];
        for (const customer of history.customers()) {
          if (customer.currency !== currency) continue;
          const mrr = customerMrrAt(customer, toDay);
          if (mrr > mrrEpsilon) paying.push({ customerId: customer.customerId, mrr });
        }
        const amounts = apportion(paying.map((row) => row.mrr));
        const rows = sortRows(paying.map((row, index) => named({ customerId: row.customerId, amount: amounts[index] ?? 0 })));
        if (figure === 'payingCustomers') return { ...base, value: history.payingCustomersAt(currency, toDay), total: rows.length, rows } satisfies Drilldown;
        // Rows are apportioned (money.ts): they add up to the MRR rounded once, the figure the overview and series show.
        return { ...base, value: toMinorUnits(history.mrrAt(currency, toDay)), total: sum(rows), rows } satisfies Drilldown;
      }

      const moved = history.movements(currency, fromDay, toDay).filter((movement) => movement.type === figure);
      const amounts = apportion(moved.map((movement) => Math.abs(movement.amount)));
      const rows = sortRows(moved.map((movement, index) => named({ customerId: movement.customerId, amount: amounts[index] ?? 0, date: isoDay(movement.day) })));
      // As for MRR: the rows add up to the figure rounded once, what the overview shows.
      return { ...base, value: toMinorUnits(moved.reduce((total, movement) => total + Math.abs(movement.amount), 0)), total: sum(rows), rows } satisfies Drilldown;
    },

    'metrics:customer': ({ accountId, customerId }) => {
      requireAccount(accountId);
      const history = metrics.history(accountId);
      const today = metrics.today();
      const row = db
        .prepare<[string, string], { email: string | null; name: string | null; deleted: number }>('SELECT email, name, deleted FROM customers WHERE account_id = ? AND id = ?')
        .get(accountId, customerId);
      const histories = history.currencies().flatMap((currency) => history.customer(customerId, currency) ?? []);
      if (!row && histories.length === 0) throw new AppError('not_found', 'Recur has no customer with that id in this account. Sync, or reload the list.');

      const movements = histories
        .flatMap((customer) => customer.movements)
        .sort((a, b) => b.day - a.day || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
        .slice(0, customerListLimit)
        .map((movement) => ({
          date: isoDay(movement.day),
          currency: movement.currency,
          type: movement.type,
          amount: toMinorUnits(movement.amount),
          mrrAfter: toMinorUnits(movement.mrrAfter),
        }));
      const subscriptions = db
        .prepare<[string, string, number], { id: string; status: string; currency: string; created: number | null; canceledAt: number | null; endedAt: number | null }>(
          `SELECT id, status, currency, created, canceled_at AS canceledAt, ended_at AS endedAt FROM subscriptions
           WHERE account_id = ? AND customer = ? ORDER BY created DESC, id DESC LIMIT ?`,
        )
        .all(accountId, customerId, customerListLimit);
      const invoices = db
        .prepare<[string, string, number], { id: string; status: string | null; total: number | null; currency: string | null; created: number | null }>(
          `SELECT id, status, total, currency, created FROM invoices
           WHERE account_id = ? AND customer = ? AND deleted = 0 ORDER BY created DESC, id DESC LIMIT ?`,
        )
        .all(accountId, customerId, customerListLimit);
      const payments = db
        .prepare<[string, string, number], { id: string; amount: number; amountRefunded: number; currency: string; status: string; created: number | null }>(
          `SELECT id, amount, amount_refunded AS amountRefunded, currency, status, created FROM charges
           WHERE account_id = ? AND customer = ? ORDER BY created DESC, id DESC LIMIT ?`,
        )
        .all(accountId, customerId, customerListLimit);

      return {
        customerId,
        email: row?.email ?? null,
        name: row?.name ?? null,
        deleted: row?.deleted === 1,
        currencies: histories.map((customer) => customer.currency),
        mrrNow: Object.fromEntries(histories.map((customer) => [customer.currency, toMinorUnits(customerMrrAt(customer, today))])),
        movements,
        subscriptions: subscriptions.map((subscription) => ({
          ...subscription,
          created: isoTime(subscription.created),
          canceledAt: isoTime(subscription.canceledAt),
          endedAt: isoTime(subscription.endedAt),
        })),
        invoices: invoices.map((invoice) => ({ ...invoice, created: isoTime(invoice.created) })),
        payments: payments.map((payment) => ({ ...payment, created: isoTime(payment.created) })),
      } satisfies CustomerDetail;
    },

    'metrics:cohorts': ({ accountId, currency, kind = 'customers' }) => {
      requireAccount(accountId);
      const today = metrics.today();
      const cohorts = cohortsOf(metrics.history(accountId), currency, today).map((cohort) => ({
        month: cohort.month,
        customers: cohort.customers,
        startingMrr: toMinorUnits(cohort.startingMrr),
        months: cohort.months.map((month) => ({ ...month, mrr: toMinorUnits(month.mrr), share: kind === 'customers' ? month.customerRetention : month.mrrRetention })),
      }));
      return { currency, kind, at: isoDay(today), cohorts } satisfies CohortTable;
    },

    'metrics:cash': ({ accountId, from, to }) => {
      requireAccount(accountId);
      const { fromDay, toDay } = dayRange(from, to);
      // cashByMonth takes [from, to) in seconds: the day after `to` begins where the range ends.
      return { from: isoDay(fromDay), to: isoDay(toDay), months: cashByMonth(db, accountId, startOfDay(fromDay), startOfDay(toDay + 1)) } satisfies Cash;
    },
  };
}

/**
 * Days or calendar months of [fromDay, toDay]. Movements of each point are summed at full precision and rounded once;
 * net new is gain − loss like the overview's, so a month point equals that month's overview figures.
 */
function series(history: MrrHistory, currency: string, fromDay: number, toDay: number, interval: 'day' | 'month'): Series {
  const movements = history.movements(currency, fromDay, toDay);
  const points: SeriesPoint[] = [];
  let next = 0;
  for (let firstDay = fromDay; firstDay <= toDay; ) {
    const lastDay = interval === 'day' ? firstDay : Math.min(monthOf(firstDay).lastDay, toDay);
    const sums = Object.fromEntries(movementTypes.map((type) => [type, 0])) as Record<MovementType, number>;
    for (let movement = movements[next]; movement !== undefined && movement.day <= lastDay; movement = movements[++next]) {
      sums[movement.type] += Math.abs(movement.amount);
    }
    points.push({
      date: isoDay(firstDay),
      endDate: isoDay(lastDay),
      mrr: toMinorUnits(history.mrrAt(currency, lastDay)),
      payingCustomers: history.payingCustomersAt(currency, lastDay),
      new: toMinorUnits(sums.new),
      reactivation: toMinorUnits(sums.reactivation),
      expansion: toMinorUnits(sums.expansion),
      contraction: toMinorUnits(sums.contraction),
      churn: toMinorUnits(sums.churn),
      netNew: toMinorUnits(sums.new + sums.expansion + sums.reactivation - (sums.churn + sums.contraction)),
    });
    firstDay = lastDay + 1;
  }
  return { currency, interval, from: isoDay(fromDay), to: isoDay(toDay), points };
}

/** Largest first; ties by customer, then day, so the order is stable. */
function sortRows(rows: DrilldownRow[]): DrilldownRow[] {
  return rows.sort((a, b) => b.amount - a.amount || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0) || (a.date ?? '').localeCompare(b.date ?? ''));
}

function sum(rows: readonly DrilldownRow[]): number {
  return rows.reduce((total, row) => total + row.amount, 0);
}

function isoTime(seconds: number | null): string | null {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}
