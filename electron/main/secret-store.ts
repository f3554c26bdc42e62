import path from 'node:path';
import { safeStorage } from 'electron';
import { type KeyStorage } from '../../src/shared/contract';
import { AppError } from '../../src/core/app-error';
import { type SecretStore } from '../../src/core/ports';
import { createEncryptedFileSecretStore, type SecretCipher } from '../../src/core/secrets/encrypted-file-secret-store';

export const secretsFileName = 'secrets.json';

const keychainExplanations: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'Your key is encrypted with a key kept in the macOS Keychain.',
  win32: 'Your key is encrypted with Windows DPAPI, so only your Windows account can read it.',
  linux: 'Your key is encrypted with a key kept in the system keyring (GNOME Keyring or KWallet).',
};

const noKeyring: KeyStorage = {
  backend: 'basic-text',
  isEncryptedAtRest: false,
  canStore: true,
  requiresConsentToStore: true,
  explanation:
    'This computer has no keyring (no GNOME Keyring, KWallet or other Secret Service is running). Recur keeps your ' +
    'key in memory until you quit, unless you choose to store it unencrypted.',
};

const noEncryption: KeyStorage = {
  backend: 'basic-text',
  isEncryptedAtRest: false,
  canStore: false,
  requiresConsentToStore: true,
  explanation:
    'This computer offers Recur no way to encrypt your key, so Recur keeps it in memory until you quit and asks ' +
    'for it again next time.',
};

/**
 * The operating system's encryption through Electron's safeStorage: Keychain on macOS, DPAPI on Windows, libsecret or
 * KWallet on Linux. On a Linux desktop with no keyring, safeStorage falls back to a fixed, publicly known key
 * ("basic_text"); that is obfuscation, not encryption, so Recur says so and stores a key only with the user's consent.
 * The async API is used because the sync one is deprecated in Electron 45 and blocks the main process on Keychain.
 */
export function createSafeStorageCipher(platform: NodeJS.Platform = process.platform): SecretCipher {
  return {
    async storage() {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) return noEncryption;
      if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return noKeyring;
      return {
        backend: 'os-keychain',
        isEncryptedAtRest: true,
        canStore: true,
        requiresConsentToStore: false,
        explanation: keychainExplanations[platform] ?? 'Your key is encrypted by the operating system.',
      };
    },
    async encrypt(plainText) {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) {
        // An AppError reaches the renderer as 'unavailable' with this message, instead of an unexplained failure.
        throw new AppError(
          'unavailable',
          'This computer offers no way to encrypt your key, so Recur will not write it to disk. It stays in memory until you quit.',
        );
      }
      return safeStorage.encryptStringAsync(plainText);
    },
    async decrypt(encrypted) {
      // `shouldReEncrypt` flags a rotated OS key; the plain text is still right, and the next save re-encrypts it.
      const { result } = await safeStorage.decryptStringAsync(encrypted);
      return result;
    },
  };
}

/** Stripe keys for the app: encrypted with the OS's help into secrets.json beside the database. Call after `ready`. */
export function createElectronSecretStore(dataDir: string): SecretStore {
  return createEncryptedFileSecretStore(path.join(dataDir, secretsFileName), createSafeStorageCipher());
}
