import { type CohortTable } from '../../../shared/contract';
import { monthEnd } from '../../lib/format';

type Cohort = CohortTable['cohorts'][number];
export type CohortMonth = Cohort['months'][number];

/**
 * How a share is painted: the heat colour mixed into the cell's base in proportion to the share (a floor keeps small
 * shares visible), and shares above 100% (revenue that grew past its start) in their own colour, so expansion never
 * reads as a darker shade of retention.
 */
export function heatStyle(share: number | null): { background?: string; className: string } {
  if (share === null) return { className: 'heat-none' };
  if (share > 1) {
    const strength = Math.round(55 + Math.min(1, share - 1) * 40);
    return { background: `color-mix(in srgb, var(--heat-over) ${strength}%, var(--heat-base))`, className: strength >= 72 ? 'heat-over strong' : 'heat-over' };
  }
  if (share <= 0) return { className: 'heat-zero' };
  const strength = Math.round(8 + share * 84);
  return { background: `color-mix(in srgb, var(--heat) ${strength}%, var(--heat-base))`, className: strength >= 72 ? 'heat strong' : 'heat' };
}

/** The month still running: its figures are read today, not at the month's end. */
export function isToDate(month: CohortMonth): boolean {
  return monthEnd(month.asOf) !== month.asOf;
}

export interface AverageCell {
  offset: number;
  share: number | null;
  /** Cohorts old enough to have this month. */
  cohorts: number;
}

/**
 * The all-cohorts row: for each month since start, the cohorts that have reached it added together — paying customers
 * over their customers, or MRR over their starting MRR — so a large cohort weighs more than a small one.
 */
export function averageRow(table: CohortTable, columns: number): AverageCell[] {
  return Array.from({ length: columns }, (_, offset) => {
    let numerator = 0;
    let denominator = 0;
    let cohorts = 0;
    for (const cohort of table.cohorts) {
      const month = cohort.months[offset];
      if (!month) continue;
      cohorts++;
      if (table.kind === 'customers') {
        numerator += month.payingCustomers;
        denominator += cohort.customers;
      } else if (cohort.startingMrr > 0) {
        numerator += month.mrr;
        denominator += cohort.startingMrr;
      }
    }
    return { offset, share: denominator > 0 ? numerator / denominator : null, cohorts };
  });
}
