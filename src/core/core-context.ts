import type Database from 'better-sqlite3';
import { type Clock, type DemoStripe, type FileDialogs, type Logger, type Notifier, type SecretStore } from './ports';

/** Everything a handler may use. Built once by `createCore`. */
export interface CoreContext {
  db: Database.Database;
  secrets: SecretStore;
  logger: Logger;
  clock: Clock;
  notifier: Notifier;
  /** Absent where no simulator is available (the CLI): the demo account then cannot be opened. */
  demoStripe: DemoStripe | undefined;
  /** Absent outside the desktop app (the CLI writes reports to a path given on its command line). */
  fileDialogs: FileDialogs | undefined;
  syncOnConnect: boolean;
  stripeApiBase: () => Promise<string | undefined>;
  app: { name: string; version: string; platform: string; dataDir: string; databasePath: string };
}
