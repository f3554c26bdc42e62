import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../src/cli/default-data-dir';
import { openCliCore } from '../../../src/cli/open-cli-core';
import { createConsoleLogger } from '../../../src/core/log/console-logger';
import { sampleStripeKey } from '../../support/sample-inputs';
import { makeTempDir } from '../../support/temp-dir';

describe('the data folder the CLI shares with the app', () => {
  it.each([
    ['linux', {}, '/home/ada/.config/Recur'],
    ['linux', { XDG_CONFIG_HOME: '/srv/config' }, '/srv/config/Recur'],
    ['darwin', {}, '/home/ada/Library/Application Support/Recur'],
    ['win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, path.join('C:\\Users\\ada\\AppData\\Roaming', 'Recur')],
    ['linux', { RECUR_DATA_DIR: '/data/recur' }, '/data/recur'],
  ] as const)('on %s with %j is %s', (platform, env, expected) => {
    expect(defaultDataDir(platform, env, '/home/ada')).toBe(expected);
  });
});

describe('opening the core from the command line', () => {
  it('uses the --db file, the key from STRIPE_API_KEY, and logs to stderr without the key', async () => {
    const temp = makeTempDir();
    const lines: string[] = [];
    const databasePath = path.join(temp.dir, 'nested', 'cron.db');
    const core = openCliCore({
      databasePath,
      env: { STRIPE_API_KEY: sampleStripeKey },
      logger: createConsoleLogger({ write: (line) => lines.push(line), clock: () => new Date('2026-11-27T00:00:00Z') }),
    });
    try {
      expect(core.context.app.databasePath).toBe(databasePath);
      expect(await core.context.secrets.get('stripe-key:acc_anything')).toBe(sampleStripeKey);
      core.context.logger.warn(`Stripe rejected ${sampleStripeKey}`, { key: sampleStripeKey });
      expect(lines).toEqual(['2026-11-27T00:00:00.000Z WARN  Stripe rejected [Stripe key …4242] {"key":"[Stripe key …4242]"}']);
    } finally {
      core.close();
      temp.remove();
    }
  });
});

describe('the console logger', () => {
  it('writes one JSON object per line when asked, and drops lines below the minimum level', () => {
    const lines: string[] = [];
    const logger = createConsoleLogger({ write: (line) => lines.push(line), format: 'json', minimumLevel: 'info', clock: () => new Date(0) });
    logger.debug('hidden');
    logger.info('Sync finished', { accountId: 'acc_1', objects: 12 });
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'info', message: 'Sync finished', accountId: 'acc_1', objects: 12 },
    ]);
  });
});
