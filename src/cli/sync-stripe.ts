import { parseArgs } from 'node:util';
import { findAccount, insertAccount, listAccounts } from '../core/db/repositories/accounts';
import { systemClock } from '../core/ports';
import { SyncBusyError, thisProcess } from '../core/stripe/sync/account-lease';
import { type AccountConnection, createSyncRunner, type SyncResult } from '../core/stripe/sync/sync-runner';
import { checkStripeKey } from '../shared/stripe-key';
import { openCliCore } from './open-cli-core';

/**
 * `npm run sync:stripe -- [--full] [--account acc_…] [--json] [--db PATH] [--api-base URL]`, for cron.
 *
 * The key comes from STRIPE_API_KEY (never an argument: other users can read the process list). Exit codes say what
 * happened, so a cron job can alert on them.
 */
export const exitCodes = {
  succeeded: 0,
  failed: 1,
  usage: 2,
  partial: 3,
  keyRejected: 4,
  unreachable: 5,
  /** Another process (the app, another cron run) was syncing the account; nothing was done. Try again later. */
  busy: 6,
} as const;

const usage = 'Usage: STRIPE_API_KEY=rk_live_… npm run sync:stripe -- [--full] [--account acc_…] [--json] [--db PATH] [--api-base URL]';

function exitCodeFor(result: SyncResult): number {
  if (result.status === 'succeeded') return exitCodes.succeeded;
  if (result.status === 'partial') return exitCodes.partial;
  if (result.error?.startsWith('Stripe rejected the API key')) return exitCodes.keyRejected;
  if (result.error?.startsWith('Recur could not reach Stripe')) return exitCodes.unreachable;
  return exitCodes.failed;
}

/** A one-line progress bar on a terminal; nothing when output goes to a file or a pipe (cron mail stays short). */
function progressPrinter(enabled: boolean): (line: string) => void {
  if (!enabled) return () => undefined;
  return (line) => process.stderr.write(`\r\u001b[2K${line}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      full: { type: 'boolean' },
      account: { type: 'string' },
      json: { type: 'boolean' },
      db: { type: 'string' },
      'api-base': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return exitCodes.succeeded;
  }
  const apiKey = process.env.STRIPE_API_KEY?.trim() ?? '';
  const check = checkStripeKey(apiKey);
  if (!check.ok) {
    process.stderr.write(`STRIPE_API_KEY: ${apiKey ? check.reason : 'not set.'}\n${usage}\n`);
    return exitCodes.usage;
  }
  const apiBase = values['api-base'] ?? process.env.STRIPE_API_BASE;
  const core = openCliCore({ databasePath: values.db });
  try {
    const { db, logger, clock } = core.context;
    const account = values.account ? findAccount(db, values.account) : findOrCreateCliAccount(db, check.facts, clock.now().toISOString());
    if (!account) {
      process.stderr.write(`No account ${values.account} in ${core.context.app.databasePath}. Accounts: ${listAccounts(db).map((row) => row.id).join(', ') || 'none'}.\n`);
      return exitCodes.usage;
    }
    const showProgress = progressPrinter(process.stderr.isTTY === true && !values.json);
    const connection: AccountConnection = { apiKey, apiBase, mode: check.facts.mode, keyHint: `(…${check.facts.last4})` };
    const runner = createSyncRunner({
      db,
      logger,
      clock: systemClock,
      connect: async () => connection,
      identity: thisProcess('the sync:stripe command'),
      onProgress: (_, progress) => {
        const fetched = Object.values(progress.counts).reduce((sum, count) => sum + count.fetched, 0);
        const width = 24;
        const filled = Math.round((progress.slicesDone / Math.max(1, progress.slicesTotal)) * width);
        showProgress(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.slicesDone}/${progress.slicesTotal} slices · ${fetched} objects · ${progress.resource}`);
      },
    });
    // Without --full: incremental from the events cursor, or full when never synced, unfinished or over a day old.
    const result = await runner.run({ accountId: account.id, trigger: 'cli', kind: values.full ? 'full' : 'auto' }).catch((error: unknown) => {
      if (error instanceof SyncBusyError) return error;
      throw error;
    });
    showProgress('');
    if (result instanceof SyncBusyError) {
      if (values.json) process.stdout.write(`${JSON.stringify({ status: 'busy', error: result.message, holder: result.lease.holder, pid: result.lease.pid })}\n`);
      else process.stdout.write(`busy: ${result.message}\n`);
      return exitCodes.busy;
    }
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`${result.status}: ${Object.entries(result.counts).map(([resource, count]) => `${resource} ${count.fetched}`).join(', ')}; ${result.requests} requests, ${result.rateLimited} rate-limited${result.error ? `\n${result.error}` : ''}\n`);
    return exitCodeFor(result);
  } finally {
    core.close();
  }
}

/** A cron job names no account: the one with this key (by mode and last four) is used, or created on first run. */
function findOrCreateCliAccount(db: Parameters<typeof listAccounts>[0], facts: { mode: 'live' | 'test'; kind: 'secret' | 'restricted'; last4: string }, now: string) {
  const existing = listAccounts(db).find((row) => row.source === 'stripe' && row.keyMode === facts.mode && row.keyLast4 === facts.last4);
  if (existing) return existing;
  const row = { id: `acc_cli${facts.mode}${facts.last4}`.replace(/[^A-Za-z0-9_]/g, ''), displayName: `Stripe ${facts.mode} account …${facts.last4}`, source: 'stripe' as const, stripeAccountId: null, keyMode: facts.mode, keyKind: facts.kind, keyLast4: facts.last4, createdAt: now };
  insertAccount(db, row);
  return row;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(exitCodes.failed);
  },
);
