import type Stripe from 'stripe';
import type { CustomerStory, RefundStory } from '../model/types';
import { paymentIntentId } from './charge';
import type { RenderContext } from './render-context';
import type { Wire } from './wire';

/** The refund at `at`, or undefined before it was created. Refunds never change once made. */
export function refundAt(ctx: RenderContext, customer: CustomerStory, refund: RefundStory, at: number): Wire<Stripe.Refund> | undefined {
  return refund.created <= at ? renderRefund(ctx, customer, refund) : undefined;
}

/** A card refund: succeeded at once, pointing at its charge and the charge's payment intent. */
export function renderRefund(ctx: RenderContext, customer: CustomerStory, refund: RefundStory): Wire<Stripe.Refund> {
  return {
    id: refund.id,
    object: 'refund',
    amount: refund.amount,
    balance_transaction: null,
    charge: ctx.ids.customerScoped('ch', customer.index, refund.chargeOrdinal),
    created: refund.created,
    currency: refund.currency,
    customer: customer.id,
    customer_account: null,
    metadata: {},
    payment_intent: paymentIntentId(ctx, customer, refund.chargeOrdinal),
    payment_method: null,
    reason: refund.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}
