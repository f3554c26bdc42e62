import { type MrrSettings } from '../mrr-types';
import { type MrrChange, mrrChanges, mrrEpsilon, type SubscriptionTimeline } from './subscription-timeline';

export type MovementType = 'new' | 'reactivation' | 'expansion' | 'contraction' | 'churn';

/** One customer's MRR changing between the end of `day − 1` and the end of `day` (METRICS.md, "Movements"). */
export interface Movement {
  day: number;
  customerId: string;
  currency: string;
  type: MovementType;
  /** Signed: positive for new, reactivation and expansion; negative for contraction and churn. */
  amount: number;
  mrrBefore: number;
  mrrAfter: number;
}

/** A customer's MRR in one currency: all their subscriptions together, as changes at day ends. */
export interface CustomerHistory {
  customerId: string;
  currency: string;
  changes: MrrChange[];
  movements: Movement[];
  /** Day of the first change above 0 (the cohort), or null if never paying. */
  firstPayingDay: number | null;
}

/**
 * MRR for an account's whole life, day by day: per customer (the changes and movements), and per currency (the total
 * and the paying customers at the end of each day, kept as difference arrays so a customer's history can be swapped
 * for a new one without recomputing everyone else's).
 */
export interface MrrHistory {
  readonly firstDay: number;
  readonly lastDay: number;
  readonly settings: MrrSettings;
  currencies(): string[];
  customer(customerId: string, currency: string): CustomerHistory | undefined;
  customers(): IterableIterator<CustomerHistory>;
  /** MRR at the end of `day` (fractional minor units); 0 outside the history. */
  mrrAt(currency: string, day: number): number;
  payingCustomersAt(currency: string, day: number): number;
  /** Movements with firstDay ≤ day ≤ lastDay, by day then customer. */
  movements(currency: string, fromDay: number, toDay: number): Movement[];
  /** Replaces the histories of the customers these timelines belong to (all their subscriptions must be given). */
  replaceCustomers(customerIds: ReadonlySet<string>, timelines: Iterable<SubscriptionTimeline>): void;
}

interface CurrencySeries {
  mrrDelta: Float64Array;
  payingDelta: Int32Array;
  mrr: Float64Array | null;
  paying: Int32Array | null;
  /** Movements by day (index = day − firstDay): swapping a customer touches only the days it moved on. */
  movementsByDay: (Movement[] | undefined)[];
}

const key = (customerId: string, currency: string) => `${customerId}\u0000${currency}`;

/** A customer's timelines in one currency, before their changes are merged; linked to the customer's other currencies. */
interface TimelineGroup {
  customerId: string;
  currency: string;
  changes: MrrChange[][];
  otherCurrency: TimelineGroup | undefined;
}

export function buildMrrHistory(timelines: Iterable<SubscriptionTimeline>, settings: MrrSettings, range: { firstDay: number; lastDay: number }): MrrHistory {
  const { firstDay, lastDay } = range;
  const days = Math.max(0, lastDay - firstDay + 1);
  const customers = new Map<string, CustomerHistory>();
  const series = new Map<string, CurrencySeries>();

  const seriesOf = (currency: string): CurrencySeries => {
    let found = series.get(currency);
    if (!found) {
      found = { mrrDelta: new Float64Array(days + 1), payingDelta: new Int32Array(days + 1), mrr: null, paying: null, movementsByDay: [] };
      series.set(currency, found);
    }
    return found;
  };

  /** Adds (sign 1) or removes (sign −1) a customer's contribution to its currency's totals. */
  const contribute = (history: CustomerHistory, sign: 1 | -1): void => {
    const target = seriesOf(history.currency);
    let previous = 0;
    for (const change of history.changes) {
      const index = Math.max(0, change.day - firstDay);
      if (index >= days) break;
      target.mrrDelta[index] = (target.mrrDelta[index] ?? 0) + sign * (change.mrr - previous);
      const wasPaying = previous > mrrEpsilon;
      const isPaying = change.mrr > mrrEpsilon;
      if (wasPaying !== isPaying) target.payingDelta[index] = (target.payingDelta[index] ?? 0) + sign * (isPaying ? 1 : -1);
      previous = change.mrr;
    }
    target.mrr = null;
    target.paying = null;
    for (const movement of history.movements) {
      const index = movement.day - firstDay;
      if (index < 0 || index >= days) continue;
      if (sign === 1) (target.movementsByDay[index] ??= []).push(movement);
      else target.movementsByDay[index] = target.movementsByDay[index]?.filter((candidate) => candidate.customerId !== history.customerId);
    }
  };

  const addTimelines = (all: Iterable<SubscriptionTimeline>): void => {
    // Grouped by customer, then currency (a customer is almost always billed in one): no key string is built per
    // subscription. `groups` keeps the order each customer and currency first appeared in, which is the order the
    // customers are added in, and so the order their amounts are summed in.
    const groups: TimelineGroup[] = [];
    const byCustomerId = new Map<string, TimelineGroup>();
    for (const timeline of all) {
      const first = byCustomerId.get(timeline.customerId);
      let group = first;
      while (group && group.currency !== timeline.currency) group = group.otherCurrency;
      if (!group) {
        group = { customerId: timeline.customerId, currency: timeline.currency, changes: [], otherCurrency: undefined };
        if (first) {
          group.otherCurrency = first.otherCurrency;
          first.otherCurrency = group;
        } else byCustomerId.set(timeline.customerId, group);
        groups.push(group);
      }
      group.changes.push(mrrChanges(timeline, settings, lastDay));
    }
    for (const group of groups) {
      const id = key(group.customerId, group.currency);
      const history = customerHistory(group.customerId, group.currency, mergeChanges(group.changes));
      customers.set(id, history);
      contribute(history, 1);
    }
  };

  const materialise = (currency: string): CurrencySeries | undefined => {
    const found = series.get(currency);
    if (!found) return undefined;
    if (!found.mrr || !found.paying) {
      const mrr = new Float64Array(days);
      const paying = new Int32Array(days);
      let runningMrr = 0;
      let runningPaying = 0;
      for (let index = 0; index < days; index++) {
        runningMrr += found.mrrDelta[index] ?? 0;
        runningPaying += found.payingDelta[index] ?? 0;
        // Sums of float deltas drift by ~1e-12; an account with no MRR left must read exactly 0.
        mrr[index] = Math.abs(runningMrr) < mrrEpsilon ? 0 : runningMrr;
        paying[index] = runningPaying;
      }
      found.mrr = mrr;
      found.paying = paying;
    }
    return found;
  };

  addTimelines(timelines);

  return {
    firstDay,
    lastDay,
    settings,
    currencies: () => [...series.keys()].sort(),
    customer: (customerId, currency) => customers.get(key(customerId, currency)),
    customers: () => customers.values(),
    mrrAt(currency, day) {
      if (day < firstDay || day > lastDay) return 0;
      return materialise(currency)?.mrr?.[day - firstDay] ?? 0;
    },
    payingCustomersAt(currency, day) {
      if (day < firstDay || day > lastDay) return 0;
      return materialise(currency)?.paying?.[day - firstDay] ?? 0;
    },
    movements(currency, fromDay, toDay) {
      const byDay = series.get(currency)?.movementsByDay ?? [];
      const found: Movement[] = [];
      for (let index = Math.max(0, fromDay - firstDay); index <= Math.min(days - 1, toDay - firstDay); index++) {
        const movements = byDay[index];
        if (movements) found.push(...[...movements].sort(customerOrder));
      }
      return found;
    },
    replaceCustomers(customerIds, replacement) {
      // A customer's histories are found by currency: every history's currency has a series, and there are few.
      for (const customerId of customerIds) {
        for (const currency of series.keys()) {
          const id = key(customerId, currency);
          const history = customers.get(id);
          if (!history) continue;
          contribute(history, -1);
          customers.delete(id);
        }
      }
      addTimelines(replacement);
    },
  };
}

const customerOrder = (a: Movement, b: Movement): number => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);

/** The sum of several step functions, as changes. */
function mergeChanges(all: MrrChange[][]): MrrChange[] {
  if (all.length === 1) return all[0] ?? [];
  const deltas: { day: number; delta: number }[] = [];
  for (const changes of all) {
    let previous = 0;
    for (const change of changes) {
      deltas.push({ day: change.day, delta: change.mrr - previous });
      previous = change.mrr;
    }
  }
  deltas.sort((a, b) => a.day - b.day);
  const merged: MrrChange[] = [];
  let total = 0;
  for (let index = 0; index < deltas.length; ) {
    const day = deltas[index]?.day ?? 0;
    const before = total;
    while (index < deltas.length && deltas[index]?.day === day) total += deltas[index++]?.delta ?? 0;
    if (Math.abs(total) < mrrEpsilon) total = 0;
    if (Math.abs(total - before) >= mrrEpsilon) merged.push({ day, mrr: total });
  }
  return merged;
}

/** A customer's movements from their MRR changes: the classification METRICS.md gives. */
function customerHistory(customerId: string, currency: string, changes: MrrChange[]): CustomerHistory {
  const movements: Movement[] = [];
  let previous = 0;
  let hasPaid = false;
  let firstPayingDay: number | null = null;
  for (const change of changes) {
    const before = previous > mrrEpsilon ? previous : 0;
    const after = change.mrr > mrrEpsilon ? change.mrr : 0;
    previous = change.mrr;
    if (before === after) continue;
    let type: MovementType;
    if (before === 0) {
      type = hasPaid ? 'reactivation' : 'new';
      hasPaid = true;
      firstPayingDay ??= change.day;
    } else if (after === 0) type = 'churn';
    else type = after > before ? 'expansion' : 'contraction';
    movements.push({ day: change.day, customerId, currency, type, amount: after - before, mrrBefore: before, mrrAfter: after });
  }
  return { customerId, currency, changes, movements, firstPayingDay };
}
