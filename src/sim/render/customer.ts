import type Stripe from 'stripe';
import type { CustomerStory } from '../model/types';
import { invoicePrefix, invoiceStateAt } from './invoice';
import { versionAt, type RenderContext } from './render-context';
import type { Wire } from './wire';

/**
 * The customer as it stood at `at` (after `deletedAt`: Stripe's `{ id, object, deleted: true }` stub), or undefined
 * before it was created.
 */
export function customerAt(ctx: RenderContext, customer: CustomerStory, at: number): Wire<Stripe.Customer> | Stripe.DeletedCustomer | undefined {
  if (customer.deletedAt !== null && customer.deletedAt <= at) return { id: customer.id, object: 'customer', deleted: true };
  const version = versionAt(customer.versions, at);
  return version === undefined ? undefined : renderCustomer(ctx, customer, version, at);
}

/**
 * The full customer at one of its versions, seen at `at` (for the fields that follow its invoices). Always the full
 * object, also for `customer.deleted`: that event carries the customer as it was before deletion, not the stub
 * (Stripe, stripe/stripe-dotnet#1870; the SDK types `CustomerDeletedEvent.data.object` as `Customer`).
 */
export function renderCustomer(ctx: RenderContext, customer: CustomerStory, versionIndex: number, at: number): Wire<Stripe.Customer> {
  const version = customer.versions[versionIndex];
  if (!version) throw new Error(`Customer ${customer.id} has no version ${versionIndex}`);
  return {
    id: customer.id,
    object: 'customer',
    address: null,
    balance: 0,
    created: customer.created,
    currency: hasBilled(customer, at) ? customer.currency : null,
    customer_account: null,
    default_source: null,
    delinquent: isDelinquent(customer, at),
    description: null,
    discount: null,
    email: version.email,
    invoice_prefix: invoicePrefix(customer),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: ctx.livemode,
    metadata: { ...customer.metadata },
    name: version.name,
    next_invoice_sequence: nextInvoiceSequence(customer, at),
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

/** Stripe sets a customer's currency with its first subscription or invoice; until then it is null. */
function hasBilled(customer: CustomerStory, at: number): boolean {
  return customer.subscriptions.some((subscription) => subscription.created <= at) || customer.invoices.some((invoice) => invoice.created <= at);
}

/**
 * Stripe: "tracks the most recent state change on any invoice": a failed automatic payment sets it, paying or marking
 * uncollectible clears it. So: the invoice that changed last before `at` is open after a payment attempt.
 */
function isDelinquent(customer: CustomerStory, at: number): boolean {
  let latest: { at: number; delinquent: boolean } | undefined;
  for (const invoice of customer.invoices) {
    const state = invoiceStateAt(invoice, at);
    if (state && (!latest || state.at >= latest.at)) latest = { at: state.at, delinquent: state.status === 'open' && state.attemptCount > 0 };
  }
  return latest?.delinquent ?? false;
}

/** Invoice numbers are `<prefix>-<ordinal + 1>`, given at finalization; the next one follows the newest finalized. */
function nextInvoiceSequence(customer: CustomerStory, at: number): number {
  let next = 1;
  for (const invoice of customer.invoices) {
    const state = invoiceStateAt(invoice, at);
    if (state && state.status !== 'draft') next = Math.max(next, invoice.ordinal + 2);
  }
  return next;
}
