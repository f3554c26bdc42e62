import { useCallback, useEffect, useMemo, useState } from 'react';
import { type Insight, type InsightSeverity, insightSeverities } from '../../shared/contract';
import { EmptyState } from '../components/empty-state';
import { InsightCard } from '../components/insights/insight-card';
import { revealSetting } from '../components/insights/reveal-setting';
import { DrilldownPanel } from '../components/overview/drilldown-panel';
import { movementLabels } from '../components/overview/movements-chart';
import { PageHeader } from '../components/page-header';
import { formatCount, formatDay, formatDayRange } from '../lib/format';
import { useLiveRefresh } from '../lib/use-live-refresh';
import { useAppStore } from '../stores/app-store';
import { useCustomersStore } from '../stores/customers-store';
import { useInsightsStore } from '../stores/insights-store';
import { type DrillRequest, useOverviewStore } from '../stores/overview-store';
import '../styles/overview.css';
import '../styles/customers.css';
import '../styles/insights.css';

type Filter = 'all' | InsightSeverity;

const filterLabels: Record<Filter, string> = { all: 'All', critical: 'Critical', warning: 'Warnings', info: 'Info' };

/** The drill-down an insight's `drilldown` names, in the Overview's panel. */
function drillRequest(insight: Insight): DrillRequest | null {
  const drill = insight.drilldown;
  if (!drill) return null;
  const { figure, currency, from, to } = drill;
  if (figure === 'mrr' || figure === 'payingCustomers') {
    return {
      title: figure === 'mrr' ? `MRR on ${formatDay(to)}` : `Paying customers on ${formatDay(to)}`,
      description: figure === 'mrr' ? 'Each paying customer’s MRR at the end of the day. The rows add up to the MRR exactly.' : 'Every customer with MRR above 0 at the end of the day.',
      currency,
      parts: [{ figure, from, to, label: figure === 'mrr' ? 'Paying customers, by MRR' : 'Customers with MRR above 0', sign: 1 }],
    };
  }
  const label = movementLabels[figure];
  return {
    title: `${label}, ${formatDayRange(from, to)}`,
    description: `Each ${label.toLowerCase()} movement: one customer’s change of MRR on one day. The rows add up to the total.`,
    currency,
    parts: [{ figure, from, to, label, sign: figure === 'churn' || figure === 'contraction' ? -1 : 1 }],
  };
}

/** Insights: what in the metrics needs attention today, each with its figures, its threshold and the rows behind it. */
export function InsightsPage() {
  const account = useAppStore((state) => state.accounts[0]);
  const accountId = account?.id;
  const status = useInsightsStore((state) => state.status);
  const data = useInsightsStore((state) => state.data);
  const error = useInsightsStore((state) => state.error);
  const refreshing = useInsightsStore((state) => state.refreshing);
  const expanded = useInsightsStore((state) => state.expanded);
  const refresh = useInsightsStore((state) => state.refresh);
  const drill = useOverviewStore((state) => state.drill);
  const closeDrill = useOverviewStore((state) => state.closeDrill);
  const [filter, setFilter] = useState<Filter>('all');
  // Insights read the MRR settings and the thresholds: a change to either re-evaluates them.
  const settingsKey = useAppStore((state) => `${String(state.settings.subtractFiniteDiscounts)}:${state.settings.cancellation}:${JSON.stringify(state.settings.insightThresholds)}`);

  useEffect(() => {
    if (!accountId) return;
    const store = useInsightsStore.getState();
    void store.load(accountId, { quiet: store.data?.accountId === accountId });
  }, [accountId]);
  useLiveRefresh(accountId, refresh, settingsKey);
  // The drill-down panel belongs to the page that opened it.
  useEffect(() => () => useOverviewStore.getState().closeDrill(), []);

  const openDrilldown = useCallback(
    (insight: Insight) => {
      const request = drillRequest(insight);
      if (accountId && request) void useOverviewStore.getState().openDrill(accountId, request);
    },
    [accountId],
  );
  const openCustomer = useCallback((customerId: string) => {
    useOverviewStore.getState().closeDrill();
    useCustomersStore.getState().openCustomer(customerId);
  }, []);
  const changeThreshold = useCallback((insight: Insight) => {
    useAppStore.getState().navigate('settings');
    const first = insight.thresholds[0];
    if (first) revealSetting(`threshold-${first.setting}`);
  }, []);
  const toggleRows = useInsightsStore((state) => state.toggleRows);

  const list = data && data.accountId === accountId ? data.list : null;
  const counts = useMemo(() => {
    const bySeverity: Record<Filter, number> = { all: 0, critical: 0, warning: 0, info: 0 };
    for (const insight of list?.insights ?? []) {
      bySeverity.all++;
      bySeverity[insight.severity]++;
    }
    return bySeverity;
  }, [list]);

  if (!account || !accountId) return null;
  // A filter whose insights have all gone (a refresh resolved them) shows everything again.
  const activeFilter: Filter = filter !== 'all' && counts[filter] === 0 ? 'all' : filter;
  const shown = list ? list.insights.filter((insight) => activeFilter === 'all' || insight.severity === activeFilter) : [];
  const description = list ? `${account.displayName} · as of ${formatDay(list.at)}` : account.displayName;
  const hasInsights = list !== null && list.insights.length > 0 && status !== 'failed';

  const actions = (
    <div className="overview-controls">
      <span className={`refresh-indicator${refreshing ? ' visible' : ''}`} role="status" aria-live="polite">
        {refreshing ? 'Updating…' : ''}
      </span>
      {hasInsights && (
        <div className="segmented" role="group" aria-label="Show">
          {(['all', ...insightSeverities] as const).map((option) => (
            <button key={option} type="button" aria-pressed={activeFilter === option} onClick={() => setFilter(option)} disabled={option !== 'all' && counts[option] === 0}>
              {filterLabels[option]}
              <span className="segment-count">{formatCount(counts[option])}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );

  return (
    <div className="page insights-page">
      <PageHeader title="Insights" description={description} actions={actions} />
      {error && status !== 'failed' && (
        <div className="alert warning" role="alert">
          Could not update the insights: {error}
        </div>
      )}
      {list && !list.presentStateChecked && (
        <div className="alert info" role="note">
          These insights are for {formatDay(list.at)}: trials, coupons, renewals, payments at risk and sync freshness are checked for today only.
        </div>
      )}

      {(status === 'idle' || status === 'loading') && !list && <InsightsSkeleton />}

      {status === 'failed' && (
        <EmptyState
          icon="insights"
          title="The insights could not be loaded"
          action={
            <button className="button" onClick={() => void useInsightsStore.getState().load(accountId)}>
              Try again
            </button>
          }
        >
          {error}
        </EmptyState>
      )}

      {list && status !== 'failed' && list.insights.length === 0 && (
        <EmptyState
          icon="insights"
          title="Nothing needs your attention"
          action={
            <button className="button" onClick={() => useAppStore.getState().navigate('settings')}>
              Review thresholds
            </button>
          }
        >
          Recur checked churn, failed payments, MRR at risk, growth, concentration, trials, coupons, renewals and sync freshness for {formatDay(list.at)}. Each is held to a threshold you can change in Settings.
        </EmptyState>
      )}

      {hasInsights && (
        <section className={`insight-list${refreshing ? ' is-refreshing' : ''}`} aria-label="Insights">
          {shown.map((insight) => (
            <InsightCard
              key={insight.id}
              insight={insight}
              isExpanded={expanded.has(insight.id)}
              onToggleRows={toggleRows}
              onOpenDrilldown={openDrilldown}
              onChangeThreshold={changeThreshold}
              onOpenCustomer={openCustomer}
            />
          ))}
        </section>
      )}

      {drill && <DrilldownPanel drill={drill} onClose={closeDrill} onOpenCustomer={openCustomer} />}
    </div>
  );
}

function InsightsSkeleton() {
  return (
    <div className="insight-list" aria-busy="true" aria-label="Loading the insights">
      {Array.from({ length: 3 }, (_, index) => (
        <div key={index} className="insight-card skeleton" aria-hidden="true">
          <span className="skeleton-line short" />
          <span className="skeleton-line tall" />
          <span className="skeleton-line" />
        </div>
      ))}
    </div>
  );
}
