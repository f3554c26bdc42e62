/**
 * Money in Recur's metrics: amounts are minor units of their currency (Stripe's convention: cents for usd, whole yen
 * for jpy), kept at full precision while computing — normalising to a month makes fractions — and rounded half-even
 * to the minor unit only when shown or exported (METRICS.md, "Money").
 */

/** Stripe's zero-decimal currencies: an amount of 1200 jpy is ¥1,200 (https://docs.stripe.com/currencies#zero-decimal). */
const zeroDecimal = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
/** Stripe's three-decimal currencies (https://docs.stripe.com/currencies#three-decimal). */
const threeDecimal = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Digits after the decimal point in the currency's major unit. */
export function minorUnitDigits(currency: string): number {
  const code = currency.toLowerCase();
  if (zeroDecimal.has(code)) return 0;
  if (threeDecimal.has(code)) return 3;
  return 2;
}

/** Rounds to the nearest integer, ties to even (banker's rounding), so rounding many figures does not drift upward. */
export function roundHalfEven(value: number): number {
  if (!Number.isFinite(value)) return value;
  const floor = Math.floor(value);
  const fraction = value - floor;
  // Fractions within float noise of one half are ties: 0.125 * 4 lands exactly, 10.005 * 100 may not.
  const epsilon = 1e-9 * Math.max(1, Math.abs(value));
  if (Math.abs(fraction - 0.5) <= epsilon) return floor % 2 === 0 ? floor : floor + 1;
  return fraction < 0.5 ? floor : floor + 1;
}

/** A fractional minor-unit amount rounded to whole minor units. */
export function toMinorUnits(amount: number): number {
  return roundHalfEven(amount);
}

/** Whole minor units as a major-unit number (1234 usd → 12.34; 1200 jpy → 1200), for CSV amount columns. */
export function toMajorUnits(minorUnits: number, currency: string): number {
  const digits = minorUnitDigits(currency);
  return Number((minorUnits / 10 ** digits).toFixed(digits));
}

/**
 * Whole minor units for each of `amounts` (fractional) that add up exactly to their total rounded once: each is
 * floored, and the units left over go to the largest remainders (Hamilton's method). A list of rows behind a figure
 * then sums to the figure shown, where rounding each row alone could miss it by a cent per row.
 */
export function apportion(amounts: readonly number[]): number[] {
  const target = roundHalfEven(amounts.reduce((sum, amount) => sum + amount, 0));
  const floors = amounts.map((amount) => Math.floor(amount));
  let left = target - floors.reduce((sum, floor) => sum + floor, 0);
  const byRemainder = amounts.map((amount, index) => ({ index, remainder: amount - (floors[index] ?? 0) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    floors[index] = (floors[index] ?? 0) + 1;
    left--;
  }
  return floors;
}
