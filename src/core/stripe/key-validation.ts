import type Stripe from 'stripe';
import { type RequiredPermission, requiredPermissions } from '../../shared/stripe-permissions';
import { type StripeKeyFacts } from '../../shared/stripe-key';
import { AppError } from '../app-error';
import { type Logger } from '../ports';
import { classifyStripeError, type StripeErrorKind } from './pacing/stripe-error-kind';
import { createStripeClient, type StripeEndpoint } from './stripe-connection';
import { type BackfillResource } from './sync/sync-resources';

/**
 * One `limit: 1` list per resource the sync reads (every backfill resource, and the events the poller reads), each
 * named by the permission Stripe's restricted key editor gives it. Subscription items and invoice lines need no probe
 * of their own: Stripe files them under Subscriptions and Invoices.
 */
export const keyProbes: Record<BackfillResource | 'events', { permission: RequiredPermission; list(stripe: Stripe): Promise<unknown> }> = {
  customers: { permission: 'Customers', list: (stripe) => stripe.customers.list({ limit: 1 }) },
  products: { permission: 'Products', list: (stripe) => stripe.products.list({ limit: 1 }) },
  prices: { permission: 'Prices', list: (stripe) => stripe.prices.list({ limit: 1 }) },
  coupons: { permission: 'Coupons', list: (stripe) => stripe.coupons.list({ limit: 1 }) },
  subscriptions: { permission: 'Subscriptions', list: (stripe) => stripe.subscriptions.list({ limit: 1, status: 'all' }) },
  invoices: { permission: 'Invoices', list: (stripe) => stripe.invoices.list({ limit: 1 }) },
  charges: { permission: 'Charges', list: (stripe) => stripe.charges.list({ limit: 1 }) },
  refunds: { permission: 'Refunds', list: (stripe) => stripe.refunds.list({ limit: 1 }) },
  events: { permission: 'Events', list: (stripe) => stripe.events.list({ limit: 1 }) },
};

/** What Stripe said about a key that may read everything Recur needs. */
export interface ValidatedKey {
  mode: StripeKeyFacts['mode'];
  /** The key's account, when the key may read it (a restricted key may not: that is fine). */
  account: { id: string; name: string | null } | null;
}

export interface KeyValidationOptions {
  /** Per request. A check is a handful of tiny reads: a slow answer means Stripe is unreachable, not busy. */
  timeoutMs?: number;
  logger?: Logger;
  /** Waits before retrying a 429; tests shorten it. */
  sleep?: (ms: number) => Promise<void>;
}

const defaultTimeoutMs = 10_000;
/** A 429 is retried this many times (Stripe's limits are per second: a moment later the same read goes through). */
const rateLimitRetries = 2;
const maxRateLimitWaitMs = 2_000;

type ProbeOutcome<T> = { ok: true; value: T } | { ok: false; kind: StripeErrorKind; error: unknown };

/**
 * Checks a key against Stripe before Recur stores anything: every resource the sync reads is listed once, in parallel,
 * and the account is read for its id and name. Throws an AppError whose message says what is wrong and what to do:
 * the key was rejected (401), it may not read some resources (403, named as Stripe's key editor names them), or Stripe
 * could not be reached. Neither the message nor the log ever holds the key: at most its last four characters.
 */
export async function validateStripeKey(endpoint: StripeEndpoint, facts: StripeKeyFacts, options: KeyValidationOptions = {}): Promise<ValidatedKey> {
  const stripe = createStripeClient(endpoint, { timeoutMs: options.timeoutMs ?? defaultTimeoutMs });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const attempt = async <T>(request: () => Promise<T>): Promise<ProbeOutcome<T>> => {
    for (let retry = 0; ; retry++) {
      try {
        return { ok: true, value: await request() };
      } catch (error) {
        const kind = classifyStripeError(error);
        if (kind.kind !== 'rate-limited' || retry >= rateLimitRetries) return { ok: false, kind, error };
        await sleep(Math.min(maxRateLimitWaitMs, kind.retryAfterMs ?? 500 * (retry + 1)));
      }
    }
  };

  const probes = Object.values(keyProbes);
  const [account, ...lists] = await Promise.all([attempt(() => stripe.accounts.retrieveCurrent()), ...probes.map((probe) => attempt(() => probe.list(stripe)))]);
  const failures = lists.flatMap((outcome, index) => (outcome.ok ? [] : [{ permission: probes[index]!.permission, kind: outcome.kind, error: outcome.error }]));
  const hint = `(…${facts.last4})`;
  const logFields = { mode: facts.mode, kind: facts.kind, last4: facts.last4 };

  if (failures.length === 0) {
    const known = account.ok ? { id: account.value.id, name: accountName(account.value) } : null;
    // A restricted key may not read the account (403): the sync does without its name, so that is no reason to refuse.
    if (!account.ok) options.logger?.info('Stripe key checked; its account is not readable with it', { ...logFields, reason: account.kind.kind });
    else options.logger?.info('Stripe key checked', { ...logFields, stripeAccountId: known?.id });
    return { mode: facts.mode, account: known };
  }

  options.logger?.warn('Stripe key refused at connect', {
    ...logFields,
    failures: failures.map((failure) => ({ permission: failure.permission, kind: failure.kind.kind, error: failure.error })),
  });
  if (failures.some((failure) => failure.kind.kind === 'auth') || (!account.ok && account.kind.kind === 'auth')) {
    throw new AppError(
      'invalid_key',
      `Stripe rejected the API key ${hint}: it may be mistyped, or it was revoked or rolled. Copy the key again from the Stripe Dashboard (Developers → API keys), or create a new restricted key there, and paste it here. Nothing was saved.`,
    );
  }
  const denied = requiredPermissions.filter((permission) => failures.some((failure) => failure.permission === permission && failure.kind.kind === 'permission'));
  if (denied.length > 0) throw new AppError('invalid_key', missingPermissionsMessage(denied, facts));
  if (failures.some((failure) => failure.kind.kind === 'transient' || failure.kind.kind === 'rate-limited')) {
    throw new AppError('unavailable', `Recur could not reach Stripe to check the key ${hint}, or Stripe did not answer in time. Check your internet connection and try again; nothing was saved.`);
  }
  throw new AppError('unavailable', `Stripe gave an unexpected answer while Recur checked the key ${hint}. Nothing was saved: try again, and if it persists, the details are in the log.`);
}

/** "Invoices", "Invoices and Charges", "Invoices, Charges and Refunds". */
function listOf(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}

function missingPermissionsMessage(denied: readonly RequiredPermission[], facts: StripeKeyFacts): string {
  const them = denied.length === 1 ? 'it' : 'them';
  const fix =
    facts.kind === 'restricted'
      ? `In the Stripe Dashboard, open Developers → API keys, edit this restricted key and set ${listOf(denied)} to Read`
      : `Use a secret key with full access, or a restricted key (Developers → API keys → Create restricted key) with Read access to ${listOf(requiredPermissions)}`;
  return `The key (…${facts.last4}) may not read ${listOf(denied)}, and Recur needs ${them} to compute your metrics. ${fix}, then connect the key again. Nothing was saved.`;
}

/** The name a person knows the account by: its Dashboard display name, else its public business name. */
function accountName(account: Stripe.Account): string | null {
  for (const candidate of [account.settings?.dashboard?.display_name, account.business_profile?.name]) {
    // Stored and shown as the account's name: plain text on one line, no longer than a name the user could type.
    const name = (candidate ?? '').replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 80).trim();
    if (name && !/(sk|rk|pk)_(live|test)_|whsec_/.test(name)) return name;
  }
  return null;
}
