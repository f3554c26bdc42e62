import type Database from 'better-sqlite3';
import { type Clock, type Logger, type Notifier, type SecretStore } from './ports';

/** Everything a handler may use. Built once by `createCore`. */
export interface CoreContext {
  db: Database.Database;
  secrets: SecretStore;
  logger: Logger;
  clock: Clock;
  notifier: Notifier;
  app: { name: string; version: string; platform: string; dataDir: string; databasePath: string };
}
