import type Database from 'better-sqlite3';
import type Stripe from 'stripe';
import { type Received } from '../../src/core/stripe/rows';
import { discountExpansions } from '../../src/core/stripe/sync/discount-expansion';
import { writePage } from '../../src/core/stripe/sync/page-writer';
import { type GeneratedAccount } from '../../src/sim/account/generated-account';
import { type TruthResource, visitObjectsAt } from '../../src/sim/account/ground-truth';
import { applyExpansions, planExpansions } from '../../src/sim/server/expand';

/**
 * Fills a database with a simulated account as a full sync would leave it — every object as of `at`, subscriptions and
 * invoices with the sync's discount expansions, items and lines complete, a snapshot per subscription — without the
 * HTTP round trips, so benchmarks of what comes after a sync (metrics) can use accounts far larger than a sync
 * benchmark could fetch in its time budget. Returns the rows written and the seconds it took.
 */
export function seedFromTruth(db: Database.Database, accountId: string, account: GeneratedAccount, at: number): { rows: number; seconds: number } {
  const started = performance.now();
  const plans = {
    subscriptions: planOrThrow('subscription', discountExpansions.subscriptionRetrieve),
    invoices: planOrThrow('invoice', discountExpansions.invoiceRetrieve),
  };
  let objects: { id: string; object: string }[] = [];
  let items = new Map<string, Received<Stripe.SubscriptionItem>[]>();
  let lines = new Map<string, Received<Stripe.InvoiceLineItem>[]>();
  let rows = 0;
  const flush = () => {
    rows += writePage(db, accountId, { objects, items, lines, sourceTs: at }, undefined).written;
    objects = [];
    items = new Map();
    lines = new Map();
  };
  const take: Partial<Record<TruthResource, true>> = { products: true, prices: true, coupons: true, customers: true, subscriptions: true, invoices: true, charges: true, refunds: true };
  visitObjectsAt(account, at, (resource, object) => {
    if (!take[resource]) return;
    let stored = object as { id: string; object: string };
    if (resource === 'subscriptions') {
      stored = applyExpansions(account.view, object, plans.subscriptions) as typeof stored;
      items.set(stored.id, (stored as unknown as Stripe.Subscription).items.data);
    } else if (resource === 'invoices') {
      stored = applyExpansions(account.view, object, plans.invoices) as typeof stored;
      lines.set(stored.id, (stored as unknown as Stripe.Invoice).lines.data);
    }
    objects.push(stored);
    if (objects.length >= 500) flush();
  });
  flush();
  return { rows, seconds: (performance.now() - started) / 1000 };
}

function planOrThrow(type: string, paths: readonly string[]) {
  const plan = planExpansions(type, paths, false);
  if ('error' in plan) throw new Error(plan.error.message);
  return plan;
}
