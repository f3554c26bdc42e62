import type Stripe from 'stripe';
import { defaultSettings, settingsSchema, type SyncLog, type SyncStatus } from '../../../shared/contract';
import { type CoreContext } from '../../core-context';
import { listAccounts } from '../../db/repositories/accounts';
import { readSettings } from '../../db/repositories/settings';
import { listSyncLogs, type SyncLogRow, type SyncTrigger } from '../../db/repositories/sync-logs';
import { createPacedRequester } from '../pacing/paced-request';
import { createStripeClient } from '../stripe-connection';
import { createRelayManager, type RelayManager } from '../webhook/relay-manager';
import { accountConnector } from './account-connections';
import { createEventApplier, type EventApplier } from './apply-event';
import { SyncBusyError, thisProcess } from './account-lease';
import { createSyncRunner, type SyncResult } from './sync-runner';
import { customersTouchedBy, type TouchedCustomers } from './touched-customers';

/**
 * How often to poll `/v1/events`, from the user's interval (`pollIntervalMinutes`, for a focused window): Stripe's read
 * allocation makes a fixed fast poll too costly around the clock, so a window in the background polls 5× less often,
 * and with a live webhook relay (which brings changes already) polling only guards against missed deliveries.
 */
export function pollIntervals(focusedMinutes: number): { focused: number; background: number; relayLive: number } {
  const focused = focusedMinutes * 60_000;
  return { focused, background: Math.min(5 * focused, 60 * 60_000), relayLive: Math.max(focused, 15 * 60_000) };
}

/** The user's poll interval, or the default when unset or unreadable (a later version may store it differently). */
function focusedPollMinutes(db: CoreContext['db']): number {
  const parsed = settingsSchema.shape.pollIntervalMinutes.safeParse(readSettings(db)['pollIntervalMinutes']);
  return parsed.success ? parsed.data : defaultSettings.pollIntervalMinutes;
}

/** How often the scheduler looks whether an account is due. */
const schedulerTickMs = 15_000;

export interface SyncService {
  syncNow(request: { accountId?: string; full?: boolean; trigger: SyncTrigger }): Promise<SyncLog[]>;
  status(accountId?: string): SyncStatus[];
  relay: RelayManager;
  /** Launch: a sync of every account (full when due), the relays that are on, and periodic polling. */
  start(): void;
  /** The window's focus decides how often to poll. */
  setAppFocus(focused: boolean): void;
  stop(): Promise<void>;
}

export function toSyncLog(row: SyncLogRow): SyncLog {
  return { ...row };
}

export interface SyncServiceHooks {
  /**
   * Called whenever synced data of an account changed (a sync run ended, an event was applied), before `data:changed`,
   * with the customers whose MRR history may have moved.
   */
  onDataChanged?: (accountId: string, touched: TouchedCustomers) => void;
}

/**
 * Everything that keeps the mirror fresh, for the app and its UI: Sync Now, the launch sync, adaptive polling (a daily
 * full sync follows from `auto`), the webhook relays, and the progress and finish events the renderer shows.
 */
export function createSyncService(context: CoreContext, hooks: SyncServiceHooks = {}): SyncService {
  const { db, logger, notifier } = context;
  const connect = accountConnector(context);
  const runner = createSyncRunner({
    db,
    logger,
    clock: context.clock,
    connect,
    identity: thisProcess('the Recur app'),
    onProgress: (accountId, progress) => notifier.emit('sync:progress', { accountId, ...progress }),
    onFinished: (result) => {
      const [run] = listSyncLogs(db, result.accountId, 1);
      if (run) notifier.emit('sync:finished', { run: toSyncLog(run) });
      hooks.onDataChanged?.(result.accountId, result.touched);
      notifier.emit('data:changed', { scopes: ['sync', 'data'] });
    },
  });

  const appliers = new Map<string, Promise<EventApplier>>();
  const applierFor = (accountId: string): Promise<EventApplier> => {
    let applier = appliers.get(accountId);
    if (!applier) {
      applier = connect(accountId).then((connection) =>
        createEventApplier({
          db,
          stripe: createStripeClient(connection),
          requester: createPacedRequester({ mode: connection.mode, logger }),
          accountId,
          now: () => Math.floor(context.clock.now().getTime() / 1000),
        }),
      );
      applier.catch(() => appliers.delete(accountId));
      appliers.set(accountId, applier);
    }
    return applier;
  };
  const relay = createRelayManager(context, async (accountId, event: Stripe.Event) => {
    const outcome = await (await applierFor(accountId)).apply(event, 'webhook');
    hooks.onDataChanged?.(accountId, outcome === 'applied' ? customersTouchedBy(event) : new Set());
    notifier.emit('data:changed', { scopes: ['sync', 'data'] });
  });

  let focused = true;
  let timer: NodeJS.Timeout | undefined;
  const lastPoll = new Map<string, number>();

  /** Undefined when another process is syncing the account: its results land in the same database. */
  const syncAccount = async (accountId: string, trigger: SyncTrigger, full: boolean): Promise<SyncResult | undefined> => {
    lastPoll.set(accountId, Date.now());
    try {
      return await runner.run({ accountId, trigger, kind: full ? 'full' : 'auto' });
    } catch (error) {
      if (!(error instanceof SyncBusyError)) throw error;
      logger.info('Sync skipped: another process is syncing this account', { accountId, holder: error.lease.holder, pid: error.lease.pid });
      return undefined;
    }
  };

  const tick = () => {
    const intervals = pollIntervals(focusedPollMinutes(db));
    for (const account of listAccounts(db)) {
      const interval = relay.isLive(account.id) ? intervals.relayLive : focused ? intervals.focused : intervals.background;
      if (runner.isRunning(account.id) || runner.runningElsewhere(account.id) || Date.now() - (lastPoll.get(account.id) ?? 0) < interval) continue;
      void syncAccount(account.id, 'schedule', false).catch((error: unknown) => logger.error('Scheduled sync failed to start', { accountId: account.id, error }));
    }
  };

  return {
    async syncNow({ accountId, full, trigger }) {
      const ids = accountId ? [accountId] : listAccounts(db).map((account) => account.id);
      const results = await Promise.all(ids.map((id) => syncAccount(id, trigger, full === true)));
      return results
        .filter((result) => result !== undefined)
        .map((result) => listSyncLogs(db, result.accountId, 50).find((row) => row.id === result.runId))
        .filter((row): row is SyncLogRow => row !== undefined)
        .map(toSyncLog);
    },
    status(accountId) {
      const accounts = listAccounts(db).filter((account) => accountId === undefined || account.id === accountId);
      return accounts.map((account) => {
        const logs = listSyncLogs(db, account.id, 200);
        const lastSucceeded = logs.find((row) => row.status === 'succeeded' || row.status === 'partial');
        const elsewhere = runner.runningElsewhere(account.id);
        return {
          accountId: account.id,
          state: runner.isRunning(account.id) || elsewhere ? 'syncing' : 'idle',
          syncingElsewhere: elsewhere ? `${elsewhere.holder} (process ${elsewhere.pid})` : null,
          lastRun: logs[0] ? toSyncLog(logs[0]) : null,
          lastSucceededAt: lastSucceeded?.finishedAt ?? null,
        };
      });
    },
    relay,
    start() {
      void relay.startEnabled(listAccounts(db).map((account) => account.id));
      for (const account of listAccounts(db)) {
        void syncAccount(account.id, 'launch', false).catch((error: unknown) => logger.error('Launch sync failed to start', { accountId: account.id, error }));
      }
      timer ??= setInterval(tick, schedulerTickMs);
      timer.unref?.();
    },
    setAppFocus(isFocused) {
      focused = isFocused;
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await relay.stop();
    },
  };
}
