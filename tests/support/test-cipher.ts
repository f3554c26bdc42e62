import crypto from 'node:crypto';
import { type KeyStorage } from '../../src/shared/contract';
import { type SecretCipher } from '../../src/core/secrets/encrypted-file-secret-store';

/**
 * A real AES-256-GCM cipher standing in for the OS keychain, so the file store is tested with genuine encryption.
 * `storage` says which OS backend it pretends to be.
 */
export function createTestCipher(storage: KeyStorage, key = crypto.randomBytes(32)): SecretCipher {
  return {
    storage: async () => storage,
    async encrypt(plainText) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(encrypted) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

export const keychainStorage: KeyStorage = {
  backend: 'os-keychain',
  isEncryptedAtRest: true,
  canStore: true,
  requiresConsentToStore: false,
  explanation: 'Keys are encrypted by the system keychain.',
};

export const basicTextStorage: KeyStorage = {
  backend: 'basic-text',
  isEncryptedAtRest: false,
  canStore: true,
  requiresConsentToStore: true,
  explanation: 'This computer has no keyring.',
};
