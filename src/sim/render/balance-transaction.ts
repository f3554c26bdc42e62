import type Stripe from 'stripe';
import { settlementCurrency, settlementRate } from '../model/exchange-rates';
import { type Currency, zeroDecimalCurrencies } from '../model/types';
import type { Wire } from './wire';

/**
 * A succeeded charge's balance transaction: the charge as it landed in the account's usd balance, with Stripe's
 * card fee (2.9% + 30¢). Only `expand[]=balance_transaction` on a charge reaches it (the simulator has no
 * `/v1/balance_transactions`): it is rendered from the charge being expanded, whose id its own carries.
 */
export function balanceTransactionId(chargeId: string): string {
  return `txn_${chargeId.slice('ch_'.length)}`;
}

/** Two days after the charge, as for a US account on Stripe's standard payout schedule. */
const availableAfter = 2 * 86_400;

export function renderBalanceTransaction(charge: Wire<Stripe.Charge>, now: number): Wire<Stripe.BalanceTransaction> {
  const currency = charge.currency as Currency;
  const rate = settlementRate(currency, charge.created);
  const majorUnits = charge.amount / (zeroDecimalCurrencies.has(currency) ? 1 : 100);
  const amount = rate === null ? charge.amount : Math.round(majorUnits * rate * 100);
  const fee = Math.round(amount * 0.029) + 30;
  const availableOn = charge.created + availableAfter;
  return {
    id: balanceTransactionId(charge.id),
    object: 'balance_transaction',
    amount,
    available_on: availableOn,
    balance_type: 'payments',
    created: charge.created,
    currency: settlementCurrency,
    description: charge.description,
    exchange_rate: rate,
    fee,
    fee_details: [{ amount: fee, application: null, currency: settlementCurrency, description: 'Stripe processing fees', type: 'stripe_fee' }],
    net: amount - fee,
    reporting_category: 'charge',
    source: charge.id,
    status: availableOn <= now ? 'available' : 'pending',
    type: 'charge',
  };
}
