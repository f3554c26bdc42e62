import { type KeyStorage } from '../../shared/contract';
import { type SecretStore } from '../ports';

/** Secrets held for the life of the process only: the e2e bridge and tests use it. */
export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  const storage: KeyStorage = {
    backend: 'memory',
    isEncryptedAtRest: false,
    canStore: false,
    requiresConsentToStore: false,
    explanation: 'Keys are kept in memory only and forgotten when Recur quits.',
  };
  return {
    describe: async () => storage,
    get: async (name) => secrets.get(name),
    set: async (name, value) => {
      secrets.set(name, value);
      return { persisted: false };
    },
    isPersisted: async () => false,
    delete: async (name) => {
      secrets.delete(name);
    },
  };
}
