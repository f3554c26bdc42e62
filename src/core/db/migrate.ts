import type Database from 'better-sqlite3';
import { DatabaseFromNewerVersionError } from './errors';
import { allMigrations, assertContiguousVersions } from './migrations';

export { latestSchemaVersion } from './migrations';

/** One schema version. `up` runs inside the migration transaction: it must not open its own or change pragmas. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

export interface MigrationResult {
  /** `PRAGMA user_version` before; 0 for a new file. */
  from: number;
  to: number;
}

/**
 * Brings the file to the newest schema version in `migrations`: every pending migration and the new
 * `PRAGMA user_version` in ONE transaction, so a crash or a failing step leaves the file exactly as it was.
 * `migrations` is a parameter only so tests can inject a failing step.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = allMigrations): MigrationResult {
  assertContiguousVersions(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = readUserVersion(db);
  if (current > latest) throw new DatabaseFromNewerVersionError(db.name, current, latest);
  if (current === latest) return { from: current, to: current };

  // A migration that rebuilds a table (SQLite's 12-step ALTER) drops the old one; with foreign keys on, that drop
  // would cascade-delete every child row. The pragma is a no-op inside a transaction, so it is switched off around
  // it, and `foreign_key_check` inside the transaction vetoes a migration that leaves dangling references.
  const foreignKeysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
  if (foreignKeysWereOn) db.pragma('foreign_keys = OFF');
  try {
    const run = db.transaction((): MigrationResult => {
      // Read again under the write lock: the app and the cron CLI may open the same file at the same moment, and
      // the loser of the race must see the winner's version instead of re-running its migrations.
      const from = readUserVersion(db);
      if (from > latest) throw new DatabaseFromNewerVersionError(db.name, from, latest);
      for (const migration of migrations) {
        if (migration.version > from) migration.up(db);
      }
      const violations = db.pragma('foreign_key_check');
      if (Array.isArray(violations) && violations.length > 0) {
        throw new Error(`Schema migration to version ${latest} left ${violations.length} broken foreign key(s).`);
      }
      // `latest` is an integer checked by assertContiguousVersions; pragmas take no bound parameters.
      db.pragma(`user_version = ${latest}`);
      return { from, to: latest };
    });
    // IMMEDIATE takes the write lock before the version is re-read, so two processes cannot both migrate.
    return run.immediate();
  } finally {
    if (foreignKeysWereOn) db.pragma('foreign_keys = ON');
  }
}

export function readUserVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error(`PRAGMA user_version returned ${String(version)}.`);
  return version;
}
