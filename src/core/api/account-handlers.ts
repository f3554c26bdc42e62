import crypto from 'node:crypto';
import { type AccountSummary, type KeySummary } from '../../shared/contract';
import { checkStripeKey } from '../../shared/stripe-key';
import { AppError } from '../app-error';
import { type CoreContext } from '../core-context';
import {
  type AccountRow,
  deleteAccount,
  findAccount,
  findAccountByStripeAccount,
  findDemoAccount,
  insertAccount,
  listAccounts,
  renameAccount,
  setAccountKey,
} from '../db/repositories/accounts';
import { secretNames } from '../secrets/secret-names';
import { validateStripeKey } from '../stripe/key-validation';
import { type DomainHandlers } from './handler-table';
import { type CoreServices } from './core-services';

type AccountChannel =
  | 'accounts:list'
  | 'accounts:key-storage'
  | 'accounts:connect'
  | 'accounts:connect-demo'
  | 'accounts:rename'
  | 'accounts:disconnect';

export function accountHandlers(context: CoreContext, services: CoreServices): DomainHandlers<AccountChannel> {
  const { db, secrets, logger, notifier, clock } = context;

  const summarize = async (row: AccountRow): Promise<AccountSummary> => ({
    id: row.id,
    displayName: row.displayName,
    source: row.source,
    stripeAccountId: row.stripeAccountId,
    key: await keySummary(row),
    createdAt: row.createdAt,
  });

  const keySummary = async (row: AccountRow): Promise<KeySummary | null> => {
    if (row.keyMode === null || row.keyKind === null || row.keyLast4 === null) return null;
    const name = secretNames.stripeKey(row.id);
    const persistence = (await secrets.isPersisted(name)) ? 'stored' : (await secrets.get(name)) ? 'session' : 'missing';
    return { mode: row.keyMode, kind: row.keyKind, last4: row.keyLast4, persistence };
  };

  const requireAccount = (accountId: string): AccountRow => {
    const row = findAccount(db, accountId);
    if (!row) throw new AppError('not_found', 'That account is no longer connected. Reload the list of accounts.');
    return row;
  };

  const changed = (): void => notifier.emit('data:changed', { scopes: ['accounts'] });

  /** A new account starts syncing at once; the UI follows it through sync events. Its outcome is in the sync log. */
  const startFirstSync = (accountId: string): void => {
    if (!context.syncOnConnect) return;
    void services.sync.syncNow({ accountId, trigger: 'manual' }).catch((error: unknown) => logger.error('First sync did not start', { accountId, error }));
  };

  /** The demo account is served by the simulator; starting it is what opening the demo means. */
  const startDemoStripe = async (): Promise<void> => {
    if (!context.demoStripe) throw new AppError('unavailable', 'The demo account is only available in the Recur app, not from the command line.');
    try {
      await context.demoStripe.endpoint();
    } catch (error) {
      logger.error('The demo account’s simulator did not start', { error });
      throw new AppError('unavailable', 'The demo account could not start on this computer. Try again, or connect your own Stripe account instead.');
    }
  };

  return {
    'accounts:list': () => Promise.all(listAccounts(db).map(summarize)),

    'accounts:key-storage': () => secrets.describe(),

    'accounts:connect': async ({ apiKey, displayName, rememberKey }) => {
      const check = checkStripeKey(apiKey);
      if (!check.ok) throw new AppError('invalid_key', check.reason);
      const { facts } = check;
      // Nothing is stored until Stripe has accepted the key and it may read everything the sync reads.
      const validated = await validateStripeKey({ apiKey: apiKey.trim(), apiBase: await context.stripeApiBase() }, facts, { logger });
      const storage = await secrets.describe();
      const persist = storage.canStore && (storage.requiresConsentToStore ? rememberKey === true : true);
      // A key for a Stripe account already connected in this mode (a rolled key, a new restricted key) replaces that
      // account's key: a second copy of the same data would count every customer twice across accounts.
      const existing = validated.account ? findAccountByStripeAccount(db, validated.account.id, facts.mode) : undefined;
      if (existing) {
        await secrets.set(secretNames.stripeKey(existing.id), apiKey.trim(), { persist });
        setAccountKey(db, existing.id, { keyKind: facts.kind, keyLast4: facts.last4 });
        if (displayName) renameAccount(db, existing.id, displayName);
        logger.info('Account key replaced', { accountId: existing.id, stripeAccountId: existing.stripeAccountId, mode: facts.mode, kind: facts.kind, last4: facts.last4, persist });
        changed();
        return summarize(requireAccount(existing.id));
      }
      const row: AccountRow = {
        id: newAccountId(),
        displayName: displayName ?? validated.account?.name ?? `Stripe ${facts.mode} account …${facts.last4}`,
        source: 'stripe',
        stripeAccountId: validated.account?.id ?? null,
        keyMode: facts.mode,
        keyKind: facts.kind,
        keyLast4: facts.last4,
        createdAt: clock.now().toISOString(),
      };
      // The key is stored before the row exists, so a listed account always has its key (or says it is missing).
      await secrets.set(secretNames.stripeKey(row.id), apiKey.trim(), { persist });
      insertAccount(db, row);
      logger.info('Account connected', { accountId: row.id, stripeAccountId: row.stripeAccountId, mode: facts.mode, kind: facts.kind, last4: facts.last4, persist });
      changed();
      startFirstSync(row.id);
      return summarize(row);
    },

    'accounts:connect-demo': async () => {
      await startDemoStripe();
      const existing = findDemoAccount(db);
      if (existing) return summarize(existing);
      const row: AccountRow = {
        id: newAccountId(),
        displayName: 'Demo account',
        source: 'demo',
        stripeAccountId: null,
        keyMode: null,
        keyKind: null,
        keyLast4: null,
        createdAt: clock.now().toISOString(),
      };
      insertAccount(db, row);
      logger.info('Demo account added', { accountId: row.id });
      changed();
      startFirstSync(row.id);
      return summarize(row);
    },

    'accounts:rename': async ({ accountId, displayName }) => {
      requireAccount(accountId);
      renameAccount(db, accountId, displayName);
      changed();
      return summarize(requireAccount(accountId));
    },

    'accounts:disconnect': async ({ accountId }) => {
      requireAccount(accountId);
      deleteAccount(db, accountId);
      await secrets.delete(secretNames.stripeKey(accountId));
      await secrets.delete(secretNames.webhookSecret(accountId));
      logger.info('Account disconnected', { accountId });
      changed();
      return { accountId };
    },
  };
}

function newAccountId(): string {
  return `acc_${crypto.randomUUID().replaceAll('-', '')}`;
}
