import path from 'node:path';
import { createCore, type Core } from '../../src/core/core';
import { type DemoStripe, type Notifier, type SecretStore } from '../../src/core/ports';
import { createMemorySecretStore } from '../../src/core/secrets/memory-secret-store';
import { createDemoStripe } from '../../src/sim/demo-stripe';
import { createMemoryLogger } from './memory-logger';
import { sampleStripeKey } from './sample-inputs';
import { createScriptedFileDialogs, type ScriptedFileDialogs } from './scripted-file-dialogs';
import { makeTempDir } from './temp-dir';

export interface TestCore {
  core: Core;
  logger: ReturnType<typeof createMemoryLogger>;
  dataDir: string;
  /** The save dialog reports are exported through: by default it answers `<dataDir>/exports/<suggested name>`. */
  fileDialogs: ScriptedFileDialogs;
  /** Closes the database and deletes the temp folder. */
  dispose(): void;
}

/**
 * The real core on a real SQLite file in a temp folder, with secrets in memory and a small demo simulator started
 * on demand: what unit, integration and e2e tests use.
 */
export function createTestCore(options: { notifier?: Notifier; secrets?: SecretStore; demoStripe?: DemoStripe; syncOnConnect?: boolean } = {}): TestCore {
  const temp = makeTempDir();
  const logger = createMemoryLogger();
  // Besides its own key, the demo simulator accepts `sampleStripeKey`, so tests can connect it: connect checks keys with Stripe.
  const demoStripe = options.demoStripe ?? createDemoStripe({ customers: 200, speed: 0, server: { extraApiKeys: [sampleStripeKey] } });
  const fileDialogs = createScriptedFileDialogs(path.join(temp.dir, 'exports'));
  const core = createCore({
    dataDir: temp.dir,
    secrets: options.secrets ?? createMemorySecretStore(),
    logger,
    notifier: options.notifier,
    demoStripe,
    fileDialogs,
    syncOnConnect: options.syncOnConnect,
    // Stripe accounts connected in tests talk to the local simulator (which rejects made-up keys it was not given), never Stripe.
    stripeApiBase: async () => (await demoStripe.endpoint()).apiBase,
    appVersion: '0.1.0-test',
  });
  return {
    core,
    logger,
    dataDir: temp.dir,
    fileDialogs,
    dispose() {
      core.close();
      void demoStripe.stop();
      temp.remove();
    },
  };
}
