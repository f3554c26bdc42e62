import type Database from 'better-sqlite3';

/**
 * Every stored setting, JSON-parsed. A value that does not parse (a hand-edited file, say) is left out, so the
 * caller's defaults apply to it instead of the whole settings screen failing.
 */
export function readSettings(db: Database.Database): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const rows = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings').all();
  for (const { key, value } of rows) {
    try {
      settings[key] = JSON.parse(value);
    } catch {
      continue;
    }
  }
  return settings;
}

/**
 * Stores each entry as JSON, all or none (one transaction). Keys not named are left as they are; an entry whose
 * value is `undefined` removes the key, since JSON has no way to store it.
 */
export function writeSettings(db: Database.Database, entries: Record<string, unknown>): void {
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare<[string]>('DELETE FROM settings WHERE key = ?');
  const writeAll = db.transaction(() => {
    for (const [key, value] of Object.entries(entries)) {
      const json: string | undefined = JSON.stringify(value);
      if (json === undefined) remove.run(key);
      else upsert.run(key, json);
    }
  });
  writeAll();
}
