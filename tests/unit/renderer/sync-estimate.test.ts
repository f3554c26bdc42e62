import { describe, expect, it } from 'vitest';
import { describeTimeLeft, overallFraction, secondsLeft } from '../../../src/renderer/lib/sync-estimate';

describe('sync estimate', () => {
  it('weights resources by their estimated size, not equally', () => {
    // Products: all 10 fetched. Invoices: 900 fetched over 30% of their range → about 3,000 in all.
    const fraction = overallFraction({
      counts: { products: { fetched: 10 }, invoices: { fetched: 900 } },
      coverage: { products: 1, invoices: 0.3 },
    });
    expect(fraction).toBeCloseTo(910 / 3010, 10);
  });

  it('waits until every resource has paged enough of its range to extrapolate', () => {
    expect(overallFraction({ counts: { products: { fetched: 10 }, invoices: { fetched: 5 } }, coverage: { products: 1, invoices: 0.01 } })).toBeUndefined();
    expect(overallFraction({ counts: {}, coverage: {} })).toBeUndefined();
  });

  it('extrapolates time left from the rate since the first estimate', () => {
    expect(secondsLeft({ at: 0, fraction: 0.1 }, { at: 10_000, fraction: 0.3 })).toBeCloseTo(35, 10);
    expect(secondsLeft({ at: 0, fraction: 0.1 }, { at: 2_000, fraction: 0.3 })).toBeUndefined();
    expect(secondsLeft({ at: 0, fraction: 0.1 }, { at: 10_000, fraction: 0.12 })).toBeUndefined();
  });

  it.each([
    [undefined, 'Estimating time left…'],
    [20, 'Less than a minute left'],
    [70, 'About a minute left'],
    [400, 'About 7 min left'],
    [4000, 'About an hour left'],
    [9000, 'About 3 hours left'],
  ])('says %s seconds as "%s"', (seconds, words) => {
    expect(describeTimeLeft(seconds)).toBe(words);
  });
});
