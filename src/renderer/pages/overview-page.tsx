import { useCallback, useEffect, useMemo, useRef } from 'react';
import { type MovementTypeName, type SeriesPoint } from '../../shared/contract';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { ChurnChart, type ChurnRateKind } from '../components/overview/churn-chart';
import { CurrencySelect } from '../components/overview/currency-select';
import { CustomersChart } from '../components/overview/customers-chart';
import { DrilldownPanel } from '../components/overview/drilldown-panel';
import { KpiCard, KpiCardSkeleton } from '../components/overview/kpi-card';
import { buildKpis, customerChurnDrill, netMrrChurnDrill } from '../components/overview/kpis';
import { movementLabels, MovementsChart, movementSign } from '../components/overview/movements-chart';
import { MrrChart } from '../components/overview/mrr-chart';
import { RangePicker } from '../components/overview/range-picker';
import { subscribe } from '../lib/api';
import { useAfterPaint } from '../lib/use-after-paint';
import { formatCount, formatDay, formatDayRange, formatMoney, todayIso } from '../lib/format';
import { useAppStore } from '../stores/app-store';
import { useCurrentAccount } from '../stores/current-account';
import { useCustomersStore } from '../stores/customers-store';
import { type DrillRequest, type MonthRates, resolveRange, useOverviewStore } from '../stores/overview-store';
import { useSyncStore } from '../stores/sync-store';
import '../styles/overview.css';

/**
 * The dashboard: KPI cards, MRR, movements, paying customers and churn over the chosen range, in one currency, every
 * figure opening the rows behind it. Syncs and events refresh it in place (`data:changed`, `sync:finished`).
 */
export function OverviewPage() {
  const account = useCurrentAccount();
  const accountId = account?.id;
  const status = useOverviewStore((state) => state.status);
  const data = useOverviewStore((state) => state.data);
  const error = useOverviewStore((state) => state.error);
  const refreshing = useOverviewStore((state) => state.refreshing);
  const range = useOverviewStore((state) => state.range);
  const drill = useOverviewStore((state) => state.drill);

  useEffect(() => {
    if (!accountId) return;
    const store = useOverviewStore.getState();
    // Coming back to the page: what is on screen stays while it is brought up to date.
    void store.load(accountId, { quiet: store.data?.accountId === accountId });
    if (!useSyncStore.getState().statuses.some((candidate) => candidate.accountId === accountId)) void useSyncStore.getState().refresh(accountId).catch(() => undefined);
  }, [accountId]);

  useEffect(() => {
    if (!accountId) return;
    const refresh = () => void useOverviewStore.getState().refresh(accountId);
    const stopData = subscribe('data:changed', ({ scopes }) => {
      if (scopes.includes('data')) refresh();
    });
    const stopFinished = subscribe('sync:finished', ({ run }) => {
      if (run.accountId === accountId) refresh();
    });
    return () => {
      stopData();
      stopFinished();
    };
  }, [accountId]);

  // The MRR settings (finite discounts, cancellation timing) change every figure: refetch, quietly, when they change.
  const mrrSettingsKey = useAppStore((state) => `${String(state.settings.subtractFiniteDiscounts)}:${state.settings.cancellation}`);
  const shownSettingsKey = useRef(mrrSettingsKey);
  useEffect(() => {
    if (!accountId || shownSettingsKey.current === mrrSettingsKey) return;
    shownSettingsKey.current = mrrSettingsKey;
    void useOverviewStore.getState().refresh(accountId);
  }, [accountId, mrrSettingsKey]);

  const kpis = useMemo(() => (data ? buildKpis(data) : []), [data]);
  // The figures paint first; the charts (hundreds of SVG elements, their axes measured) follow a frame later instead of
  // holding the first screen back. A refresh keeps the charts on screen until the new ones are drawn.
  const charted = useAfterPaint(data);
  const resolved = data ? { from: data.from, to: data.to } : resolveRange(range, todayIso());

  const openDrill = useOverviewStore((state) => state.openDrill);
  const closeDrill = useOverviewStore((state) => state.closeDrill);
  // A drill-down row opens the customer on the Customers page (its store navigates there).
  const onOpenCustomer = useCallback(
    (customerId: string) => {
      closeDrill();
      useCustomersStore.getState().openCustomer(customerId);
    },
    [closeDrill],
  );

  const openPoint = useCallback(
    (figure: 'mrr' | 'payingCustomers', point: SeriesPoint) => {
      if (!accountId || !data) return;
      const day = formatDay(point.endDate);
      void openDrill(accountId, {
        title: figure === 'mrr' ? `MRR on ${day}` : `Paying customers on ${day}`,
        description: figure === 'mrr' ? 'Each paying customer’s MRR at the end of the day. The rows add up to the MRR exactly.' : 'Every customer with MRR above 0 at the end of the day.',
        currency: data.currency,
        headline: { label: figure === 'mrr' ? 'MRR' : 'Paying customers', value: figure === 'mrr' ? formatMoney(point.mrr, data.currency) : formatCount(point.payingCustomers) },
        parts: [{ figure, from: point.endDate, to: point.endDate, label: figure === 'mrr' ? 'Paying customers, by MRR' : 'Customers with MRR above 0', sign: 1 }],
      });
    },
    [accountId, data, openDrill],
  );
  const openMrrPoint = useCallback((point: SeriesPoint) => openPoint('mrr', point), [openPoint]);
  const openCustomersPoint = useCallback((point: SeriesPoint) => openPoint('payingCustomers', point), [openPoint]);
  const openKpi = useCallback((request: DrillRequest) => (accountId ? void openDrill(accountId, request) : undefined), [accountId, openDrill]);

  const openMovements = useCallback(
    (types: readonly MovementTypeName[], from: string, to: string, label: string) => {
      if (!accountId || !data) return;
      const period = formatDayRange(from, to);
      void openDrill(accountId, {
        title: `${label}, ${period}`,
        description:
          types.length > 1
            ? 'New, reactivation and expansion add to MRR; contraction and churn take from it. Each movement is one customer’s change of MRR on one day.'
            : `Each ${movementLabels[types[0] ?? 'new'].toLowerCase()} movement: one customer’s change of MRR on one day. The rows add up to the total.`,
        currency: data.currency,
        parts: types.map((type) => ({ figure: type, from, to, label: movementLabels[type], sign: movementSign[type] })),
        formula: types.length > 1 ? { label: 'Net new MRR' } : undefined,
      });
    },
    [accountId, data, openDrill],
  );

  const openChurn = useCallback(
    (kind: ChurnRateKind, month: MonthRates) => {
      if (!accountId || !data || !month.figures) return;
      void openDrill(accountId, kind === 'customerChurnRate' ? customerChurnDrill(month.figures, data.currency) : netMrrChurnDrill(month.figures, data.currency));
    },
    [accountId, data, openDrill],
  );

  if (!account || !accountId) return null;
  const { setRange, setCurrency } = useOverviewStore.getState();

  const actions = (
    <div className="overview-controls">
      <span className={`refresh-indicator${refreshing ? ' visible' : ''}`} role="status" aria-live="polite">
        {refreshing ? 'Updating…' : ''}
      </span>
      <RangePicker range={range} resolved={resolved} onChange={(next) => setRange(accountId, next)} />
      {data && <CurrencySelect currencies={data.currencies} value={data.currency} onChange={(currency) => setCurrency(accountId, currency)} />}
    </div>
  );

  const description = data ? `${account.displayName} · ${data.currency.toUpperCase()} · as of ${formatDay(data.to)}` : account.displayName;

  return (
    <div className="page overview-page">
      <PageHeader title="Overview" description={description} actions={status === 'empty' ? undefined : actions} />
      {error && status !== 'failed' && (
        <div className="alert warning" role="alert">
          Could not update the figures: {error}
        </div>
      )}

      {(status === 'idle' || status === 'loading') && !data && <OverviewSkeleton />}

      {status === 'failed' && (
        <EmptyState
          icon="overview"
          title="The figures could not be loaded"
          action={
            <button className="button" onClick={() => void useOverviewStore.getState().load(accountId)}>
              Try again
            </button>
          }
        >
          {error}
        </EmptyState>
      )}

      {status === 'empty' && <NoFigures accountId={accountId} displayName={account.displayName} />}

      {data && status !== 'failed' && status !== 'empty' && (
        <div className={`overview-content${refreshing ? ' is-refreshing' : ''}`}>
          <section className="kpi-grid" aria-label="Key figures">
            {kpis.map(({ kpi, drill: request }) => (
              <KpiCard key={kpi.id} kpi={kpi} request={request} onOpen={openKpi} />
            ))}
          </section>
          {charted ? (
            <>
              <MrrChart series={charted.trend} onPointClick={openMrrPoint} className="chart-wide" />
              <MovementsChart series={charted.movements} onOpen={openMovements} className="chart-wide" />
              <div className="chart-pair">
                <CustomersChart series={charted.trend} onPointClick={openCustomersPoint} />
                <ChurnChart months={charted.months} onOpen={openChurn} />
              </div>
            </>
          ) : (
            <ChartsSkeleton />
          )}
        </div>
      )}

      {drill && <DrilldownPanel drill={drill} onClose={closeDrill} onOpenCustomer={onOpenCustomer} />}
    </div>
  );
}

/**
 * Before the first figures: says whether the first sync is still running. Its own component, so the sync's progress
 * events re-render this line only, never the charts.
 */
function NoFigures({ accountId, displayName }: { accountId: string; displayName: string }) {
  const fetched = useSyncStore((state) => {
    const progress = state.progress[accountId];
    return progress ? Object.values(progress.counts).reduce((sum, count) => sum + count.fetched, 0) : null;
  });
  const isSyncing = useSyncStore((state) => state.progress[accountId] !== undefined || state.statuses.some((status) => status.accountId === accountId && status.state === 'syncing'));
  return (
    <EmptyState icon={isSyncing ? 'sync' : 'overview'} title={isSyncing ? 'Your first sync is running' : 'No metrics yet'}>
      {isSyncing
        ? `Recur is copying ${displayName} from Stripe${fetched !== null ? ` (${formatCount(fetched)} objects so far)` : ''}. MRR, churn and retention appear here as soon as it finishes.`
        : `MRR, ARR, churn and retention appear here once ${displayName} has a subscription that Recur has synced.`}
    </EmptyState>
  );
}

function ChartsSkeleton() {
  return (
    <>
      <div className="card chart-skeleton" aria-hidden="true" />
      <div className="card chart-skeleton" aria-hidden="true" />
    </>
  );
}

function OverviewSkeleton() {
  return (
    <div className="overview-skeleton" aria-busy="true" aria-label="Loading the figures">
      <div className="kpi-grid">
        {Array.from({ length: 9 }, (_, index) => (
          <KpiCardSkeleton key={index} />
        ))}
      </div>
      <ChartsSkeleton />
    </div>
  );
}
