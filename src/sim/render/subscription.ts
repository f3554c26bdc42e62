import type Stripe from 'stripe';
import type { CustomerStory, SubscriptionItemState, SubscriptionStory, SubscriptionVersion } from '../model/types';
import { activeDiscountIds } from './discount-ids';
import { versionAt, type RenderContext } from './render-context';
import { renderSubscriptionItem } from './subscription-item';
import { embeddedList, type Wire } from './wire';

export function subscriptionVersion(subscription: SubscriptionStory, versionIndex: number): SubscriptionVersion {
  const version = subscription.versions[versionIndex];
  if (!version) throw new Error(`Subscription ${subscription.id} has no version ${versionIndex}`);
  return version;
}

/** The subscription as it stood at `at`, or undefined before it was created. */
export function subscriptionAt(ctx: RenderContext, customer: CustomerStory, subscription: SubscriptionStory, at: number): Wire<Stripe.Subscription> | undefined {
  const version = versionAt(subscription.versions, at);
  return version === undefined ? undefined : renderSubscription(ctx, customer, subscription, version, at);
}

/** Every item of a version, in slot order: what `/v1/subscription_items?subscription=…` pages through. */
export function renderSubscriptionItems(
  ctx: RenderContext,
  customer: CustomerStory,
  subscription: SubscriptionStory,
  versionIndex: number,
  at: number,
): Wire<Stripe.SubscriptionItem>[] {
  const version = subscriptionVersion(subscription, versionIndex);
  return version.items.map((item) => renderSubscriptionItem(ctx, customer, subscription, version, item, at));
}

/**
 * The subscription at one of its versions, seen at `at` (≥ the version's time; discounts that ended by then are gone,
 * embedded prices show their state then). `items` is embedded as Stripe does: the first 10, `has_more` and the URL
 * for the rest. Defaults are those of a card-paying SaaS account on this API version: charge automatically, flexible
 * billing mode (the default for new subscriptions since 2025-09-30.clover), no tax, no schedule.
 */
export function renderSubscription(
  ctx: RenderContext,
  customer: CustomerStory,
  subscription: SubscriptionStory,
  versionIndex: number,
  at: number,
): Wire<Stripe.Subscription> {
  const version = subscriptionVersion(subscription, versionIndex);
  const renderItem = (item: SubscriptionItemState) => renderSubscriptionItem(ctx, customer, subscription, version, item, at);
  return {
    id: subscription.id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: subscription.billingCycleAnchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: subscription.created },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: version.cancelAt,
    cancel_at_period_end: version.cancelAtPeriodEnd,
    canceled_at: version.canceledAt,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: cancellationReason(subscription, versionIndex) },
    collection_method: 'charge_automatically',
    created: subscription.created,
    currency: subscription.currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: activeDiscountIds(ctx, customer, subscription, version.discounts, null, at),
    ended_at: version.endedAt,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: embeddedList(version.items, renderItem, `/v1/subscription_items?subscription=${subscription.id}`),
    latest_invoice: version.latestInvoiceOrdinal === null ? null : ctx.ids.customerScoped('in', customer.index, version.latestInvoiceOrdinal),
    livemode: ctx.livemode,
    managed_payments: null,
    metadata: {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: subscription.startDate,
    status: version.status,
    test_clock: null,
    transfer_data: null,
    trial_end: subscription.trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' } },
    trial_start: subscription.trialStart,
  };
}

function isCancellationRequested(version: SubscriptionVersion): boolean {
  return version.cancelAtPeriodEnd || version.cancelAt !== null || version.canceledAt !== null || version.status === 'canceled';
}

const dunningStatuses: ReadonlySet<string> = new Set(['past_due', 'unpaid']);

/**
 * Why the subscription is (being) cancelled. The model does not record it, so it is read from the history: a
 * subscription that went straight from dunning to canceled was ended by failed payments (Stripe's retry settings);
 * any other cancellation was asked for. Null while no cancellation is pending.
 */
function cancellationReason(subscription: SubscriptionStory, versionIndex: number): 'payment_failed' | 'cancellation_requested' | null {
  let first = versionIndex;
  while (first >= 0 && isCancellationRequested(subscriptionVersion(subscription, first))) first--;
  first++;
  if (first > versionIndex) return null;
  const before = subscription.versions[first - 1];
  const cancellation = subscriptionVersion(subscription, first);
  return cancellation.status === 'canceled' && before !== undefined && dunningStatuses.has(before.status) ? 'payment_failed' : 'cancellation_requested';
}
