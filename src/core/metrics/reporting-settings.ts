import type Database from 'better-sqlite3';
import { settingsSchema } from '../../shared/contract';
import { readSettings } from '../db/repositories/settings';

/**
 * How the overview converts its per-currency figures into one total (METRICS.md, "Money"): the reporting currency
 * (null: the account's most-used currency) and the user's own fixed rates, each read on its own so that one value a
 * later version wrote differently falls back to its default alone.
 */
export interface ReportingSettings {
  reportingCurrency: string | null;
  /** Currency → units of the reporting currency per unit of it (major units, as Stripe's `exchange_rate`). */
  exchangeRates: Readonly<Record<string, number>>;
}

export function readReportingSettings(db: Database.Database): ReportingSettings {
  const stored = readSettings(db);
  const currency = settingsSchema.shape.reportingCurrency.safeParse(stored.reportingCurrency);
  const rates = settingsSchema.shape.exchangeRates.safeParse(stored.exchangeRates);
  return { reportingCurrency: currency.success ? currency.data : null, exchangeRates: rates.success ? rates.data : {} };
}
