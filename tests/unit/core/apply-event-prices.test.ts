import path from 'node:path';
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { type PacedRequester } from '../../../src/core/stripe/pacing/paced-request';
import { createEventApplier } from '../../../src/core/stripe/sync/apply-event';
import { makeTempDir } from '../../support/temp-dir';
import { insertTestAccount } from '../../support/test-account';

const accountId = 'acc_pricetiers0001';

/** A tiered price as an event carries it: Stripe leaves `tiers` out unless a request expands them. */
const eventPrice = {
  id: 'price_seats',
  object: 'price',
  active: true,
  billing_scheme: 'tiered',
  created: 1_700_000_000,
  currency: 'usd',
  livemode: false,
  metadata: {},
  nickname: 'Seats',
  product: 'prod_seats',
  recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed', meter: null, trial_period_days: null },
  tiers_mode: 'graduated',
  transform_quantity: null,
  type: 'recurring',
  unit_amount: null,
  unit_amount_decimal: null,
};
const tiers = [
  { up_to: 10, unit_amount: 1000, unit_amount_decimal: '1000', flat_amount: null, flat_amount_decimal: null },
  { up_to: null, unit_amount: 800, unit_amount_decimal: '800', flat_amount: null, flat_amount_decimal: null },
];

describe('applying a price event', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: ReturnType<typeof openDatabase>;
  beforeEach(() => {
    temp = makeTempDir();
    db = openDatabase(path.join(temp.dir, 'recur.db'));
    insertTestAccount(db, accountId);
  });
  afterEach(() => {
    db.close();
    temp.remove();
  });

  it('reads a tiered price fresh with its tiers expanded, since the event leaves them out', async () => {
    const retrieved: unknown[] = [];
    const stripe = {
      prices: {
        retrieve: (id: string, params: unknown) => {
          retrieved.push([id, params]);
          return Promise.resolve({ ...eventPrice, tiers });
        },
      },
    } as unknown as Stripe;
    const requester: PacedRequester = { request: (_endpoint, call) => call(), stats: () => ({}) as ReturnType<PacedRequester['stats']> };
    const applier = createEventApplier({ db, stripe, requester, accountId, now: () => 1_700_000_100 });
    const event = { id: 'evt_1', object: 'event', type: 'price.updated', created: 1_700_000_050, data: { object: eventPrice } } as unknown as Stripe.Event;

    expect(await applier.apply(event, 'poll')).toBe('applied');
    expect(retrieved).toEqual([['price_seats', { expand: ['tiers'] }]]);
    const stored = db.prepare<[string], string>("SELECT tiers FROM prices WHERE account_id = ? AND id = 'price_seats'").pluck().get(accountId);
    expect(JSON.parse(stored ?? 'null')).toHaveLength(2);
  });
});
