import type { Migration } from '../migrate';

/*
 * Which process is syncing an account. The app and a cron job (`npm run sync:stripe`) can share one database file;
 * SQLite serialises their writes but not their syncs, and two full syncs of one account would page the same slices
 * twice. A lease row says who holds the account and until when; the holder renews it while it runs.
 */
const sql = `
CREATE TABLE sync_leases (
  account_id TEXT NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  -- Random per run: only the run that took the lease renews or releases it.
  token TEXT NOT NULL,
  -- For messages: "the sync:stripe command", "the Recur app".
  holder TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  -- Unix milliseconds; a holder that stops renewing (killed, suspended) loses the lease then.
  expires_at INTEGER NOT NULL
) STRICT;
`;

export const syncLeases = {
  version: 2,
  name: 'sync leases',
  up(db) {
    db.exec(sql);
  },
} satisfies Migration;
