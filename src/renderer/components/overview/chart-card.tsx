import { type ReactNode, useId } from 'react';
import { type SeriesPoint } from '../../../shared/contract';
import { formatDayShort, formatMonth, formatMonthShort } from '../../lib/format';

/** A chart's frame: a titled region with an optional figure, a legend and actions, and a sized box for the chart. */
export function ChartCard({
  title,
  subtitle,
  figure,
  legend,
  actions,
  height,
  summary,
  children,
  className,
}: {
  title: string;
  subtitle?: string;
  figure?: ReactNode;
  legend?: ReactNode;
  actions?: ReactNode;
  /** The chart's height; none for content that sizes itself (a table). */
  height?: number;
  /** What the chart shows, in one sentence, for screen readers. */
  summary: string;
  children: ReactNode;
  className?: string;
}) {
  const headingId = useId();
  const summaryId = useId();
  return (
    <section className={`card chart-card ${className ?? ''}`} aria-labelledby={headingId} aria-describedby={summaryId}>
      <header className="chart-card-header">
        <div>
          <h2 id={headingId}>{title}</h2>
          {subtitle && <p className="chart-subtitle">{subtitle}</p>}
        </div>
        {actions && <div className="chart-actions">{actions}</div>}
      </header>
      {figure && <div className="chart-figure">{figure}</div>}
      {legend}
      <p id={summaryId} className="visually-hidden">
        {summary}
      </p>
      <div className={height === undefined ? 'chart-content' : 'chart-box'} style={height === undefined ? undefined : { height }}>
        {children}
      </div>
    </section>
  );
}

/** One row of a chart tooltip. */
export interface TooltipLine {
  label: string;
  value: string;
  color?: string;
  strong?: boolean;
}

/** The tooltip every Overview chart uses: a title (the day or month) and aligned figures. */
export function ChartTooltipBox({ title, lines, hint }: { title: string; lines: TooltipLine[]; hint?: string }) {
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{title}</div>
      {lines.map((line) => (
        <div key={line.label} className={`chart-tooltip-line${line.strong ? ' strong' : ''}`}>
          {line.color && <span className="swatch" style={{ background: line.color }} aria-hidden="true" />}
          <span className="chart-tooltip-label">{line.label}</span>
          <span className="chart-tooltip-value">{line.value}</span>
        </div>
      ))}
      {hint && <div className="chart-tooltip-hint">{hint}</div>}
    </div>
  );
}

/** The name of a point: "27 Nov" for a day, "Nov 2026" for a month (with "to date" while it runs). */
export function pointTitle(point: SeriesPoint, interval: 'day' | 'month'): string {
  if (interval === 'day') return formatDayShort(point.date);
  return formatMonth(point.date);
}

/**
 * Up to `count` evenly spread ticks: for days, the first of each month when the range spans months (else every few
 * days); for months, every n-th month.
 */
export function pickTicks(points: readonly SeriesPoint[], interval: 'day' | 'month', count = 7): string[] {
  if (points.length === 0) return [];
  let candidates = points.map((point) => point.date);
  if (interval === 'day' && points.length > 45) candidates = candidates.filter((date) => date.endsWith('-01'));
  if (candidates.length <= count) return candidates;
  const step = Math.ceil(candidates.length / count);
  // Keep the newest tick, and count back from it, so the latest period is always labelled.
  return candidates.filter((_, index) => (candidates.length - 1 - index) % step === 0);
}

/**
 * Tick text: days as "27 Nov"; months as "Nov" ("Jan 2026" at a new year), or always with the year ("Mar 2025") when
 * the ticks skip months over several years, so no year goes unnamed.
 */
export function tickLabel(date: string, interval: 'day' | 'month', spansDays: boolean, withYears = false): string {
  if (interval === 'day' && !spansDays) return formatDayShort(date);
  if (withYears) return formatMonth(date);
  return date.slice(5, 7) === '01' ? formatMonth(date) : formatMonthShort(date);
}

/** The colours of the charts: CSS variables, so light and dark share every chart. */
export const chartColors = {
  mrr: 'var(--chart-mrr)',
  customers: 'var(--chart-customers)',
  new: 'var(--chart-new)',
  reactivation: 'var(--chart-reactivation)',
  expansion: 'var(--chart-expansion)',
  contraction: 'var(--chart-contraction)',
  churn: 'var(--chart-churn)',
  net: 'var(--chart-net)',
  customerChurn: 'var(--chart-customer-churn)',
  netMrrChurn: 'var(--chart-net-mrr-churn)',
  grid: 'var(--chart-grid)',
  axis: 'var(--text-faint)',
} as const;

export const axisProps = {
  tick: { fill: chartColors.axis, fontSize: 11 },
  tickLine: false,
  axisLine: false,
} as const;

/** What a chart's tooltip content receives, as far as the Overview reads it. */
export interface ChartTooltipProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}

/**
 * Round axis ticks covering [min, max] (0 always included): steps of 1, 2, 2.5 or 5 times a power of ten, so an axis
 * reads $0, $1K, $2K rather than $0, $800, $1.6K.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const low = Math.min(0, min);
  const high = Math.max(0, max);
  if (high - low <= 0) return [0, 1];
  const rough = (high - low) / (count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let tick = Math.floor(low / step) * step; tick <= Math.ceil(high / step) * step + step / 2; tick += step) ticks.push(Math.round(tick * 1e6) / 1e6);
  return ticks;
}
