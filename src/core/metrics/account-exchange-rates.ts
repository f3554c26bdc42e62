import type Database from 'better-sqlite3';

/**
 * The exchange rates the account's own balance transactions show (METRICS.md, "Money": the default rates of a
 * converted total). Stripe settles a charge in another currency than it was made in at `exchange_rate`, recorded on
 * the charge's balance transaction, which the sync expands (sync-resources.ts) and keeps beside the charge. Per
 * currency, the rate of the most recent charge wins: the rate the account is converting at now.
 */
export interface AccountExchangeRates {
  /** The currency the account's balance is kept in (that of its newest conversion); null before any conversion. */
  settlementCurrency: string | null;
  /** Charge currency → units of the settlement currency per unit (major units, as Stripe's `exchange_rate`). */
  rates: ReadonlyMap<string, number>;
}

export function accountExchangeRates(db: Database.Database, accountId: string): AccountExchangeRates {
  // Only charges that were converted say anything, and the partial index holds exactly those: a charge made in the
  // settlement currency has no rate, and one that arrived by an event has no balance transaction at all. SQLite takes
  // a bare column of an aggregate query from the row that holds the max(): each pair's newest rate.
  const rows = db
    .prepare<[string], { settlementCurrency: string; currency: string; rate: number; seenAt: number }>(
      `SELECT settlement_currency AS settlementCurrency, currency, exchange_rate AS rate, max(created) AS seenAt FROM charges
       WHERE account_id = ? AND exchange_rate IS NOT NULL GROUP BY settlement_currency, currency`,
    )
    .all(accountId);
  // An account that changed its settlement currency: the one of the newest conversion is the one in force.
  const newest = rows.reduce<(typeof rows)[number] | undefined>((found, row) => (found === undefined || row.seenAt > found.seenAt ? row : found), undefined);
  const settlementCurrency = newest?.settlementCurrency ?? null;
  const rates = new Map<string, number>();
  for (const row of rows) if (row.settlementCurrency === settlementCurrency && row.currency !== settlementCurrency) rates.set(row.currency, row.rate);
  return { settlementCurrency, rates };
}
