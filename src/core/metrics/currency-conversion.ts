import { type AccountExchangeRates } from './account-exchange-rates';
import { minorUnitDigits, toMinorUnits } from './money';

/**
 * A converted total (METRICS.md, "Money"): each currency's figure, computed exactly in its own currency, times one
 * fixed rate per currency for the whole report, summed at full precision and rounded once. A fixed rate means a change
 * in exchange rates never shows up as a movement; conversion only ever combines figures, it never makes new ones.
 */

/** Where a rate comes from: the account's balance transactions, the user's settings, or nowhere (left out). */
export type RateSource = 'account' | 'user' | 'missing';

export interface ReportingRate {
  /** Units of the reporting currency per unit of this one (major units); null when missing. */
  rate: number | null;
  source: RateSource;
}

/**
 * The rate of each of `currencies` (the reporting currency itself aside) into `reporting`: the user's rate when they
 * set one, else the account's. The account's rates all lead into its settlement currency S, so a reporting currency
 * other than S goes through it: rate(c → R) = rate(c → S) ÷ rate(R → S).
 */
export function reportingRates(currencies: readonly string[], reporting: string, userRates: Readonly<Record<string, number>>, account: AccountExchangeRates): Map<string, ReportingRate> {
  const toSettlement = (currency: string): number | undefined => (currency === account.settlementCurrency ? 1 : account.rates.get(currency));
  const rates = new Map<string, ReportingRate>();
  for (const currency of currencies) {
    if (currency === reporting) continue;
    const user = userRates[currency];
    if (user !== undefined) {
      rates.set(currency, { rate: user, source: 'user' });
      continue;
    }
    const from = toSettlement(currency);
    const into = toSettlement(reporting);
    rates.set(currency, from !== undefined && into !== undefined ? { rate: from / into, source: 'account' } : { rate: null, source: 'missing' });
  }
  return rates;
}

/**
 * Σ amount × rate over the currencies that have a rate, in whole minor units of `reporting`, rounded once. Amounts
 * are fractional minor units of their own currency; a rate is between major units, so each amount is scaled by the
 * two currencies' minor-unit digits (1000 jpy at 0.0067 usd/jpy is 6.70 usd, 670 cents).
 */
export function convertedTotal(amounts: ReadonlyMap<string, number>, reporting: string, rates: ReadonlyMap<string, ReportingRate>): number {
  let total = 0;
  for (const [currency, amount] of amounts) {
    const rate = currency === reporting ? 1 : rates.get(currency)?.rate;
    if (rate === null || rate === undefined) continue;
    total += amount * rate * 10 ** (minorUnitDigits(reporting) - minorUnitDigits(currency));
  }
  return toMinorUnits(total);
}
