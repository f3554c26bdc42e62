import { listLedgerEntries } from '../db/repositories/event-ledger';
import { listSyncLogs } from '../db/repositories/sync-logs';
import { type CoreContext } from '../core-context';
import { AppError } from '../app-error';
import { findAccount } from '../db/repositories/accounts';
import { toSyncLog, type SyncService } from '../stripe/sync/sync-service';
import { type DomainHandlers } from './handler-table';

type SyncChannel = 'sync:run' | 'sync:status' | 'sync:logs' | 'sync:webhook-events' | 'relay:get' | 'relay:update';

export function syncHandlers(context: CoreContext, sync: SyncService): DomainHandlers<SyncChannel> {
  const requireAccount = (accountId: string) => {
    if (!findAccount(context.db, accountId)) throw new AppError('not_found', 'That account is no longer connected. Reload the list of accounts.');
  };
  return {
    'sync:run': async (input) => {
      if (input?.accountId) requireAccount(input.accountId);
      return sync.syncNow({ accountId: input?.accountId, full: input?.full, trigger: 'manual' });
    },
    'sync:status': (input) => sync.status(input?.accountId),
    'sync:logs': ({ accountId, limit }) => {
      requireAccount(accountId);
      return listSyncLogs(context.db, accountId, limit ?? 100).map(toSyncLog);
    },
    'sync:webhook-events': ({ accountId, limit }) => {
      requireAccount(accountId);
      return listLedgerEntries(context.db, accountId, limit ?? 200).map(({ eventId, type, source, status, receivedAt, processedAt, error, attempts }) => ({ eventId, type, source, status, receivedAt, processedAt, error, attempts }));
    },
    'relay:get': ({ accountId }) => {
      requireAccount(accountId);
      return sync.relay.get(accountId);
    },
    'relay:update': ({ accountId, ...changes }) => {
      requireAccount(accountId);
      return sync.relay.update(accountId, changes);
    },
  };
}
