import type { Migration } from '../migrate';

/*
 * Conventions of this schema (later migrations follow them):
 * - STRICT tables: a string never lands in an INTEGER column by accident.
 * - Money is INTEGER minor units beside a currency column; booleans are INTEGER 0/1; times from Stripe are INTEGER
 *   unix seconds; times Recur writes are ISO 8601 TEXT; JSON is TEXT.
 * - CHECK constraints on Recur's own enums and on Stripe's *closed* enums only. Stripe may add values to an open enum
 *   (subscription, invoice, charge and refund statuses, billing_reason, line type, failure_code) without a new API
 *   version (https://docs.stripe.com/api/enums); a CHECK there would fail a whole sync batch on the day it happens.
 * - Stripe object tables have no foreign keys to each other: the full sync writes object types in parallel slices in
 *   any order, and Stripe keeps invoices and subscriptions of deleted customers. Only `accounts` is a parent, so
 *   deleting an account cascades everywhere.
 * - Objects Stripe can delete (products, prices, coupons, customers, draft invoices) keep a `deleted` flag, and their
 *   typed columns are nullable: a deleted object can arrive as a stub `{ id, object, deleted: true }`, and keeping a
 *   tombstone row (rather than removing it) stops an older event that arrives late from resurrecting the object.
 */

/** Columns every Stripe object table starts with; `source_ts` is what stale protection compares. */
const stripeObjectColumns = `
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  raw TEXT NOT NULL,
  source_ts INTEGER NOT NULL,
  livemode INTEGER CHECK (livemode IN (0, 1)),
  created INTEGER`;

const sql = `
CREATE TABLE accounts (
  id TEXT NOT NULL PRIMARY KEY,
  display_name TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('stripe', 'demo')),
  stripe_account_id TEXT,
  key_mode TEXT CHECK (key_mode IN ('live', 'test')),
  key_kind TEXT CHECK (key_kind IN ('secret', 'restricted')),
  key_last4 TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX accounts_one_demo ON accounts (source) WHERE source = 'demo';

CREATE TABLE settings (
  key TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE products (${stripeObjectColumns},
  name TEXT,
  active INTEGER CHECK (active IN (0, 1)),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  PRIMARY KEY (account_id, id)
) STRICT;

CREATE TABLE prices (${stripeObjectColumns},
  product TEXT,
  currency TEXT,
  unit_amount INTEGER,
  unit_amount_decimal TEXT,
  billing_scheme TEXT CHECK (billing_scheme IN ('per_unit', 'tiered')),
  type TEXT CHECK (type IN ('one_time', 'recurring')),
  recurring_interval TEXT CHECK (recurring_interval IN ('day', 'week', 'month', 'year')),
  recurring_interval_count INTEGER CHECK (recurring_interval_count > 0),
  recurring_usage_type TEXT CHECK (recurring_usage_type IN ('licensed', 'metered')),
  tiers_mode TEXT CHECK (tiers_mode IN ('graduated', 'volume')),
  tiers TEXT,
  transform_quantity_divide_by INTEGER CHECK (transform_quantity_divide_by > 0),
  transform_quantity_round TEXT CHECK (transform_quantity_round IN ('up', 'down')),
  active INTEGER CHECK (active IN (0, 1)),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX prices_by_product ON prices (account_id, product);

CREATE TABLE coupons (${stripeObjectColumns},
  name TEXT,
  percent_off REAL CHECK (percent_off >= 0 AND percent_off <= 100),
  amount_off INTEGER CHECK (amount_off >= 0),
  currency TEXT,
  duration TEXT CHECK (duration IN ('forever', 'once', 'repeating')),
  duration_in_months INTEGER CHECK (duration_in_months > 0),
  valid INTEGER CHECK (valid IN (0, 1)),
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  PRIMARY KEY (account_id, id)
) STRICT;

CREATE TABLE customers (${stripeObjectColumns},
  email TEXT,
  name TEXT,
  currency TEXT,
  metadata TEXT,
  discounts TEXT NOT NULL DEFAULT '[]',
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX customers_by_email ON customers (account_id, email);

CREATE TABLE subscriptions (${stripeObjectColumns},
  customer TEXT NOT NULL,
  status TEXT NOT NULL,
  currency TEXT NOT NULL,
  start_date INTEGER,
  trial_start INTEGER,
  trial_end INTEGER,
  cancel_at_period_end INTEGER NOT NULL DEFAULT 0 CHECK (cancel_at_period_end IN (0, 1)),
  cancel_at INTEGER,
  canceled_at INTEGER,
  ended_at INTEGER,
  current_period_start INTEGER,
  current_period_end INTEGER,
  discounts TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX subscriptions_by_customer ON subscriptions (account_id, customer);
CREATE INDEX subscriptions_by_status ON subscriptions (account_id, status);

CREATE TABLE subscription_items (${stripeObjectColumns},
  subscription_id TEXT NOT NULL,
  price_id TEXT NOT NULL,
  quantity INTEGER,
  current_period_start INTEGER,
  current_period_end INTEGER,
  discounts TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX subscription_items_by_subscription ON subscription_items (account_id, subscription_id);
CREATE INDEX subscription_items_by_price ON subscription_items (account_id, price_id);

CREATE TABLE invoices (${stripeObjectColumns},
  customer TEXT,
  subscription TEXT,
  status TEXT,
  currency TEXT,
  total INTEGER,
  subtotal INTEGER,
  amount_paid INTEGER,
  amount_due INTEGER,
  billing_reason TEXT,
  period_start INTEGER,
  period_end INTEGER,
  status_transitions_paid_at INTEGER,
  discounts TEXT NOT NULL DEFAULT '[]',
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX invoices_by_subscription ON invoices (account_id, subscription);
CREATE INDEX invoices_by_customer ON invoices (account_id, customer);

-- Line ids are unique il_… ids in the API versions Recur pins (older versions reused si_/sub_ ids across invoices).
CREATE TABLE invoice_lines (${stripeObjectColumns},
  invoice_id TEXT NOT NULL,
  subscription TEXT,
  subscription_item TEXT,
  price_id TEXT,
  quantity INTEGER,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  period_start INTEGER,
  period_end INTEGER,
  proration INTEGER NOT NULL DEFAULT 0 CHECK (proration IN (0, 1)),
  type TEXT,
  discounts TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX invoice_lines_by_invoice ON invoice_lines (account_id, invoice_id);
CREATE INDEX invoice_lines_by_subscription ON invoice_lines (account_id, subscription);

CREATE TABLE charges (${stripeObjectColumns},
  customer TEXT,
  invoice TEXT,
  payment_intent TEXT,
  amount INTEGER NOT NULL,
  amount_refunded INTEGER NOT NULL DEFAULT 0,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  paid INTEGER NOT NULL CHECK (paid IN (0, 1)),
  refunded INTEGER NOT NULL CHECK (refunded IN (0, 1)),
  failure_code TEXT,
  PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX charges_by_customer ON charges (account_id, customer);
CREATE INDEX charges_by_created ON charges (account_id, created);

CREATE TABLE refunds (${stripeObjectColumns},
  charge TEXT,
  payment_intent TEXT,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT,
  reason TEXT,
  PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX refunds_by_charge ON refunds (account_id, charge);
CREATE INDEX refunds_by_created ON refunds (account_id, created);

-- MRR history: the subscription as it stood from valid_from until the next snapshot. No foreign key to
-- subscriptions: history must outlive a rewrite of the mirror (a full resync).
CREATE TABLE subscription_snapshots (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  subscription_id TEXT NOT NULL,
  valid_from INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('sync', 'event', 'webhook', 'reconstructed')),
  raw TEXT NOT NULL,
  mrr_inputs TEXT,
  PRIMARY KEY (account_id, subscription_id, valid_from)
) STRICT;

CREATE TABLE events_cursor (
  account_id TEXT NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  last_event_id TEXT,
  last_event_created INTEGER,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE sync_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  "trigger" TEXT NOT NULL CHECK ("trigger" IN ('launch', 'manual', 'schedule', 'cli', 'gap')),
  kind TEXT NOT NULL CHECK (kind IN ('full', 'incremental')),
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'interrupted')),
  counts TEXT,
  requests INTEGER NOT NULL DEFAULT 0,
  rate_limit_waits INTEGER NOT NULL DEFAULT 0,
  error TEXT
) STRICT;
CREATE INDEX sync_logs_by_account ON sync_logs (account_id, started_at);

-- Resumable full sync: one row per (resource, created-time slice), saved after every page.
CREATE TABLE backfill_slices (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  resource TEXT NOT NULL,
  range_start INTEGER NOT NULL,
  range_end INTEGER NOT NULL CHECK (range_end >= range_start),
  cursor TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done')),
  fetched INTEGER NOT NULL DEFAULT 0,
  run_id INTEGER REFERENCES sync_logs (id) ON DELETE SET NULL,
  PRIMARY KEY (account_id, resource, range_start)
) STRICT;

-- The event-id ledger for polled and webhook events alike: it is what makes applying an event idempotent.
CREATE TABLE stripe_webhook_events (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('poll', 'webhook')),
  status TEXT NOT NULL CHECK (status IN ('processing', 'processed', 'failed', 'ignored')),
  received_at TEXT NOT NULL,
  processed_at TEXT,
  error TEXT,
  event_created INTEGER,
  attempts INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
  PRIMARY KEY (account_id, event_id)
) STRICT;
CREATE INDEX stripe_webhook_events_by_received ON stripe_webhook_events (account_id, received_at);
CREATE INDEX stripe_webhook_events_by_status ON stripe_webhook_events (account_id, status);
`;

export const initialSchema = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(sql);
  },
} satisfies Migration;
