import fs from 'node:fs';

/**
 * Renames an unusable database and its -wal and -shm companions to `<file>.unreadable-<timestamp>(-wal|-shm)`, so a
 * fresh database can take its place while nothing is deleted. Keeping the companions' suffixes keeps SQLite's
 * pairing, so the set can still be opened, or sent to support, exactly as it was. Answers the new path.
 */
export function setDatabaseAside(databasePath: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${databasePath}.unreadable-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(databasePath + suffix)) fs.renameSync(databasePath + suffix, target + suffix);
  }
  return target;
}
