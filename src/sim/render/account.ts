import type Stripe from 'stripe';
import type { Catalog } from '../model/types';
import type { RenderContext } from './render-context';
import type { Wire } from './wire';

/**
 * The catalog is "created once at the start of the account", so the account's own creation is taken as its oldest
 * catalog object (the model has no separate account creation time).
 */
function accountCreated(catalog: Catalog): number | undefined {
  const times = [...catalog.products, ...catalog.prices, ...catalog.coupons].map((object) => object.created);
  return times.length === 0 ? undefined : Math.min(...times);
}

/** `acme-analytics` for "Acme Analytics": used for the account's contact address. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'account';
}

/**
 * `/v1/account` for a standard US account that sells in usd by card and is fully onboarded. The dashboard timezone
 * is UTC: the model has no account timezone.
 */
export function renderAccount(ctx: RenderContext): Wire<Stripe.Account> {
  const { catalog } = ctx;
  const created = accountCreated(catalog);
  const email = `billing@${slug(catalog.accountName)}.example`;
  const account: Wire<Stripe.Account> = {
    id: catalog.accountId,
    object: 'account',
    business_profile: {
      mcc: '5734',
      minority_owned_business_designation: null,
      name: catalog.accountName,
      specified_commercial_transactions_act_url: null,
      support_address: null,
      support_email: email,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: 'company',
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    controller: { type: 'account' },
    country: 'US',
    default_currency: 'usd',
    details_submitted: true,
    email,
    metadata: {},
    payouts_enabled: true,
    settings: {
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_payments: { statement_descriptor_prefix: null, statement_descriptor_prefix_kana: null, statement_descriptor_prefix_kanji: null },
      dashboard: { display_name: catalog.accountName, timezone: 'Etc/UTC' },
      payments: {
        statement_descriptor: catalog.accountName.toUpperCase().slice(0, 22),
        statement_descriptor_kana: null,
        statement_descriptor_kanji: null,
        statement_descriptor_prefix_kana: null,
        statement_descriptor_prefix_kanji: null,
      },
    },
    type: 'standard',
  };
  if (created !== undefined) {
    account.created = created;
    account.tos_acceptance = { date: created };
  }
  return account;
}
