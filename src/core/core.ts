import path from 'node:path';
import { type ApiResult } from '../shared/errors';
import { dispatch } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { type HandlerTable } from './api/handler-table';
import { type CoreContext } from './core-context';
import { openDatabase } from './db/connection';
import { type Clock, type DemoStripe, type Logger, type Notifier, type SecretStore, silentNotifier, systemClock } from './ports';

export interface CoreOptions {
  /** Folder holding recur.db (and, in the app, the encrypted secrets file and logs). */
  dataDir: string;
  /** The database file; recur.db in dataDir unless given (the CLI's `--db`). */
  databasePath?: string;
  secrets: SecretStore;
  logger: Logger;
  clock?: Clock;
  notifier?: Notifier;
  demoStripe?: DemoStripe;
  appVersion?: string;
}

/** The running core: what the Electron shell, the CLI and the e2e bridge each build once and talk to. */
export interface Core {
  context: CoreContext;
  handlers: HandlerTable;
  /** Parses, handles and answers one call. Never throws. */
  dispatch(channel: unknown, rawInput: unknown): Promise<ApiResult<unknown>>;
  close(): void;
}

export const databaseFileName = 'recur.db';

/** Opens (and migrates) the database and wires the handlers. Throws a DatabaseError when the file cannot be used. */
export function createCore(options: CoreOptions): Core {
  const databasePath = options.databasePath ?? path.join(options.dataDir, databaseFileName);
  const db = openDatabase(databasePath);
  const context: CoreContext = {
    db,
    secrets: options.secrets,
    logger: options.logger,
    clock: options.clock ?? systemClock,
    notifier: options.notifier ?? silentNotifier,
    demoStripe: options.demoStripe,
    app: {
      name: 'Recur',
      version: options.appVersion ?? '0.0.0',
      platform: process.platform,
      dataDir: options.dataDir,
      databasePath,
    },
  };
  const handlers = createHandlers(context);
  return {
    context,
    handlers,
    dispatch: (channel, rawInput) => dispatch(handlers, context.logger, channel, rawInput),
    close: () => db.close(),
  };
}
