import type Stripe from 'stripe';
import { type PacedRequester } from '../pacing/paced-request';
import { type Received } from '../rows';
import { discountExpansions } from './discount-expansion';

/**
 * Stripe embeds at most 10 items in a subscription and 10 lines in an invoice (`has_more` says when there are more);
 * the rest come from their own list endpoints. Both the backfill and the event applier complete them here. The
 * truncated parents of a page are completed at once, not one after another: the pacer spaces the requests, and the
 * child endpoint — often the busiest of a sync, with its own per-endpoint rate — is kept fed instead of waiting on one
 * round trip at a time.
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
  const completed = await allSettled(
    subscriptions.map(async (subscription) => {
      // Embedded items' discounts cannot be expanded down to their coupon; the items list can (discount-expansion.ts).
      const refetch = subscription.items.has_more || subscription.items.data.some((item) => item.discounts.length > 0);
      const complete = refetch
        ? await listAll(requester, 'GET /v1/subscription_items', (after) =>
            stripe.subscriptionItems.list({ subscription: subscription.id, limit: 100, expand: [...discountExpansions.subscriptionItemList], ...(after ? { starting_after: after } : {}) }),
          )
        : [...subscription.items.data];
      return [subscription.id, complete] as const;
    }),
  );
  return new Map(completed);
}

/** Invoice id → all its lines. */
export async function completeLines(stripe: Stripe, requester: PacedRequester, invoices: readonly Received<Stripe.Invoice>[]): Promise<Map<string, Received<Stripe.InvoiceLineItem>[]>> {
  const completed = await allSettled(
    invoices.map(async (invoice) => {
      const invoiceId = invoice.id;
      if (!invoiceId || !invoice.lines) return undefined;
      const complete = invoice.lines.has_more
        ? await listAll(requester, 'GET /v1/invoices/:id/lines', (after) => stripe.invoices.listLineItems(invoiceId, { limit: 100, expand: [...discountExpansions.invoiceLineList], ...(after ? { starting_after: after } : {}) }))
        : [...invoice.lines.data];
      return [invoiceId, complete] as const;
    }),
  );
  return new Map(completed.filter((entry) => entry !== undefined));
}

/**
 * Like Promise.all, but waits for every request to settle before failing with the first error: a page's child requests
 * never outlive the sync that made them.
 */
async function allSettled<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}
