import type { Migration } from '../migrate';

/*
 * A converted total uses one rate per currency, by default the one the account's own balance transactions show
 * (METRICS.md, "Money"). The sync expands each charge's balance transaction and keeps its `exchange_rate` and the
 * currency it settled in beside the charge; the partial index serves "the newest rate per currency" without touching
 * the rows of charges made in the settlement currency, which have no rate.
 *
 * Trial conversion reads the subscriptions whose trial ended in a month: by trial end, most of an account's
 * subscriptions never had a trial or had it long ago.
 */
const sql = `
ALTER TABLE charges ADD COLUMN exchange_rate REAL;
ALTER TABLE charges ADD COLUMN settlement_currency TEXT;
CREATE INDEX charges_exchange_rates ON charges (account_id, settlement_currency, currency, created, exchange_rate) WHERE exchange_rate IS NOT NULL;
CREATE INDEX subscriptions_by_trial_end ON subscriptions (account_id, trial_end) WHERE trial_end IS NOT NULL;
`;

export const chargeExchangeRates = {
  version: 4,
  name: 'charge exchange rates',
  up(db) {
    db.exec(sql);
  },
} satisfies Migration;
