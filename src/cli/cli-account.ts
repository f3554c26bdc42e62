import type Database from 'better-sqlite3';
import { type AccountRow, findAccount, listAccounts } from '../core/db/repositories/accounts';

/**
 * The account a reading command works on: the one `--account` names, or the first connected. Undefined after saying
 * on standard error why none could be used (the caller exits with the usage code).
 */
export function chooseCliAccount(db: Database.Database, requested: string | undefined, databasePath: string): AccountRow | undefined {
  const accounts = listAccounts(db);
  const account = requested ? findAccount(db, requested) : accounts[0];
  if (account) return account;
  process.stderr.write(
    requested
      ? `No account ${requested} in ${databasePath}. Accounts: ${accounts.map((row) => row.id).join(', ') || 'none'}.\n`
      : `No account in ${databasePath}: connect one in the app or run npm run sync:stripe first.\n`,
  );
  return undefined;
}
