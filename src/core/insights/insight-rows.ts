import { type InsightRow, type InsightRows } from '../../shared/contract';
import { isoDay } from '../metrics/history/days';
import { apportion } from '../metrics/money';

/** A row before rounding: its amount in fractional minor units, as the metrics computed it. */
export interface RowSource {
  customerId: string | null;
  amount: number;
  objectId?: string;
  /** A metrics day. */
  day?: number;
  note?: string;
}

/**
 * The rows behind a figure, with whole minor-unit amounts that add up to the figure rounded once: amounts are
 * apportioned (money.ts), not each rounded alone, so the list never misses the figure it explains by a cent a row.
 * Largest first; ties by customer, object and day so the order is stable.
 */
export function insightRows(
  kind: InsightRows['kind'],
  amountLabel: string,
  sources: readonly RowSource[],
  names: (customerId: string) => { email: string | null; name: string | null },
): InsightRows {
  const amounts = apportion(sources.map((source) => source.amount));
  const rows = sources.map((source, index): InsightRow => {
    const named = source.customerId === null ? { email: null, name: null } : names(source.customerId);
    return {
      customerId: source.customerId,
      ...named,
      ...(source.objectId === undefined ? {} : { objectId: source.objectId }),
      amount: amounts[index] ?? 0,
      ...(source.day === undefined ? {} : { date: isoDay(source.day) }),
      ...(source.note === undefined ? {} : { note: source.note }),
    };
  });
  rows.sort((a, b) => b.amount - a.amount || compare(a.customerId ?? '', b.customerId ?? '') || compare(a.objectId ?? '', b.objectId ?? '') || compare(a.date ?? '', b.date ?? ''));
  return { kind, amountLabel, total: amounts.reduce((total, amount) => total + amount, 0), rows };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
