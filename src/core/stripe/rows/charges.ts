import type Stripe from 'stripe';
import type { ChargeRow } from '../../db/tables/charges';
import { objectRowBase } from './object-row';
import { idOf, legacyReference } from './references';

/**
 * A charge. Charges lost their `invoice` field in newer API versions (an invoice now lists its payments), so `invoice`
 * is filled only from a snapshot in an older version; linking charges to invoices otherwise needs the invoice's
 * payments (`/v1/invoice_payments?invoice=…`, whose `payment.charge` / `payment.payment_intent` name the charge), which
 * this one-object mapper cannot see. The balance transaction, when expanded, gives the rate the charge settled at
 * (account-exchange-rates.ts).
 */
export function chargeRow(accountId: string, charge: Stripe.Charge, sourceTs: number): ChargeRow {
  const balance = typeof charge.balance_transaction === 'object' ? charge.balance_transaction : null;
  const stored: Stripe.Charge = { ...charge, balance_transaction: idOf(charge.balance_transaction) };
  return {
    // `raw` keeps the balance transaction's id, as events send it: a charge stores the same JSON however it arrived,
    // and what Recur needs of the expanded object goes to its own columns.
    ...objectRowBase(accountId, stored, sourceTs),
    customer: idOf(charge.customer),
    invoice: legacyReference(charge, 'invoice'),
    paymentIntent: idOf(charge.payment_intent),
    amount: charge.amount,
    amountRefunded: charge.amount_refunded,
    currency: charge.currency,
    status: charge.status,
    paid: charge.paid,
    refunded: charge.refunded,
    failureCode: charge.failure_code,
    exchangeRate: balance?.exchange_rate ?? null,
    settlementCurrency: balance?.currency ?? null,
  };
}
