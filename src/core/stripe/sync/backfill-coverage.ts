import { type BackfillSlice } from '../../db/repositories/backfill-slices';

/**
 * How much of each resource's `created` range a full sync has paged through, as a fraction from 0 to 1. Stripe's list
 * APIs give no totals, so time covered is the only honest measure of progress; slices page newest first, so a slice
 * whose last page ended at `created = t` has covered [t, rangeEnd]. Splitting a slice keeps the sum of widths, so the
 * fractions never go backwards.
 */
export class BackfillCoverage {
  /** Per slice being paged: the `created` of the oldest object paged so far. */
  private readonly pagedDownTo = new Map<BackfillSlice, number>();
  private readonly slices: BackfillSlice[];

  constructor(slices: readonly BackfillSlice[]) {
    this.slices = [...slices];
  }

  /** A slice split off another one (see splitSlice). */
  add(slice: BackfillSlice): void {
    this.slices.push(slice);
  }

  /** A page of `slice` ended with an object created at `created`. */
  paged(slice: BackfillSlice, created: number): void {
    this.pagedDownTo.set(slice, created);
  }

  byResource(): Record<string, number> {
    const widths = new Map<string, { covered: number; total: number }>();
    for (const slice of this.slices) {
      const width = slice.rangeEnd - slice.rangeStart + 1;
      const downTo = this.pagedDownTo.get(slice);
      const covered = slice.status === 'done' ? width : downTo === undefined ? 0 : Math.min(width, Math.max(0, slice.rangeEnd - downTo + 1));
      const entry = widths.get(slice.resource) ?? { covered: 0, total: 0 };
      entry.covered += covered;
      entry.total += width;
      widths.set(slice.resource, entry);
    }
    return Object.fromEntries([...widths].map(([resource, { covered, total }]) => [resource, total > 0 ? covered / total : 1]));
  }
}
