import { type Currency } from './types';

/**
 * The simulated account settles in usd (its `default_currency`): a charge in another currency is converted when it
 * lands in the balance, at that day's rate, and its balance transaction records the rate (Stripe's `exchange_rate`:
 * units of the settlement currency per unit of the charge's, in major units). Rates drift a little month to month, as
 * real ones do, so "the most recent rate seen" differs from an older one; they are a fixed function of the month, so
 * every render of a charge agrees.
 */
export const settlementCurrency: Currency = 'usd';

/** Roughly 2025's rates into usd. */
const baseRates: Record<Currency, number> = { usd: 1, eur: 1.08, gbp: 1.27, jpy: 0.0067 };

const secondsPerMonth = 2_629_746;

/** The rate a charge in `currency` made at `at` (unix seconds) settles at; null for the settlement currency itself. */
export function settlementRate(currency: Currency, at: number): number | null {
  if (currency === settlementCurrency) return null;
  const month = Math.floor(at / secondsPerMonth);
  // ±3% around the base, a different point each month; six significant digits, as Stripe reports them.
  return Number((baseRates[currency] * (1 + 0.03 * Math.sin(month * 0.7))).toPrecision(6));
}
