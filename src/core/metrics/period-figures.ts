import { type CustomerHistory, type Movement, type MovementType, type MrrHistory } from './history/mrr-history';
import { mrrEpsilon } from './history/subscription-timeline';

/**
 * The figures of one period in one currency (METRICS.md, "Rates and ratios"). A period is whole days [firstDay,
 * lastDay]: it starts from the MRR at the end of the day before and ends with the MRR at the end of its last day, and
 * its movements are those of its days, so MRR(end) − MRR(start) = net new MRR exactly. Money is fractional minor units;
 * ratios are plain fractions (0.05 = 5%); a ratio whose denominator is 0 is null (shown as "—").
 */
export interface PeriodFigures {
  currency: string;
  firstDay: number;
  lastDay: number;
  mrr: number;
  arr: number;
  mrrAtStart: number;
  payingCustomers: number;
  payingCustomersAtStart: number;
  arpa: number | null;
  movements: Record<MovementType, { mrr: number; customers: number }>;
  netNewMrr: number;
  customerChurnRate: number | null;
  grossMrrChurnRate: number | null;
  netMrrChurnRate: number | null;
  quickRatio: number | null;
}

export const movementTypes: readonly MovementType[] = ['new', 'reactivation', 'expansion', 'contraction', 'churn'];

export function periodFigures(history: MrrHistory, currency: string, firstDay: number, lastDay: number): PeriodFigures {
  const mrr = history.mrrAt(currency, lastDay);
  const mrrAtStart = history.mrrAt(currency, firstDay - 1);
  const payingCustomers = history.payingCustomersAt(currency, lastDay);
  const payingCustomersAtStart = history.payingCustomersAt(currency, firstDay - 1);
  const movements = summarise(history.movements(currency, firstDay, lastDay));
  const gain = movements.new.mrr + movements.expansion.mrr + movements.reactivation.mrr;
  const loss = movements.churn.mrr + movements.contraction.mrr;
  const churnBase = payingCustomersAtStart + movements.new.customers;
  return {
    currency,
    firstDay,
    lastDay,
    mrr,
    arr: mrr * 12,
    mrrAtStart,
    payingCustomers,
    payingCustomersAtStart,
    arpa: payingCustomers > 0 ? mrr / payingCustomers : null,
    movements,
    netNewMrr: gain - loss,
    customerChurnRate: churnBase > 0 ? movements.churn.customers / churnBase : null,
    grossMrrChurnRate: mrrAtStart > mrrEpsilon ? loss / mrrAtStart : null,
    netMrrChurnRate: mrrAtStart > mrrEpsilon ? (loss - movements.expansion.mrr - movements.reactivation.mrr) / mrrAtStart : null,
    quickRatio: loss > mrrEpsilon ? gain / loss : null,
  };
}

/** Per movement type: MRR moved (a positive amount for every type) and how many customer movements. */
function summarise(movements: readonly Movement[]): PeriodFigures['movements'] {
  const totals = Object.fromEntries(movementTypes.map((type) => [type, { mrr: 0, customers: 0 }])) as PeriodFigures['movements'];
  for (const movement of movements) {
    const total = totals[movement.type];
    total.mrr += Math.abs(movement.amount);
    total.customers += 1;
  }
  return totals;
}

/** A customer's MRR at the end of `day` (0 before their first change). */
export function customerMrrAt(customer: CustomerHistory, day: number): number {
  const { changes } = customer;
  let low = 0;
  let high = changes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((changes[middle]?.day ?? 0) <= day) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? 0 : (changes[low - 1]?.mrr ?? 0);
}

/**
 * Net and gross revenue retention over the year to `day`, per currency: the customers who paid a year before, their
 * MRR now over their MRR then; GRR caps each customer's now at their then. Null when nobody paid a year before. One
 * pass over the customers serves every currency.
 */
export function revenueRetention(history: MrrHistory, day: number): Map<string, { nrr: number | null; grr: number | null }> {
  const yearBefore = day - 365;
  const sums = new Map<string, { then: number; now: number; capped: number }>();
  for (const customer of history.customers()) {
    const before = customerMrrAt(customer, yearBefore);
    if (before <= mrrEpsilon) continue;
    const after = customerMrrAt(customer, day);
    let sum = sums.get(customer.currency);
    if (!sum) sums.set(customer.currency, (sum = { then: 0, now: 0, capped: 0 }));
    sum.then += before;
    sum.now += after;
    sum.capped += Math.min(before, after);
  }
  const retention = new Map<string, { nrr: number | null; grr: number | null }>();
  for (const currency of history.currencies()) {
    const sum = sums.get(currency);
    retention.set(currency, sum && sum.then > mrrEpsilon ? { nrr: sum.now / sum.then, grr: sum.capped / sum.then } : { nrr: null, grr: null });
  }
  return retention;
}
