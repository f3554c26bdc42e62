import type Database from 'better-sqlite3';
import { findAccount, setStripeAccountId } from '../../db/repositories/accounts';
import { writeEventsCursor, readEventsCursor } from '../../db/repositories/events-cursor';
import { finishSyncLog, lastCompletedFullSync, markInterruptedSyncLogs, startSyncLog, type SyncKind, type SyncStatus, type SyncTrigger } from '../../db/repositories/sync-logs';
import { type Clock, type Logger } from '../../ports';
import { createPacedRequester } from '../pacing/paced-request';
import { type KeyMode } from '../pacing/request-pacer';
import { createStripeClient, serverTimeOf, type StripeEndpoint } from '../stripe-connection';
import { createEventApplier } from './apply-event';
import { type FullSyncProgress, type ResourceCounts, runFullSync } from './full-sync';
import { CursorTooOldError, eventRetentionSeconds, retentionSafetySeconds, runIncrementalSync } from './incremental-sync';
import { listBackfillSlices } from '../../db/repositories/backfill-slices';
import { type SyncLease } from '../../db/repositories/sync-leases';
import { heldElsewhere, type ProcessIdentity, thisProcess, withAccountLease } from './account-lease';
import { deniedResourcesMessage, syncFailureMessage } from './sync-messages';
import { type TouchedCustomers } from './touched-customers';

/** Where an account's Stripe lives and how fast it may be read. */
export interface AccountConnection extends StripeEndpoint {
  mode: KeyMode;
  /** Overrides Stripe's published limits (the demo simulator has none). */
  ratePerSecond?: number;
  /** For messages: `(…4242)`, never the key. */
  keyHint: string;
}

export interface SyncRequest {
  accountId: string;
  trigger: SyncTrigger;
  /** `auto` (launch, Sync Now): a full sync when never synced, unfinished, or last full over a day ago; else incremental. */
  kind: 'full' | 'incremental' | 'auto';
}

export interface SyncResult {
  runId: number;
  accountId: string;
  status: Exclude<SyncStatus, 'running'>;
  counts: ResourceCounts;
  requests: number;
  rateLimited: number;
  error: string | null;
  /** Whose MRR history the run may have changed: `all` after a full sync, or a failed run that may have written some. */
  touched: TouchedCustomers;
}

export interface SyncRunnerOptions {
  db: Database.Database;
  logger: Logger;
  clock: Clock;
  connect(accountId: string): Promise<AccountConnection>;
  onProgress?(accountId: string, progress: FullSyncProgress): void;
  onFinished?(result: SyncResult): void;
  concurrency?: number;
  slicesPerResource?: number;
  /** Who this process is, in the lease other processes see; default: "Recur" and this process. */
  identity?: ProcessIdentity;
}

export interface SyncRunner {
  /**
   * Starts a sync, or joins the one already running for that account in this process (single flight). Rejects with
   * SyncBusyError when another process is syncing the account.
   */
  run(request: SyncRequest): Promise<SyncResult>;
  isRunning(accountId: string): boolean;
  /** The lease of another process syncing the account now (the app and the cron CLI can share a database). */
  runningElsewhere(accountId: string): SyncLease | undefined;
}

/** Stripe itself started in 2010: a floor for accounts whose creation time is unknown. */
const stripeEpoch = 1_262_304_000;

/**
 * Runs syncs and keeps their log: one `sync_logs` row per run, rows a crash left `running` marked `interrupted`, and
 * at most one sync per account at a time — in this process (a second request joins the first) and across processes
 * sharing the database (account-lease.ts).
 */
export function createSyncRunner(options: SyncRunnerOptions): SyncRunner {
  const { db, logger, clock } = options;
  const identity = options.identity ?? thisProcess('Recur');
  const running = new Map<string, Promise<SyncResult>>();
  const interrupted = markInterruptedSyncLogs(db, clock.now().toISOString(), { isStillRunning: (row) => heldElsewhere(db, row.accountId, identity) !== undefined });
  if (interrupted > 0) logger.warn('Syncs left unfinished by the last run were marked interrupted', { count: interrupted });

  const unixNow = () => Math.floor(clock.now().getTime() / 1000);

  /** What `auto` means for this account right now. */
  const resolveKind = (accountId: string): SyncKind => {
    const lastFull = lastCompletedFullSync(db, accountId);
    const unfinished = listBackfillSlices(db, accountId).some((slice) => slice.status !== 'done');
    if (!lastFull || unfinished || !readEventsCursor(db, accountId)) return 'full';
    const finishedAt = Date.parse(lastFull.finishedAt ?? '') / 1000;
    return Number.isNaN(finishedAt) || unixNow() - finishedAt > 86_400 ? 'full' : 'incremental';
  };

  /** Runs one logged sync. `gap`: an incremental run found its cursor older than Stripe's event retention. */
  const execute = async (request: SyncRequest & { kind: SyncKind }): Promise<SyncResult | 'gap'> => {
    const runId = startSyncLog(db, { accountId: request.accountId, startedAt: clock.now().toISOString(), trigger: request.trigger, kind: request.kind });
    logger.info('Sync started', { runId, accountId: request.accountId, trigger: request.trigger, kind: request.kind });
    let connection: AccountConnection | undefined;
    let requester: ReturnType<typeof createPacedRequester> | undefined;
    let counts: ResourceCounts = {};
    let touched: TouchedCustomers = 'all';
    const finish = (status: SyncResult['status'], error: string | null): SyncResult => {
      const stats = requester?.stats();
      const result: SyncResult = { runId, accountId: request.accountId, status, counts, requests: stats?.requests ?? 0, rateLimited: stats?.rateLimitedTotal ?? 0, error, touched };
      finishSyncLog(db, runId, { finishedAt: clock.now().toISOString(), status, counts, requests: result.requests, rateLimitWaits: result.rateLimited, error });
      logger[status === 'failed' ? 'error' : 'info']('Sync finished', { runId, accountId: request.accountId, status, requests: result.requests, rateLimited: result.rateLimited, error });
      options.onFinished?.(result);
      return result;
    };
    try {
      connection = await options.connect(request.accountId);
      const overrides = connection.ratePerSecond === undefined ? {} : { global: { ratePerSecond: connection.ratePerSecond }, perEndpoint: { ratePerSecond: connection.ratePerSecond } };
      requester = createPacedRequester({ mode: connection.mode, logger, ...overrides });
      const stripe = createStripeClient(connection);
      const paced = requester;

      if (request.kind === 'incremental') {
        const applier = createEventApplier({ db, stripe, requester: paced, accountId: request.accountId, now: unixNow });
        try {
          const polled = await runIncrementalSync({ db, stripe, requester: paced, applier, accountId: request.accountId, now: unixNow });
          counts = { events: { fetched: polled.fetched, written: polled.applied } };
          touched = polled.touched;
          return finish('succeeded', null);
        } catch (error) {
          if (!(error instanceof CursorTooOldError)) throw error;
          // Said in this run's log; the full sync that replaces it gets its own row, triggered by the gap.
          finish('failed', error.message);
          return 'gap';
        }
      }

      // Only a full sync reads the account (its id, and its creation time where slices start): polling spends one read
      // per run, as Stripe's read allocation is counted per request.
      const account = await paced.request('GET /v1/account', () => stripe.accounts.retrieveCurrent());
      setStripeAccountId(db, request.accountId, account.id);

      // The events cursor is taken before the backfill: whatever changes while it runs arrives as events after it.
      const newest = await paced.request('GET /v1/events', () => stripe.events.list({ limit: 1 }));
      const upTo = serverTimeOf(newest, unixNow);
      const cursor = readEventsCursor(db, request.accountId);
      if (!cursor || upTo - (cursor.lastEventCreated ?? 0) > eventRetentionSeconds - retentionSafetySeconds) {
        const event = newest.data[0];
        writeEventsCursor(db, request.accountId, { lastEventId: event?.id ?? null, lastEventCreated: event?.created ?? upTo, updatedAt: clock.now().toISOString() });
      }
      const outcome = await runFullSync({
        db,
        stripe,
        requester: paced,
        logger,
        accountId: request.accountId,
        runId,
        upTo,
        accountCreated: account.created ?? stripeEpoch,
        mode: connection.mode,
        concurrency: options.concurrency,
        slicesPerResource: options.slicesPerResource,
        now: unixNow,
        onProgress: (progress) => {
          counts = progress.counts;
          options.onProgress?.(request.accountId, progress);
        },
      });
      counts = outcome.counts;
      if (outcome.denied.length > 0) return finish('partial', deniedResourcesMessage(outcome.denied.map((entry) => entry.resource), connection.keyHint));
      return finish('succeeded', null);
    } catch (error) {
      logger.error('Sync failed', { runId, error });
      return finish('failed', syncFailureMessage(error, connection?.keyHint ?? 'for this account'));
    }
  };

  /** An incremental run that finds its cursor too old hands over to a full sync triggered by the gap. */
  const executeWithGapFallback = async (request: SyncRequest): Promise<SyncResult> => {
    const kind = request.kind === 'auto' ? resolveKind(request.accountId) : request.kind;
    const result = await execute({ ...request, kind });
    if (result !== 'gap') return result;
    const full = await execute({ accountId: request.accountId, trigger: 'gap', kind: 'full' });
    if (full === 'gap') throw new Error('A full sync never reports a gap');
    return full;
  };

  return {
    run(request) {
      const current = running.get(request.accountId);
      if (current) return current;
      if (!findAccount(db, request.accountId)) return Promise.reject(new Error(`No account ${request.accountId}`));
      // Rows a dead holder of the lease left `running` are its leftovers: nothing else can be syncing the account now.
      const markLeftovers = () => markInterruptedSyncLogs(db, clock.now().toISOString(), { accountId: request.accountId });
      const started = withAccountLease(db, request.accountId, identity, logger, () => executeWithGapFallback(request), markLeftovers).finally(() => running.delete(request.accountId));
      running.set(request.accountId, started);
      return started;
    },
    isRunning: (accountId) => running.has(accountId),
    runningElsewhere: (accountId) => (running.has(accountId) ? undefined : heldElsewhere(db, accountId, identity)),
  };
}
