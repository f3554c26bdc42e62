import { useEffect } from 'react';
import { type SyncLog, type WebhookEvent } from '../../shared/contract';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { RelativeTime } from '../components/relative-time';
import { RelayCard } from '../components/relay-card';
import { EventsTable } from '../components/sync/events-table';
import { SyncProgress } from '../components/sync/sync-progress';
import { useAppStore } from '../stores/app-store';
import { useSyncStore } from '../stores/sync-store';
import { useCurrentAccount } from '../stores/current-account';

const triggerNames: Record<SyncLog['trigger'], string> = { launch: 'On launch', manual: 'Sync Now', schedule: 'Scheduled', cli: 'Command line', gap: 'Gap in events' };

function duration(log: SyncLog): string {
  if (!log.finishedAt) return '—';
  const seconds = Math.max(0, Math.round((Date.parse(log.finishedAt) - Date.parse(log.startedAt)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Stable empty lists: a selector that returned a fresh [] on every call would re-render forever. */
const noLogs: SyncLog[] = [];
const noEvents: WebhookEvent[] = [];

function objects(log: SyncLog): number {
  return Object.values(log.counts).reduce((sum, count) => sum + count.fetched, 0);
}

export function SyncPage() {
  const account = useCurrentAccount();
  const status = useSyncStore((state) => state.statuses.find((candidate) => candidate.accountId === account?.id));
  const logs = useSyncStore((state) => (account ? (state.logs[account.id] ?? noLogs) : noLogs));
  const events = useSyncStore((state) => (account ? (state.events[account.id] ?? noEvents) : noEvents));
  const progress = useSyncStore((state) => (account ? state.progress[account.id] : undefined));
  const error = useSyncStore((state) => state.error);
  const pollMinutes = useAppStore((state) => state.settings.pollIntervalMinutes);
  const { refresh, syncNow } = useSyncStore.getState();

  useEffect(() => {
    if (account) void refresh(account.id);
  }, [account, refresh]);

  if (!account) return null;
  const isSyncing = status?.state === 'syncing' || progress !== undefined;
  const lastRun = status?.lastRun;

  return (
    <div className="page">
      <PageHeader
        title="Sync"
        description="How fresh your data is, and every sync Recur has run."
        actions={
          <button className="button primary" onClick={() => void syncNow(account.id)} disabled={isSyncing}>
            {isSyncing ? 'Syncing…' : 'Sync Now'}
          </button>
        }
      />
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      <section className="card" aria-label="Sync status">
        <div className="sync-status">
          <span className={`status-dot ${isSyncing ? 'syncing' : lastRun?.status === 'failed' ? 'error' : lastRun?.status === 'partial' ? 'warning' : 'idle'}`} aria-hidden="true" />
          <div>
            <div className="title">
              {isSyncing ? 'Syncing with Stripe' : status?.lastSucceededAt ? <>Last synced <RelativeTime iso={status.lastSucceededAt} /></> : 'Not synced yet'}
            </div>
            <div className="meta">
              {isSyncing && progress
                ? `A full sync reads your whole Stripe history once; after it, only changes are fetched.`
                : status?.syncingElsewhere
                  ? `Being synced by ${status.syncingElsewhere}; the data updates when it finishes.`
                  : lastRun?.status === 'failed'
                  ? lastRun.error
                  : lastRun?.status === 'partial'
                    ? lastRun.error
                    : `Recur checks Stripe for changes every ${pollMinutes === 1 ? 'minute' : `${pollMinutes} minutes`} while this window is in front.`}
            </div>
          </div>
        </div>
        {isSyncing && progress && <SyncProgress progress={progress} />}
      </section>

      {logs.length === 0 ? (
        <EmptyState icon="sync" title="No syncs have run">
          Each sync with Stripe is listed here with what it fetched, how long it took and any problem it met.
        </EmptyState>
      ) : (
        <section className="card" aria-labelledby="sync-log-heading">
          <h2 id="sync-log-heading">Sync log</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Trigger</th>
                <th scope="col">Kind</th>
                <th scope="col">Duration</th>
                <th scope="col" className="number">Objects</th>
                <th scope="col" className="number">Requests</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {logs.map((log) => [
                <tr key={log.id}>
                  <td>
                    <RelativeTime iso={log.startedAt} />
                  </td>
                  <td>{triggerNames[log.trigger]}</td>
                  <td>{log.kind === 'full' ? 'Full' : 'Incremental'}</td>
                  <td>{duration(log)}</td>
                  <td className="number">{objects(log).toLocaleString()}</td>
                  <td className="number">{log.requests.toLocaleString()}</td>
                  <td>
                    <span className={`badge status-${log.status}`} title={log.error ?? undefined}>
                      {log.status}
                    </span>
                  </td>
                </tr>,
                // What went wrong and what to do, under the run it belongs to.
                log.error && (
                  <tr key={`${log.id}-error`} className="log-error">
                    <td colSpan={7}>{log.error}</td>
                  </tr>
                ),
              ])}
            </tbody>
          </table>
        </section>
      )}
      {logs.length > 0 && <EventsTable events={events} />}
      {account.source === 'stripe' && <RelayCard accountId={account.id} />}
    </div>
  );
}
