import type Stripe from 'stripe';
import type { RefundRow } from '../../db/tables/refunds';
import { objectRowBase } from './object-row';
import { idOf } from './references';

/** A refund. Refunds carry no `livemode`, so that column stays null. */
export function refundRow(accountId: string, refund: Stripe.Refund, sourceTs: number): RefundRow {
  return {
    ...objectRowBase(accountId, refund, sourceTs),
    charge: idOf(refund.charge),
    paymentIntent: idOf(refund.payment_intent),
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status,
    reason: refund.reason,
  };
}
