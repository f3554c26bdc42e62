import { describe, expect, it } from 'vitest';
import { apportion, minorUnitDigits, roundHalfEven, toMajorUnits } from '../../../src/core/metrics/money';

describe('money', () => {
  it.each([
    [2166.6666, 2167],
    [2.5, 2],
    [3.5, 4],
    [-2.5, -2],
    [1000.4999, 1000],
    [0.125 * 4, 0],
    [1005.0000000001, 1005],
  ])('rounds %d half-even to %d', (value, rounded) => {
    expect(roundHalfEven(value)).toBe(rounded);
  });

  it('knows zero- and three-decimal currencies, and writes major units', () => {
    expect([minorUnitDigits('usd'), minorUnitDigits('JPY'), minorUnitDigits('kwd')]).toEqual([2, 0, 3]);
    expect([toMajorUnits(1234, 'usd'), toMajorUnits(1200, 'jpy'), toMajorUnits(1234, 'kwd'), toMajorUnits(-1250, 'eur')]).toEqual([12.34, 1200, 1.234, -12.5]);
  });

  it('apportions rows so they add up to the total rounded once: three £4.1633 rows make 1249, not 1248', () => {
    const third = 1249 / 3;
    expect(apportion([third, third, third])).toEqual([417, 416, 416]);
    expect(apportion([10.5, 20.5, 30.5])).toEqual([11, 21, 30]);
    expect(apportion([])).toEqual([]);
    expect(apportion([5000, 2500.25, 0.75])).toEqual([5000, 2500, 1]);
  });
});
