import { describe, expect, it } from 'vitest';
import { counted, formatMoney, formatPercent, formatRatio } from '../../../src/core/insights/insight-text';

describe('how insights write their figures', () => {
  it.each([
    [123456, 'usd', '$1,234.56'],
    [-500, 'eur', '-€5.00'],
    [1200, 'jpy', '¥1,200'],
    [1234, 'kwd', 'KWD 1.234'],
  ])('writes %i minor units of %s as %s', (minorUnits, currency, text) => {
    expect(formatMoney(minorUnits, currency).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it('writes percentages with one decimal, ratios with up to two, and counts with their noun', () => {
    expect([formatPercent(0.0412), formatPercent(1.125), formatRatio(1.5), formatRatio(2 / 3), formatRatio(0)]).toEqual(['4.1%', '112.5%', '1.5', '0.67', '0']);
    expect([counted(1, 'trial'), counted(3, 'trial'), counted(2, 'largest customer')]).toEqual(['1 trial', '3 trials', '2 largest customers']);
  });
});
