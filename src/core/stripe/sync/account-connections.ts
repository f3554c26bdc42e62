import { AppError } from '../../app-error';
import { findAccount } from '../../db/repositories/accounts';
import { type CoreContext } from '../../core-context';
import { secretNames } from '../../secrets/secret-names';
import { type AccountConnection } from './sync-runner';

/** The demo simulator has no rate limits; this keeps a demo sync quick without flooding the local server. */
const demoRatePerSecond = 400;

/** Where each account's Stripe is: the demo account's simulator, or Stripe (or `stripeApiBase`) with the stored key. */
export function accountConnector(context: CoreContext): (accountId: string) => Promise<AccountConnection> {
  return async (accountId) => {
    const account = findAccount(context.db, accountId);
    if (!account) throw new AppError('not_found', 'That account is no longer connected.');
    if (account.source === 'demo') {
      if (!context.demoStripe) throw new AppError('unavailable', 'The demo account is only available in the Recur app.');
      const endpoint = await context.demoStripe.endpoint();
      return { ...endpoint, mode: 'test', ratePerSecond: demoRatePerSecond, keyHint: '(demo)' };
    }
    const apiKey = await context.secrets.get(secretNames.stripeKey(accountId));
    if (!apiKey) {
      throw new AppError('invalid_key', `The Stripe key of ${account.displayName} is not on this computer any more (it was kept for one session only). Connect the account again in Settings.`);
    }
    return { apiKey, apiBase: await context.stripeApiBase(), mode: account.keyMode ?? 'live', keyHint: `(…${account.keyLast4 ?? '????'})` };
  };
}
