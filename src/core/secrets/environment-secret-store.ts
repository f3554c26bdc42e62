import { type KeyStorage } from '../../shared/contract';
import { type SecretStore } from '../ports';

/**
 * The command line's secret store: cron jobs and scripts pass the key in `STRIPE_API_KEY` and the webhook signing
 * secret in `STRIPE_WEBHOOK_SECRET`, so nothing is written to disk. Every account's key name resolves to the one key
 * in the environment, because a CLI run targets one account. Values set at run time stay in memory.
 */
export function createEnvironmentSecretStore(env: NodeJS.ProcessEnv = process.env): SecretStore {
  const overrides = new Map<string, string>();
  const storage: KeyStorage = {
    backend: 'environment',
    isEncryptedAtRest: false,
    canStore: false,
    requiresConsentToStore: false,
    explanation: 'Keys come from the STRIPE_API_KEY and STRIPE_WEBHOOK_SECRET environment variables.',
  };
  const fromEnvironment = (name: string): string | undefined => {
    if (name.startsWith('stripe-key:')) return nonEmpty(env.STRIPE_API_KEY);
    if (name.startsWith('webhook-secret:')) return nonEmpty(env.STRIPE_WEBHOOK_SECRET);
    return undefined;
  };
  return {
    describe: async () => storage,
    get: async (name) => overrides.get(name) ?? fromEnvironment(name),
    set: async (name, value) => {
      overrides.set(name, value);
      return { persisted: false };
    },
    isPersisted: async () => false,
    delete: async (name) => {
      overrides.delete(name);
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
