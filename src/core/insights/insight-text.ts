import { minorUnitDigits, toMajorUnits } from '../metrics/money';

/**
 * How insights write their figures into sentences. The sentence is for reading; the same figures travel as numbers in
 * the insight, so the renderer never parses text. Formats are fixed (en-US) so a sentence reads the same in tests, logs
 * and the app.
 */

/** Whole minor units as money: 123456 usd → "$1,234.56"; 1200 jpy → "¥1,200". */
export function formatMoney(minorUnits: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: digits, maximumFractionDigits: digits }).format(toMajorUnits(minorUnits, currency));
  } catch {
    // A code Intl does not know (Stripe supports a few it may lack) is still shown, not dropped.
    return `${toMajorUnits(minorUnits, currency).toFixed(digits)} ${currency.toUpperCase()}`;
  }
}

/** A fraction as a percentage with one decimal: 0.0412 → "4.1%". */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A multiple or a ratio with up to two decimals: 1.5 → "1.5", 0.666… → "0.67". */
export function formatRatio(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** "1 customer", "3 customers". */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
