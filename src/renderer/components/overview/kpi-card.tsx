import { memo } from 'react';
import { type DrillRequest } from '../../stores/overview-store';
import { Sparkline } from './sparkline';

export interface KpiChange {
  /** "+12.4%", "+3", "−0.8 pts". */
  text: string;
  direction: 'up' | 'down' | 'flat';
  /** Whether the change is good news: churn going up is not. */
  tone: 'good' | 'bad' | 'neutral';
}

export interface Kpi {
  id: string;
  label: string;
  /** Already formatted; "—" when the figure is null. */
  value: string;
  /** What the figure covers, e.g. "Nov 1–27" for rates. */
  period?: string;
  change: KpiChange | null;
  /** "vs 31 Oct 2026". */
  comparedTo: string | null;
  /** Oldest first; nulls are gaps. */
  spark: (number | null)[];
  /** The definition, for the tooltip and the screen reader. */
  definition: string;
}

/**
 * One KPI: the figure, its change against the end of the period before, and a sparkline of the range. The whole card
 * is one button that opens the rows behind the figure.
 */
export const KpiCard = memo(function KpiCard({ kpi, request, onOpen }: { kpi: Kpi; request: DrillRequest; onOpen(request: DrillRequest): void }) {
  const hasSpark = kpi.spark.filter((value) => value !== null).length > 1;
  const changeWords = kpi.change ? `${kpi.change.direction === 'up' ? 'up' : kpi.change.direction === 'down' ? 'down' : 'unchanged'} ${kpi.change.text.replace(/^[+−]/, '')} ${kpi.comparedTo ?? ''}` : '';
  return (
    <button
      type="button"
      className="kpi-card"
      data-kpi={kpi.id}
      onClick={() => onOpen(request)}
      title={kpi.definition}
      aria-label={`${kpi.label}: ${kpi.value}${kpi.period ? `, ${kpi.period}` : ''}${changeWords ? `, ${changeWords}` : ''}. Show what makes it up.`}
    >
      <span className="kpi-top">
        <span className="kpi-label">{kpi.label}</span>
        {kpi.period && <span className="kpi-period">{kpi.period}</span>}
      </span>
      {/* elementtiming: Chromium's Element Timing API reports when the figure was painted (the UI benchmark reads it). */}
      <span className="kpi-value" data-testid="kpi-value" {...{ elementtiming: `kpi-${kpi.id}` }}>
        {kpi.value}
      </span>
      <span className="kpi-bottom">
        <span className="kpi-change-line">
          {kpi.change ? (
            <span className={`kpi-change ${kpi.change.tone}`}>{kpi.change.text}</span>
          ) : (
            kpi.comparedTo && <span className="kpi-change none">—</span>
          )}
          <span className="kpi-compared">{kpi.comparedTo ?? 'No earlier period'}</span>
        </span>
        <span className="kpi-spark" aria-hidden="true">
          {hasSpark && <Sparkline values={kpi.spark} />}
        </span>
      </span>
    </button>
  );
});

/** The card's shape while the figures load. */
export function KpiCardSkeleton() {
  return (
    <div className="kpi-card skeleton" aria-hidden="true">
      <span className="skeleton-line short" />
      <span className="skeleton-line tall" />
      <span className="skeleton-line" />
    </div>
  );
}
