/**
 * Why a database file could not be opened. The codes are stable: the API layer maps them to a message and an offer
 * (update Recur, or rebuild the cache with a full sync) without parsing messages.
 */
export type DatabaseErrorCode = 'database_from_newer_version' | 'database_unreadable';

export abstract class DatabaseError extends Error {
  abstract readonly code: DatabaseErrorCode;
  readonly filePath: string;

  protected constructor(message: string, filePath: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.filePath = filePath;
  }
}

/**
 * The file's schema version is newer than any this build knows. Opening it anyway could misread or damage tables a
 * later migration changed, so Recur refuses before writing a single byte (not even the WAL pragma).
 */
export class DatabaseFromNewerVersionError extends DatabaseError {
  readonly code = 'database_from_newer_version';
  readonly fileVersion: number;
  readonly supportedVersion: number;

  constructor(filePath: string, fileVersion: number, supportedVersion: number) {
    super(
      `The database at ${filePath} was written by a newer version of Recur (schema version ${fileVersion}; ` +
        `this version of Recur understands up to schema version ${supportedVersion}). ` +
        'Update Recur to open it. Recur did not modify the file.',
      filePath,
    );
    this.fileVersion = fileVersion;
    this.supportedVersion = supportedVersion;
  }
}

/**
 * The file is not a SQLite database, or it is corrupt (SQLITE_NOTADB / SQLITE_CORRUPT). The database is only a cache
 * of Stripe, so the way out is a full sync into a fresh file; the damaged file is left as it was.
 */
export class DatabaseUnreadableError extends DatabaseError {
  readonly code = 'database_unreadable';

  constructor(filePath: string, options?: ErrorOptions) {
    super(
      `Recur's local cache at ${filePath} is unreadable: it is not a SQLite database or it is corrupt. ` +
        'It can be rebuilt from Stripe by a full sync; nothing in Stripe is affected. Recur did not modify the file.',
      filePath,
      options,
    );
  }
}

/** SQLite result codes that mean "these bytes are not a usable database", including extended SQLITE_CORRUPT_* codes. */
export function isUnreadableDatabaseCode(code: string): boolean {
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_');
}
