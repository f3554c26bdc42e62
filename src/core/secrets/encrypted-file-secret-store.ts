import fs from 'node:fs';
import path from 'node:path';
import { type KeyStorage } from '../../shared/contract';
import { type SecretStore } from '../ports';

/** The operating system's encryption, as Electron's safeStorage offers it (or a test cipher). */
export interface SecretCipher {
  storage(): Promise<KeyStorage>;
  encrypt(plainText: string): Promise<Buffer>;
  decrypt(encrypted: Buffer): Promise<string>;
}

interface SecretsFile {
  version: 1;
  /** Secret name → base64 of the cipher's output. */
  secrets: Record<string, string>;
}

/**
 * Secrets encrypted by the OS and kept in one JSON file (mode 0600) beside the database; secrets the user chose not
 * to store live in memory until the app quits. A secret that no longer decrypts (the OS keychain was reset, the file
 * was copied from another machine) reads as missing, so the UI asks for the key again instead of failing.
 */
export function createEncryptedFileSecretStore(filePath: string, cipher: SecretCipher): SecretStore {
  const session = new Map<string, string>();

  const readFile = (): SecretsFile => {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(filePath, 'utf8'));
      if (isSecretsFile(parsed)) return parsed;
    } catch {
      // Missing or unreadable: treated as empty. Keys are re-entered; nothing else depends on this file.
    }
    return { version: 1, secrets: {} };
  };

  const writeFile = (contents: SecretsFile): void => {
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    const temporary = `${filePath}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(contents), { mode: 0o600 });
    // Rename is atomic: a crash leaves either the old file or the new one, never half of each.
    fs.renameSync(temporary, filePath);
  };

  const removeStored = (name: string): void => {
    const contents = readFile();
    if (!(name in contents.secrets)) return;
    delete contents.secrets[name];
    writeFile(contents);
  };

  return {
    describe: () => cipher.storage(),
    async get(name) {
      const inSession = session.get(name);
      if (inSession !== undefined) return inSession;
      const stored = readFile().secrets[name];
      if (stored === undefined) return undefined;
      try {
        return await cipher.decrypt(Buffer.from(stored, 'base64'));
      } catch {
        return undefined;
      }
    },
    async set(name, value, { persist }) {
      if (!persist) {
        session.set(name, value);
        removeStored(name);
        return { persisted: false };
      }
      const encrypted = await cipher.encrypt(value);
      const contents = readFile();
      contents.secrets[name] = encrypted.toString('base64');
      writeFile(contents);
      session.delete(name);
      return { persisted: true };
    },
    async isPersisted(name) {
      return !session.has(name) && name in readFile().secrets;
    },
    async delete(name) {
      session.delete(name);
      removeStored(name);
    },
  };
}

function isSecretsFile(value: unknown): value is SecretsFile {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SecretsFile>;
  return (
    candidate.version === 1 &&
    typeof candidate.secrets === 'object' &&
    candidate.secrets !== null &&
    Object.values(candidate.secrets).every((entry) => typeof entry === 'string')
  );
}
