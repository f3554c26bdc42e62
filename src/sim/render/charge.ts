import type Stripe from 'stripe';
import { hashKey } from '../model/random';
import { balanceTransactionId } from './balance-transaction';
import type { ChargeStory, ChargeVersion, CustomerStory } from '../model/types';
import { versionAt, type RenderContext } from './render-context';
import type { Wire } from './wire';

export function paymentIntentId(ctx: RenderContext, customer: CustomerStory, chargeOrdinal: number): string {
  return ctx.ids.customerScoped('pi', customer.index, chargeOrdinal);
}

export function chargeVersion(charge: ChargeStory, versionIndex: number): ChargeVersion {
  const version = charge.versions[versionIndex];
  if (!version) throw new Error(`Charge ${charge.id} has no version ${versionIndex}`);
  return version;
}

/** The charge as it stood at `at` (refunds so far), or undefined before it was created. */
export function chargeAt(ctx: RenderContext, customer: CustomerStory, charge: ChargeStory, at: number): Wire<Stripe.Charge> | undefined {
  const index = versionAt(charge.versions, at);
  return index === undefined ? undefined : renderCharge(ctx, customer, charge, index);
}

/** Stripe's descriptions for the charges of subscription invoices. */
const descriptions: Record<string, string> = {
  subscription_create: 'Subscription creation',
  subscription_cycle: 'Subscription update',
  subscription_update: 'Subscription update',
};

/**
 * The charge at one of its versions. `refunded` means fully refunded, as in Stripe. The card is made up but stable
 * per customer. A succeeded charge names its balance transaction (balance-transaction.ts, reached by `expand[]`); a
 * failed one has none. Charges have no `invoice` field in this API version (invoices point at payments instead).
 */
export function renderCharge(ctx: RenderContext, customer: CustomerStory, charge: ChargeStory, versionIndex: number): Wire<Stripe.Charge> {
  const version = chargeVersion(charge, versionIndex);
  const isSucceeded = charge.status === 'succeeded';
  const invoice = charge.invoiceOrdinal === null ? undefined : customer.invoices.find((candidate) => candidate.ordinal === charge.invoiceOrdinal);
  return {
    id: charge.id,
    object: 'charge',
    amount: charge.amount,
    amount_captured: isSucceeded ? charge.amount : 0,
    amount_refunded: version.amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: isSucceeded ? balanceTransactionId(charge.id) : null,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: statementDescriptor(ctx.catalog.accountName),
    captured: isSucceeded,
    created: charge.created,
    currency: charge.currency,
    customer: customer.id,
    description: invoice ? (descriptions[invoice.billingReason] ?? null) : null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: charge.failureCode,
    failure_message: charge.failureMessage,
    fraud_details: {},
    livemode: ctx.livemode,
    metadata: {},
    on_behalf_of: null,
    outcome: isSucceeded ? approvedOutcome : declinedOutcome(charge.failureCode),
    paid: isSucceeded,
    payment_intent: paymentIntentId(ctx, customer, charge.ordinal),
    payment_method: null,
    payment_method_details: { type: 'card', card: cardOf(customer, charge, isSucceeded) },
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: charge.amount > 0 && version.amountRefunded >= charge.amount,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: charge.status,
    transfer_data: null,
    transfer_group: null,
  };
}

/** Card statements show at most 22 characters, upper-cased by Stripe. */
function statementDescriptor(accountName: string): string {
  return accountName.toUpperCase().slice(0, 22);
}

const approvedOutcome: Wire<Stripe.Charge.Outcome> = {
  advice_code: null,
  network_advice_code: null,
  network_decline_code: null,
  network_status: 'approved_by_network',
  reason: null,
  risk_level: 'normal',
  seller_message: 'Payment complete.',
  type: 'authorized',
};

/** A bank decline. A plain `card_declined` carries Stripe's `generic_decline` reason; specific codes are their own. */
function declinedOutcome(failureCode: string | null): Wire<Stripe.Charge.Outcome> {
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'declined_by_network',
    reason: failureCode === null || failureCode === 'card_declined' ? 'generic_decline' : failureCode,
    risk_level: 'normal',
    seller_message: 'The bank did not return any further details with this decline.',
    type: 'issuer_declined',
  };
}

const brands = ['visa', 'visa', 'visa', 'mastercard', 'mastercard', 'amex'] as const;

function cardOf(customer: CustomerStory, charge: ChargeStory, isSucceeded: boolean): Wire<Stripe.Charge.PaymentMethodDetails.Card> {
  const key = hashKey('card', customer.id);
  const brand = brands[key % brands.length] ?? 'visa';
  return {
    amount_authorized: isSucceeded ? charge.amount : null,
    authorization_code: null,
    brand,
    checks: { address_line1_check: null, address_postal_code_check: 'pass', cvc_check: 'pass' },
    country: 'US',
    electronic_commerce_indicator: null,
    exp_month: (key % 12) + 1,
    exp_year: new Date(customer.created * 1000).getUTCFullYear() + 4,
    funding: 'credit',
    installments: null,
    last4: String(key % 10_000).padStart(4, '0'),
    mandate: null,
    network: brand,
    network_transaction_id: null,
    regulated_status: 'unregulated',
    three_d_secure: null,
    transaction_link_id: null,
    wallet: null,
  };
}
