import { createCore, type Core } from '../../src/core/core';
import { type Notifier, type SecretStore } from '../../src/core/ports';
import { createMemorySecretStore } from '../../src/core/secrets/memory-secret-store';
import { createMemoryLogger } from './memory-logger';
import { makeTempDir } from './temp-dir';

export interface TestCore {
  core: Core;
  logger: ReturnType<typeof createMemoryLogger>;
  dataDir: string;
  /** Closes the database and deletes the temp folder. */
  dispose(): void;
}

/** The real core on a real SQLite file in a temp folder, with secrets in memory: what unit, integration and e2e use. */
export function createTestCore(options: { notifier?: Notifier; secrets?: SecretStore } = {}): TestCore {
  const temp = makeTempDir();
  const logger = createMemoryLogger();
  const core = createCore({
    dataDir: temp.dir,
    secrets: options.secrets ?? createMemorySecretStore(),
    logger,
    notifier: options.notifier,
    appVersion: '0.1.0-test',
  });
  return {
    core,
    logger,
    dataDir: temp.dir,
    dispose() {
      core.close();
      temp.remove();
    },
  };
}
