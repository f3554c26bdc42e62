import { useEffect } from 'react';
import { CohortHeatmap } from '../components/cohorts/cohort-heatmap';
import { CohortKindToggle } from '../components/cohorts/cohort-kind-toggle';
import { HeatLegend } from '../components/cohorts/heat-legend';
import { EmptyState } from '../components/empty-state';
import { CurrencySelect } from '../components/overview/currency-select';
import { PageHeader } from '../components/page-header';
import { formatCount, formatDay, formatMonth } from '../lib/format';
import { useLiveRefresh } from '../lib/use-live-refresh';
import { useAppStore } from '../stores/app-store';
import { useCohortsStore } from '../stores/cohorts-store';
import '../styles/overview.css';
import '../styles/cohorts.css';

const descriptions = {
  customers: 'Customers grouped by the month they first paid. Each cell is the share of the cohort still paying that many months later.',
  mrr: 'Customers grouped by the month they first paid. Each cell is the cohort’s MRR as a share of its MRR at the end of its first month; above 100% when expansion outweighs churn.',
};

/** Cohort retention: who keeps paying, and how much of their revenue keeps recurring, month after month. */
export function CohortsPage() {
  const account = useAppStore((state) => state.accounts[0]);
  const accountId = account?.id;
  const status = useCohortsStore((state) => state.status);
  const data = useCohortsStore((state) => state.data);
  const kind = useCohortsStore((state) => state.kind);
  const error = useCohortsStore((state) => state.error);
  const refreshing = useCohortsStore((state) => state.refreshing);
  const isFirstSync = useCohortsStore((state) => state.isFirstSync);
  const refresh = useCohortsStore((state) => state.refresh);
  // The MRR settings (finite discounts, cancellation timing) change every cohort's figures.
  const settingsKey = useAppStore((state) => `${String(state.settings.subtractFiniteDiscounts)}:${state.settings.cancellation}`);

  useEffect(() => {
    if (!accountId) return;
    const store = useCohortsStore.getState();
    // Coming back to the page: what is on screen stays while it is brought up to date.
    void store.load(accountId, { quiet: store.data?.accountId === accountId });
  }, [accountId]);
  useLiveRefresh(accountId, refresh, settingsKey);

  if (!account || !accountId) return null;
  const { setKind, setCurrency } = useCohortsStore.getState();
  const table = data?.accountId === accountId ? data.table : null;
  const hasTable = table !== null && table.cohorts.length > 0 && status !== 'failed';

  const actions = (
    <div className="overview-controls">
      <span className={`refresh-indicator${refreshing ? ' visible' : ''}`} role="status" aria-live="polite">
        {refreshing ? 'Updating…' : ''}
      </span>
      <CohortKindToggle value={kind} onChange={(next) => setKind(accountId, next)} />
      {data && <CurrencySelect currencies={data.currencies} value={data.table.currency} onChange={(currency) => setCurrency(accountId, currency)} />}
    </div>
  );
  const description = table ? `${account.displayName} · ${table.currency.toUpperCase()} · as of ${formatDay(table.at)}` : account.displayName;

  return (
    <div className="page cohorts-page">
      <PageHeader title="Cohorts" description={description} actions={table && status !== 'failed' ? actions : undefined} />
      {error && status !== 'failed' && (
        <div className="alert warning" role="alert">
          Could not update the cohorts: {error}
        </div>
      )}

      {(status === 'idle' || status === 'loading') && !table && <CohortsSkeleton />}

      {status === 'failed' && (
        <EmptyState
          icon="cohorts"
          title="The cohorts could not be loaded"
          action={
            <button className="button" onClick={() => void useCohortsStore.getState().load(accountId)}>
              Try again
            </button>
          }
        >
          {error}
        </EmptyState>
      )}

      {status === 'empty' && (
        <EmptyState icon={isFirstSync ? 'sync' : 'cohorts'} title={isFirstSync ? 'Your first sync is running' : 'No cohorts yet'}>
          {isFirstSync
            ? `Recur is copying ${account.displayName} from Stripe. Cohorts appear here as soon as it finishes.`
            : `A cohort starts the month a customer first pays. Once ${account.displayName} has a paying subscription that Recur has synced, its retention shows here.`}
        </EmptyState>
      )}

      {hasTable && (
        <section className={`card cohort-card${refreshing ? ' is-refreshing' : ''}`} aria-labelledby="cohort-heading">
          <header className="cohort-card-header">
            <div>
              <h2 id="cohort-heading">{kind === 'mrr' ? 'Revenue retention' : 'Customer retention'}</h2>
              <p className="cohort-subtitle">{descriptions[table.kind]}</p>
            </div>
            <HeatLegend kind={table.kind} />
          </header>
          <p className="cohort-summary">
            {formatCount(table.cohorts.length)} {table.cohorts.length === 1 ? 'cohort' : 'cohorts'} since {formatMonth(`${table.cohorts[0]?.month ?? table.at.slice(0, 7)}-01`)} ·{' '}
            {formatCount(table.cohorts.reduce((sum, cohort) => sum + cohort.customers, 0))} customers
          </p>
          <CohortHeatmap table={table} />
        </section>
      )}
    </div>
  );
}

function CohortsSkeleton() {
  return (
    <div className="card cohort-skeleton" aria-busy="true" aria-label="Loading the cohorts">
      <span className="skeleton-line short" />
      <span className="skeleton-line" />
      <div className="cohort-skeleton-grid">
        {Array.from({ length: 8 }, (_, row) => (
          <div key={row} className="cohort-skeleton-row">
            {Array.from({ length: 12 - row }, (_, cell) => (
              <span key={cell} className="cohort-skeleton-cell" />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
