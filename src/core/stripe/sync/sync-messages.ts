import Database from 'better-sqlite3';
import Stripe from 'stripe';
import { AppError } from '../../app-error';
import { isUnreadableDatabaseCode } from '../../db/errors';
import { classifyStripeError } from '../pacing/stripe-error-kind';

/**
 * What a failed or partial sync tells the person using Recur: what happened and what to do, in the UI and in the
 * log. Never the key itself: at most its last four characters.
 */
export function syncFailureMessage(error: unknown, keyHint: string): string {
  // Problems Recur already explained (a key missing from this computer, say) keep their own words.
  if (error instanceof AppError) return error.message;
  // The database refusing a write is not "an internal problem": the person can act on it (tests/reliability/database).
  if (error instanceof Database.SqliteError && error.code === 'SQLITE_FULL') {
    return 'Recur could not save what it fetched: the disk holding its data is full. Free some space; the next sync resumes where this one stopped, and nothing stored was lost.';
  }
  if (error instanceof Database.SqliteError && isUnreadableDatabaseCode(error.code)) {
    return `Recur's local cache is damaged (${error.message}), so the sync stopped. It can be rebuilt from Stripe by a full sync into a fresh file; nothing in Stripe is affected.`;
  }
  if (!(error instanceof Stripe.errors.StripeError)) {
    return `Recur hit an internal problem while saving what it fetched${error instanceof Error ? ` (${error.message})` : ''}. Nothing stored was lost; the details are in the log.`;
  }
  const kind = classifyStripeError(error);
  switch (kind.kind) {
    case 'auth':
      return `Stripe rejected the API key ${keyHint}. It may have been revoked or rolled: create a new restricted key in Stripe and connect it again in Settings. Your data already synced is kept.`;
    case 'permission':
      return `The key ${keyHint} is missing a permission Recur needs${kind.resource ? ` (${kind.resource})` : ''}. Give the key Read access to it in Stripe.`;
    case 'transient':
    case 'rate-limited':
      return 'Recur could not reach Stripe, or Stripe kept failing, even after retrying. Check your connection; the next sync resumes where this one stopped, and nothing stored was lost.';
    default:
      return `The sync stopped on an unexpected answer from Stripe${error instanceof Error ? ` (${error.message})` : ''}. Nothing stored was lost; try again, and if it persists, the details are in the log.`;
  }
}

/** For a sync that finished but could not read some resources with a restricted key. */
export function deniedResourcesMessage(resources: readonly string[], keyHint: string): string {
  return `The key ${keyHint} may not read ${resources.join(', ')}, so those were skipped and the rest synced. Give the key Read access to ${resources.length === 1 ? 'it' : 'them'} in Stripe to see the full picture.`;
}
