import { describe, expect, it } from 'vitest';
import { upsertStripeObjects } from '../../../src/core/db/repositories/stripe-objects';
import { chargesTable } from '../../../src/core/db/tables';
import { accountExchangeRates } from '../../../src/core/metrics/account-exchange-rates';
import { convertedTotal, reportingRates } from '../../../src/core/metrics/currency-conversion';
import { addStripeAccount, useTempDatabases } from '../db/temp-database';
import { charge, utc } from '../reports/mirror-fixtures';

describe('the exchange rates an account’s balance transactions show', () => {
  const temp = useTempDatabases();

  it('takes, per currency, the rate of the newest charge that settled in the account’s settlement currency', () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');
    addStripeAccount(db, 'acc_2');
    upsertStripeObjects(db, chargesTable, [
      charge({ id: 'ch_eur_old', currency: 'eur', exchangeRate: 1.05, settlementCurrency: 'usd', created: utc('2025-01-05T00:00:00Z') }),
      charge({ id: 'ch_eur_new', currency: 'eur', exchangeRate: 1.0912, settlementCurrency: 'usd', created: utc('2025-03-05T00:00:00Z') }),
      charge({ id: 'ch_jpy', currency: 'jpy', exchangeRate: 0.0067, settlementCurrency: 'usd', created: utc('2025-02-05T00:00:00Z') }),
      // Settled without conversion: tells the settlement currency, gives no rate.
      charge({ id: 'ch_usd', currency: 'usd', exchangeRate: null, settlementCurrency: 'usd', created: utc('2025-03-06T00:00:00Z') }),
      // Arrived from an event (balance transaction not expanded): no rate known.
      charge({ id: 'ch_gbp', currency: 'gbp', created: utc('2025-03-07T00:00:00Z') }),
      charge({ id: 'ch_other', accountId: 'acc_2', currency: 'eur', exchangeRate: 2, settlementCurrency: 'usd', created: utc('2025-03-08T00:00:00Z') }),
    ]);
    const rates = accountExchangeRates(db, 'acc_1');
    expect(rates.settlementCurrency).toBe('usd');
    expect(Object.fromEntries(rates.rates)).toEqual({ eur: 1.0912, jpy: 0.0067 });
    expect(accountExchangeRates(db, 'acc_3')).toEqual({ settlementCurrency: null, rates: new Map() });
  });

  it('keeps a rate a sync saw when the same charge comes back from an event without it', () => {
    const db = temp.open();
    addStripeAccount(db, 'acc_1');
    upsertStripeObjects(db, chargesTable, [charge({ id: 'ch_eur', currency: 'eur', exchangeRate: 1.08, settlementCurrency: 'usd', amountRefunded: 0 })]);
    upsertStripeObjects(db, chargesTable, [charge({ id: 'ch_eur', currency: 'eur', amountRefunded: 500, sourceTs: utc('2025-06-01T00:00:00Z') })]);
    expect(db.prepare('SELECT amount_refunded, exchange_rate, settlement_currency FROM charges WHERE id = ?').get('ch_eur')).toEqual({ amount_refunded: 500, exchange_rate: 1.08, settlement_currency: 'usd' });
  });
});

describe('reporting rates and converted totals', () => {
  const account = { settlementCurrency: 'usd', rates: new Map([['eur', 1.2], ['jpy', 0.0067]]) };

  it('uses the user’s rate where set, the account’s otherwise, and says which are missing', () => {
    expect(Object.fromEntries(reportingRates(['eur', 'gbp', 'jpy', 'usd'], 'usd', { gbp: 1.25 }, account))).toEqual({
      eur: { rate: 1.2, source: 'account' },
      gbp: { rate: 1.25, source: 'user' },
      jpy: { rate: 0.0067, source: 'account' },
    });
    expect(Object.fromEntries(reportingRates(['eur', 'gbp'], 'usd', {}, account))).toEqual({ eur: { rate: 1.2, source: 'account' }, gbp: { rate: null, source: 'missing' } });
  });

  it('goes through the settlement currency when reporting in another one', () => {
    const rates = reportingRates(['eur', 'jpy', 'usd'], 'eur', {}, account);
    expect(rates.get('usd')).toEqual({ rate: 1 / 1.2, source: 'account' });
    expect(rates.get('jpy')?.rate).toBeCloseTo(0.0067 / 1.2, 12);
    // Nothing to go through before the account has settled anything.
    expect(reportingRates(['usd'], 'eur', {}, { settlementCurrency: null, rates: new Map() }).get('usd')).toEqual({ rate: null, source: 'missing' });
  });

  it('sums at full precision, scales zero-decimal currencies, leaves out missing ones, and rounds once', () => {
    const rates = reportingRates(['eur', 'gbp', 'jpy', 'usd'], 'usd', {}, account);
    // 1000.4¢ + €10.004 × 1.2 (1200.48¢) + ¥1000 × 0.0067 ($6.70 = 670¢) = 2870.88¢; gbp has no rate.
    expect(convertedTotal(new Map([['usd', 1000.4], ['eur', 1000.4], ['jpy', 1000], ['gbp', 99_999]]), 'usd', rates)).toBe(2871);
    // Rounded once: three thirds of a cent would be 0 each, 1 together.
    expect(convertedTotal(new Map([['usd', 1 / 3], ['eur', 1 / 3 / 1.2], ['jpy', 1 / 3 / 0.67]]), 'usd', rates)).toBe(1);
    // Into a zero-decimal currency: $12.34 at 150 jpy per usd is ¥1851.
    expect(convertedTotal(new Map([['usd', 1234]]), 'jpy', new Map([['usd', { rate: 150, source: 'user' as const }]]))).toBe(1851);
  });
});
