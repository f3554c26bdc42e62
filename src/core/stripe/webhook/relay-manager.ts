import type Stripe from 'stripe';
import { type RelaySettings } from '../../../shared/contract';
import { AppError } from '../../app-error';
import { type CoreContext } from '../../core-context';
import { readSettings, writeSettings } from '../../db/repositories/settings';
import { secretNames } from '../../secrets/secret-names';
import { stripeListenCommand } from './stripe-listen-command';
import { startWebhookListener, type WebhookListener } from './webhook-listener';

export const relayPath = '/stripe/webhook';
/** The first port offered; each account gets its own (stripe listen runs once per Stripe account). */
const firstRelayPort = 4242;
/** A relay that delivered within this long counts as live, so polling can relax. */
const liveWindowMs = 15 * 60_000;

interface StoredRelay {
  enabled: boolean;
  port: number;
}

export interface RelayManager {
  get(accountId: string): Promise<RelaySettings>;
  update(accountId: string, changes: { enabled?: boolean; port?: number; secret?: string }): Promise<RelaySettings>;
  /** Starts the relays that are enabled (at launch). */
  startEnabled(accountIds: readonly string[]): Promise<void>;
  /** Whether this account's relay delivered an event recently (polling then relaxes). */
  isLive(accountId: string): boolean;
  stop(): Promise<void>;
}

/**
 * The optional webhook relay, per account: its settings (a row in settings; the signing secret in the SecretStore),
 * and its listener on 127.0.0.1, started and stopped as the settings change. Events it accepts go to `apply`.
 */
export function createRelayManager(context: CoreContext, apply: (accountId: string, event: Stripe.Event) => Promise<void>): RelayManager {
  const listeners = new Map<string, WebhookListener>();
  const problems = new Map<string, string>();
  const lastDelivery = new Map<string, number>();
  const secrets = new Map<string, string | undefined>();

  const settingKey = (accountId: string) => `relay:${accountId}`;
  const stored = (accountId: string): StoredRelay => {
    const value = readSettings(context.db)[settingKey(accountId)] as Partial<StoredRelay> | undefined;
    return { enabled: value?.enabled === true, port: typeof value?.port === 'number' ? value.port : defaultPort(accountId) };
  };
  const defaultPort = (accountId: string): number => {
    const taken = new Set(Object.entries(readSettings(context.db)).filter(([key]) => key.startsWith('relay:') && key !== settingKey(accountId)).map(([, value]) => (value as StoredRelay).port));
    let port = firstRelayPort;
    while (taken.has(port)) port++;
    return port;
  };

  const describe = async (accountId: string): Promise<RelaySettings> => {
    const relay = stored(accountId);
    const hasSecret = (await context.secrets.get(secretNames.webhookSecret(accountId))) !== undefined;
    return {
      accountId,
      enabled: relay.enabled,
      port: relay.port,
      path: relayPath,
      hasSecret,
      listening: listeners.has(accountId),
      listenCommand: stripeListenCommand(relay.port, relayPath),
      problem: problems.get(accountId) ?? null,
    };
  };

  const stopListener = async (accountId: string) => {
    const listener = listeners.get(accountId);
    listeners.delete(accountId);
    await listener?.close();
  };

  const startListener = async (accountId: string) => {
    await stopListener(accountId);
    problems.delete(accountId);
    const relay = stored(accountId);
    if (!relay.enabled) return;
    secrets.set(accountId, await context.secrets.get(secretNames.webhookSecret(accountId)));
    if (!secrets.get(accountId)) {
      problems.set(accountId, 'Paste the signing secret that `stripe listen` prints (whsec_…) to start the relay.');
      return;
    }
    try {
      const listener = await startWebhookListener({
        port: relay.port,
        path: relayPath,
        secret: () => secrets.get(accountId),
        accountId,
        db: context.db,
        logger: context.logger,
        clock: context.clock,
        onEvent: async (event) => {
          lastDelivery.set(accountId, Date.now());
          await apply(accountId, event);
        },
      });
      listeners.set(accountId, listener);
      context.logger.info('Webhook relay listening', { accountId, url: listener.url });
    } catch (error) {
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      problems.set(accountId, inUse ? `Port ${relay.port} is in use by another program. Pick another port.` : `The relay could not start: ${error instanceof Error ? error.message : String(error)}`);
      context.logger.warn('Webhook relay did not start', { accountId, port: relay.port, error });
    }
  };

  return {
    get: describe,
    async update(accountId, changes) {
      if (changes.secret !== undefined) {
        const storage = await context.secrets.describe();
        await context.secrets.set(secretNames.webhookSecret(accountId), changes.secret, { persist: storage.canStore && !storage.requiresConsentToStore });
      }
      const current = stored(accountId);
      const next: StoredRelay = { enabled: changes.enabled ?? current.enabled, port: changes.port ?? current.port };
      if (next.port !== current.port && Object.entries(readSettings(context.db)).some(([key, value]) => key.startsWith('relay:') && key !== settingKey(accountId) && (value as StoredRelay).port === next.port)) {
        throw new AppError('conflict', `Port ${next.port} is already the relay port of another account.`);
      }
      writeSettings(context.db, { [settingKey(accountId)]: next });
      await startListener(accountId);
      return describe(accountId);
    },
    async startEnabled(accountIds) {
      for (const accountId of accountIds) if (stored(accountId).enabled) await startListener(accountId);
    },
    isLive: (accountId) => listeners.has(accountId) && Date.now() - (lastDelivery.get(accountId) ?? 0) < liveWindowMs,
    async stop() {
      await Promise.all([...listeners.keys()].map(stopListener));
    },
  };
}
