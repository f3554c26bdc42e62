import path from 'node:path';
import { createCore, type Core } from '../core/core';
import { createConsoleLogger } from '../core/log/console-logger';
import { type Logger } from '../core/ports';
import { createEnvironmentSecretStore } from '../core/secrets/environment-secret-store';
import { defaultDataDir } from './default-data-dir';

export interface CliCoreOptions {
  /** `--db PATH`: a database file anywhere; otherwise recur.db in RECUR_DATA_DIR or the app's data folder. */
  databasePath?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  appVersion?: string;
}

/**
 * The core as every command-line entry opens it: keys from the environment (never from disk or arguments, which
 * other users can read in the process list), logs on standard error, and the same database the app uses unless told
 * otherwise.
 */
export function openCliCore(options: CliCoreOptions = {}): Core {
  const env = options.env ?? process.env;
  const databasePath = options.databasePath ? path.resolve(options.databasePath) : undefined;
  return createCore({
    dataDir: databasePath ? path.dirname(databasePath) : defaultDataDir(process.platform, env),
    databasePath,
    secrets: createEnvironmentSecretStore(env),
    logger: options.logger ?? createConsoleLogger(),
    appVersion: options.appVersion,
  });
}
