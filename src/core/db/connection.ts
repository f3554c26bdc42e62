import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseError, DatabaseFromNewerVersionError, DatabaseUnreadableError, isUnreadableDatabaseCode } from './errors';
import { latestSchemaVersion, migrate, readUserVersion } from './migrate';

/**
 * How long a statement waits for another connection's lock before failing with SQLITE_BUSY. The app and the cron CLI
 * (`npm run sync:stripe`) share one file; with this they queue behind each other's short write transactions.
 */
const busyTimeoutMs = 5000;

/**
 * Opens (creating it and its folder if missing) the Recur database at `filePath` and brings its schema up to date.
 *
 * A file Recur cannot use is refused before anything is written to it, so the user keeps the file untouched for a
 * newer Recur or for inspection:
 * - written by a newer Recur → DatabaseFromNewerVersionError;
 * - not a SQLite database, or corrupt → DatabaseUnreadableError.
 * Only after those checks does it switch to WAL (which rewrites the header) and migrate.
 */
export function openDatabase(filePath: string): Database.Database {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  if (fs.existsSync(`${filePath}-wal`)) inspectBesideLeftoverWal(filePath);
  const db = openConnection(filePath, { readonly: false });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Checked again on the writable connection: another process may have migrated the file in between.
    const fileVersion = readAndProbe(db);
    if (fileVersion > latestSchemaVersion) {
      throw new DatabaseFromNewerVersionError(filePath, fileVersion, latestSchemaVersion);
    }
    // WAL lets the UI read while a sync writes; NORMAL is the durability WAL is designed for (a power cut can lose the
    // last commits, never corrupt the file) — acceptable for a cache that a sync can always refill.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // A checkpoint every 40 MB of WAL instead of SQLite's 4 MB: a full sync writes hundreds of MB, and each checkpoint
    // costs two fsyncs on the writer's thread (measured: a fifth of the commit time of a 75,000-row ingest).
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw asDatabaseError(error, filePath);
  }
}

/**
 * A -wal left beside the file (a crash, or a newer Recur that was killed) holds commits not yet in the main file. A
 * writable connection checkpoints and deletes it when it closes, even when it then refuses the file, so such a file
 * is first validated through a read-only connection, which cannot. A -shm that the probe had to create is removed
 * again: it is only an index of the -wal, and leaving it would change the folder the user keeps for inspection.
 */
function inspectBesideLeftoverWal(filePath: string): void {
  const hadShm = fs.existsSync(`${filePath}-shm`);
  const probe = openConnection(filePath, { readonly: true });
  try {
    const fileVersion = readAndProbe(probe);
    if (fileVersion > latestSchemaVersion) {
      throw new DatabaseFromNewerVersionError(filePath, fileVersion, latestSchemaVersion);
    }
  } catch (error) {
    throw asDatabaseError(error, filePath);
  } finally {
    probe.close();
    if (!hadShm) fs.rmSync(`${filePath}-shm`, { force: true });
  }
}

function openConnection(filePath: string, { readonly }: { readonly: boolean }): Database.Database {
  try {
    return new Database(filePath, { timeout: busyTimeoutMs, readonly, fileMustExist: readonly });
  } catch (error) {
    throw asDatabaseError(error, filePath);
  }
}

/**
 * Reads the schema version, the schema, and the first row of every table. SQLite opens files lazily, so garbage or
 * a truncated file only shows up as SQLITE_NOTADB / SQLITE_CORRUPT on a read; doing the reads here turns that into a
 * refusal (and the offer to rebuild) before any write. A file shorter than its 100-byte header reads as
 * user_version 0, which is why the version alone is not enough. This is a cheap probe, not `PRAGMA quick_check`
 * (which reads the whole file): damage deeper inside a table, or in an index, still surfaces on the query that
 * reaches it.
 */
function readAndProbe(db: Database.Database): number {
  const version = readUserVersion(db);
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
  for (const table of tables) {
    // NOT INDEXED: otherwise SQLite answers from the smallest index and never reads the table's own pages.
    db.prepare(`SELECT 1 FROM "${table.replaceAll('"', '""')}" NOT INDEXED LIMIT 1`).get();
  }
  return version;
}

function asDatabaseError(error: unknown, filePath: string): unknown {
  if (error instanceof DatabaseError) return error;
  if (error instanceof Database.SqliteError && isUnreadableDatabaseCode(error.code)) {
    return new DatabaseUnreadableError(filePath, { cause: error });
  }
  return error;
}
