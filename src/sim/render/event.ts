import type Stripe from 'stripe';
import type { CustomerStory, StoryEvent } from '../model/types';
import { renderCharge } from './charge';
import { renderCustomer } from './customer';
import { renderInvoice } from './invoice';
import { renderRefund } from './refund';
import { apiVersion, type RenderContext } from './render-context';
import { renderSubscription } from './subscription';
import type { Wire } from './wire';

export type RenderedEvent = Wire<Stripe.Event>;

/** The event types whose `data.object` is an `O`, per the SDK's event definitions. */
type EventTypeWith<O> = Extract<Stripe.Event, { data: { object: O } }>['type'];

const customerEventTypes = ['customer.created', 'customer.updated', 'customer.deleted'] as const satisfies readonly EventTypeWith<Stripe.Customer>[];

const subscriptionEventTypes = [
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.trial_will_end',
  'customer.subscription.pending_update_applied',
  'customer.subscription.pending_update_expired',
] as const satisfies readonly EventTypeWith<Stripe.Subscription>[];

const invoiceEventTypes = [
  'invoice.created',
  'invoice.updated',
  'invoice.deleted',
  'invoice.finalized',
  'invoice.finalization_failed',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
  'invoice.payment_action_required',
  'invoice.payment_attempt_required',
  'invoice.marked_uncollectible',
  'invoice.voided',
  'invoice.overdue',
  'invoice.overpaid',
  'invoice.sent',
  'invoice.upcoming',
  'invoice.will_be_due',
] as const satisfies readonly EventTypeWith<Stripe.Invoice>[];

const chargeEventTypes = [
  'charge.succeeded',
  'charge.failed',
  'charge.refunded',
  'charge.updated',
  'charge.captured',
  'charge.pending',
  'charge.expired',
] as const satisfies readonly EventTypeWith<Stripe.Charge>[];

const refundEventTypes = ['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated'] as const satisfies readonly EventTypeWith<Stripe.Refund>[];

function isOneOf<T extends string>(types: readonly T[], type: string): type is T {
  return types.some((candidate) => candidate === type);
}

function unexpectedType(event: StoryEvent): Error {
  return new Error(`Story event ${event.ordinal} has type ${event.type}, which does not carry a ${event.object.kind}`);
}

/**
 * `previous_attributes` as the story recorded them. Stripe's value holds only the changed keys, at any depth
 * (`{ status_transitions: { paid_at: null } }`), which the SDK's `Partial<T>` cannot express, hence the cast. A copy,
 * so a caller editing the event cannot edit the story.
 */
function previousAttributes<T>(previous: Record<string, unknown> | null): { previous_attributes?: Partial<T> } {
  return previous === null ? {} : { previous_attributes: structuredClone(previous) as Partial<T> };
}

function find<T extends { ordinal: number }>(objects: readonly T[], ordinal: number, what: string, customer: CustomerStory): T {
  const found = objects.find((object) => object.ordinal === ordinal);
  if (!found) throw new Error(`Customer ${customer.id} has no ${what} ${ordinal}`);
  return found;
}

/**
 * One event of a customer's story as `/v1/events` and webhooks carry it: `data.object` is the object rendered at the
 * version the event produced (seen at the event's time), never its current state. Events the simulator emits
 * happen without an API request of the user's (renewals, payments), so `request` has null ids.
 */
export function renderEvent(ctx: RenderContext, customer: CustomerStory, event: StoryEvent): RenderedEvent {
  const base = {
    id: ctx.ids.customerScoped('evt', customer.index, event.ordinal),
    object: 'event',
    api_version: apiVersion,
    created: event.at,
    livemode: ctx.livemode,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
  } as const;
  const ref = event.object;
  switch (ref.kind) {
    case 'customer': {
      if (!isOneOf(customerEventTypes, event.type)) throw unexpectedType(event);
      const object = renderCustomer(ctx, customer, ref.version, event.at);
      return { ...base, type: event.type, data: { object, ...previousAttributes<typeof object>(event.previous) } };
    }
    case 'subscription': {
      if (!isOneOf(subscriptionEventTypes, event.type)) throw unexpectedType(event);
      const subscription = find(customer.subscriptions, ref.ordinal, 'subscription', customer);
      const object = renderSubscription(ctx, customer, subscription, ref.version, event.at);
      return { ...base, type: event.type, data: { object, ...previousAttributes<typeof object>(event.previous) } };
    }
    case 'invoice': {
      if (!isOneOf(invoiceEventTypes, event.type)) throw unexpectedType(event);
      const object = renderInvoice(ctx, customer, find(customer.invoices, ref.ordinal, 'invoice', customer), ref.version);
      return { ...base, type: event.type, data: { object, ...previousAttributes<typeof object>(event.previous) } };
    }
    case 'charge': {
      if (!isOneOf(chargeEventTypes, event.type)) throw unexpectedType(event);
      const object = renderCharge(ctx, customer, find(customer.charges, ref.ordinal, 'charge', customer), ref.version);
      return { ...base, type: event.type, data: { object, ...previousAttributes<typeof object>(event.previous) } };
    }
    case 'refund': {
      if (!isOneOf(refundEventTypes, event.type)) throw unexpectedType(event);
      const object = renderRefund(ctx, customer, find(customer.refunds, ref.ordinal, 'refund', customer));
      return { ...base, type: event.type, data: { object, ...previousAttributes<typeof object>(event.previous) } };
    }
  }
}
