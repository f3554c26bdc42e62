import path from 'node:path';
import { type ApiResult } from '../shared/errors';
import { dispatch } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { type HandlerTable } from './api/handler-table';
import { type CoreContext } from './core-context';
import { openDatabase } from './db/connection';
import { createMetricsService, type MetricsService } from './metrics/metrics-service';
import { createSyncService, type SyncService } from './stripe/sync/sync-service';
import { type Clock, type DemoStripe, type FileDialogs, type Logger, type Notifier, type SecretStore, silentNotifier, systemClock } from './ports';

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
  /** The save dialog behind report exports; without it `reports:export` explains that it needs the desktop app. */
  fileDialogs?: FileDialogs;
  /** Start syncing an account as soon as it is connected (the app does; tests opt in). */
  syncOnConnect?: boolean;
  /**
   * Where Stripe accounts' API calls go: Stripe itself unless this answers a base URL. Tests point it at a simulator so
   * no test ever reaches the internet; developers can point the app at `npm run sim` (RECUR_STRIPE_API_BASE).
   */
  stripeApiBase?: () => Promise<string | undefined>;
  appVersion?: string;
}

/** The running core: what the Electron shell, the CLI and the e2e bridge each build once and talk to. */
export interface Core {
  context: CoreContext;
  handlers: HandlerTable;
  /** Sync Now, the launch sync, polling and webhook relays. Nothing runs until `sync.start()` (the app calls it). */
  sync: SyncService;
  /** MRR histories per account, rebuilt after a sync, an applied event or a change of the MRR settings. */
  metrics: MetricsService;
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
    fileDialogs: options.fileDialogs,
    syncOnConnect: options.syncOnConnect ?? false,
    stripeApiBase: options.stripeApiBase ?? (async () => undefined),
    app: {
      name: 'Recur',
      version: options.appVersion ?? '0.0.0',
      platform: process.platform,
      dataDir: options.dataDir,
      databasePath,
    },
  };
  const metrics = createMetricsService(context);
  const sync = createSyncService(context, { onDataChanged: (accountId, touched) => metrics.dataChanged(accountId, touched) });
  const handlers = createHandlers(context, { sync, metrics });
  return {
    context,
    handlers,
    sync,
    metrics,
    dispatch: (channel, rawInput) => dispatch(handlers, context.logger, channel, rawInput),
    close: () => {
      void sync.stop();
      db.close();
    },
  };
}
