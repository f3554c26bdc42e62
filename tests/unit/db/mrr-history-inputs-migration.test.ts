import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/core/db/migrate';
import { allMigrations } from '../../../src/core/db/migrations';
import { subscriptionMrrInputsJson } from '../../../src/core/stripe/rows/subscription-mrr-inputs';
import { addStripeAccount, useTempDatabases } from './temp-database';

const subscription = {
  id: 'sub_1',
  object: 'subscription',
  customer: 'cus_1',
  currency: 'usd',
  status: 'active',
  metadata: { plan: 'team' },
  items: { object: 'list', data: [{ id: 'si_1', quantity: 3, price: { id: 'price_1', currency: 'usd', type: 'recurring', unit_amount: 1000, recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' } } }], has_more: false },
  discounts: [],
};

describe('migration 5: MRR history inputs', () => {
  const temp = useTempDatabases();

  it('fills the MRR inputs of the snapshots recorded before it, and leaves a snapshot whose raw is not JSON to be read as raw', () => {
    const db = temp.track(new Database(temp.file('recur.db')));
    migrate(db, allMigrations.slice(0, 4));
    addStripeAccount(db, 'acc_1');
    const insert = db.prepare("INSERT INTO subscription_snapshots (account_id, subscription_id, valid_from, source, raw) VALUES ('acc_1', ?, ?, 'sync', ?)");
    insert.run('sub_1', 100, JSON.stringify(subscription));
    insert.run('sub_2', 100, '{not json');

    expect(migrate(db, allMigrations.slice(0, 5))).toEqual({ from: 4, to: 5 });

    const inputs = db.prepare<[], { subscription_id: string; mrr_inputs: string | null }>('SELECT subscription_id, mrr_inputs FROM subscription_snapshots ORDER BY subscription_id').all();
    expect(inputs).toEqual([
      { subscription_id: 'sub_1', mrr_inputs: subscriptionMrrInputsJson(subscription) },
      { subscription_id: 'sub_2', mrr_inputs: null },
    ]);
    expect(JSON.parse(inputs[0]?.mrr_inputs ?? '{}')).not.toHaveProperty('metadata');
  });
});
