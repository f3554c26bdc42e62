/**
 * How Recur writes numbers, money and days. Money arrives as integer minor units with a currency; the number of minor
 * units per major unit follows Stripe (which differs from ISO 4217 for a few currencies), so `jpy` 8,376 is ¥8,376 and
 * `usd` 838,330 is $8,383.30. Days are UTC calendar days (`YYYY-MM-DD`), so they are formatted in UTC too: a figure "on"
 * 27 Nov is that day's end in UTC, whatever the machine's time zone.
 */

/** Stripe's zero-decimal currencies: the amount is already in major units. */
const zeroDecimal = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
/** Stripe's three-decimal currencies. */
const threeDecimal = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** The locale numbers are written in: the machine's. */
const locale: string | undefined = undefined;

/** How many digits the currency has after the decimal point, as Stripe counts minor units. */
export function currencyDigits(currency: string): number {
  const code = currency.toLowerCase();
  if (zeroDecimal.has(code)) return 0;
  if (threeDecimal.has(code)) return 3;
  return 2;
}

/** Minor units → major units (838330 usd → 8383.3). */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyDigits(currency);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(currency: string, style: 'full' | 'compact' | 'whole'): Intl.NumberFormat {
  const key = `${currency}:${style}`;
  let format = moneyFormats.get(key);
  if (!format) {
    const digits = currencyDigits(currency);
    format =
      style === 'compact'
        ? new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase(), notation: 'compact', maximumFractionDigits: 1 })
        : new Intl.NumberFormat(locale, {
            style: 'currency',
            currency: currency.toUpperCase(),
            minimumFractionDigits: style === 'whole' ? 0 : digits,
            maximumFractionDigits: style === 'whole' ? 0 : digits,
          });
    moneyFormats.set(key, format);
  }
  return format;
}

/** Exact money: every minor unit shown ($8,383.30, ¥8,376). "—" for null. */
export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '—';
  return moneyFormat(currency, 'full').format(toMajor(minor, currency));
}

/** Money for chart axes and tight spaces ($8.4K). */
export function formatMoneyCompact(minor: number, currency: string): string {
  return moneyFormat(currency, 'compact').format(toMajor(minor, currency));
}

/** A signed amount for movements: "+$1,200.00" / "−$36.00" (a true minus sign). */
export function formatSignedMoney(minor: number, currency: string): string {
  const text = formatMoney(Math.abs(minor), currency);
  if (minor > 0) return `+${text}`;
  if (minor < 0) return `−${text}`;
  return text;
}

const countFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : countFormat.format(value);
}

const percentFormats = new Map<number, Intl.NumberFormat>();
/** A fraction as a percentage (0.0435 → "4.3%"); "—" for null (the rate's denominator was 0). */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  let format = percentFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
    percentFormats.set(digits, format);
  }
  // −0.0% reads as a change that is not there.
  const text = format.format(ratio);
  return text.replace(/^-(0[.,]?0*%)$/, '$1').replace('-', '−');
}

const ratioFormat = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** A plain ratio such as the quick ratio ("9.42"). */
export function formatRatio(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : ratioFormat.format(value);
}

// ── Days ─────────────────────────────────────────────────────────────

const dayFormats = {
  long: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }),
  short: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' }),
  month: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', year: 'numeric' }),
  monthShort: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short' }),
  monthLong: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }),
};

function dateOf(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** "27 Nov 2026" (in the machine's locale's order). */
export function formatDay(iso: string): string {
  return dayFormats.long.format(dateOf(iso));
}

/** "27 Nov". */
export function formatDayShort(iso: string): string {
  return dayFormats.short.format(dateOf(iso));
}

/** "Nov 2026". */
export function formatMonth(iso: string): string {
  return dayFormats.month.format(dateOf(iso));
}

/** "November 2026". */
export function formatMonthLong(iso: string): string {
  return dayFormats.monthLong.format(dateOf(iso));
}

/** "Nov" (axis ticks, where the year is shown only when it changes). */
export function formatMonthShort(iso: string): string {
  return dayFormats.monthShort.format(dateOf(iso));
}

/** "1 Sep – 27 Nov 2026", or "1 Sep 2025 – 27 Nov 2026" across years. */
export function formatDayRange(from: string, to: string): string {
  if (from === to) return formatDay(from);
  if (from.slice(0, 4) === to.slice(0, 4)) return `${formatDayShort(from)} – ${formatDay(to)}`;
  return `${formatDay(from)} – ${formatDay(to)}`;
}

// ── UTC day arithmetic ───────────────────────────────────────────────

const dayMs = 86_400_000;

/** Today as a UTC day: the core reads days as UTC, and a day after its today as today. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return new Date(dateOf(iso).getTime() + days * dayMs).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysInRange(from: string, to: string): number {
  return Math.round((dateOf(to).getTime() - dateOf(from).getTime()) / dayMs) + 1;
}

/** The first day of the month `offset` months from the month of `iso`. */
export function monthStart(iso: string, offset = 0): string {
  const date = dateOf(iso);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

/** The last day of the month of `iso`. */
export function monthEnd(iso: string): string {
  return addDays(monthStart(iso, 1), -1);
}
