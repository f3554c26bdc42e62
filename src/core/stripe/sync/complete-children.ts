import type Stripe from 'stripe';
import { type PacedRequester } from '../pacing/paced-request';
import { type Received } from '../rows';

/**
 * Stripe embeds at most 10 items in a subscription and 10 lines in an invoice (`has_more` says when there are more);
 * the rest come from their own list endpoints. Both the backfill and the event applier complete them here.
 */

/** Every page of a list, through the pacer. */
export async function listAll<T extends { id: string }>(requester: PacedRequester, endpoint: string, fetchPage: (after: string | undefined) => Promise<Stripe.ApiList<T>>): Promise<T[]> {
  const all: T[] = [];
  for (let after: string | undefined; ; ) {
    const page = await requester.request(endpoint, () => fetchPage(after));
    all.push(...page.data);
    after = page.data[page.data.length - 1]?.id;
    if (!page.has_more || after === undefined) return all;
  }
}

/** Subscription id → all its items. */
export async function completeItems(stripe: Stripe, requester: PacedRequester, subscriptions: readonly Received<Stripe.Subscription>[]): Promise<Map<string, Received<Stripe.SubscriptionItem>[]>> {
  const items = new Map<string, Received<Stripe.SubscriptionItem>[]>();
  for (const subscription of subscriptions) {
    const complete = subscription.items.has_more
      ? await listAll(requester, 'GET /v1/subscription_items', (after) => stripe.subscriptionItems.list({ subscription: subscription.id, limit: 100, ...(after ? { starting_after: after } : {}) }))
      : [...subscription.items.data];
    items.set(subscription.id, complete);
  }
  return items;
}

/** Invoice id → all its lines. */
export async function completeLines(stripe: Stripe, requester: PacedRequester, invoices: readonly Received<Stripe.Invoice>[]): Promise<Map<string, Received<Stripe.InvoiceLineItem>[]>> {
  const lines = new Map<string, Received<Stripe.InvoiceLineItem>[]>();
  for (const invoice of invoices) {
    const invoiceId = invoice.id;
    if (!invoiceId || !invoice.lines) continue;
    const complete = invoice.lines.has_more
      ? await listAll(requester, 'GET /v1/invoices/:id/lines', (after) => stripe.invoices.listLineItems(invoiceId, { limit: 100, ...(after ? { starting_after: after } : {}) }))
      : [...invoice.lines.data];
    lines.set(invoiceId, complete);
  }
  return lines;
}
