import { memo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { type Series, type SeriesPoint } from '../../../shared/contract';
import { formatCount, formatDay, formatMoney, formatMoneyCompact } from '../../lib/format';
import { axisProps, ChartCard, chartColors, ChartTooltipBox, type ChartTooltipProps, niceTicks, pickTicks, pointTitle, tickLabel } from './chart-card';
import { ChartKeyboardFrame, useChartKeyboard } from './chart-keyboard';

type Metric = 'mrr' | 'payingCustomers';

const metricText: Record<Metric, { title: string; color: string; gradient: string }> = {
  mrr: { title: 'MRR', color: chartColors.mrr, gradient: 'overview-mrr-fill' },
  payingCustomers: { title: 'Paying customers', color: chartColors.customers, gradient: 'overview-customers-fill' },
};

/** A point's index from a chart click (recharts gives it as a number or a string). */
export function clickedIndex(state: { activeTooltipIndex?: number | string | null } | null | undefined): number | null {
  const index = Number(state?.activeTooltipIndex);
  return state?.activeTooltipIndex === undefined || state.activeTooltipIndex === null || Number.isNaN(index) ? null : index;
}

/**
 * MRR (or paying customers) over the range, at the end of each day or month. Clicking the chart opens the customers
 * behind the value on the day under the pointer; from the keyboard, the arrow keys move between points and Enter opens
 * the one shown.
 */
export function TrendChart({
  series,
  metric,
  onPointClick,
  height = 260,
  className,
}: {
  series: Series;
  metric: Metric;
  onPointClick(point: SeriesPoint): void;
  height?: number;
  className?: string;
}) {
  const { title, color, gradient } = metricText[metric];
  const points = series.points;
  const first = points[0];
  const last = points[points.length - 1];
  const format = (value: number) => (metric === 'mrr' ? formatMoney(value, series.currency) : formatCount(value));
  const ticks = pickTicks(points, series.interval);
  const spansDays = series.interval === 'day' && points.length > 45;
  const change = first && last ? last[metric] - first[metric] : 0;
  const yTicks = niceTicks(0, Math.max(0, ...points.map((point) => point[metric])), metric === 'mrr' ? 5 : 5);

  const summary =
    first && last
      ? `${title} went from ${format(first[metric])} on ${formatDay(first.endDate)} to ${format(last[metric])} on ${formatDay(last.endDate)}.`
      : `No ${title} in this range.`;

  const unit = series.interval === 'day' ? 'days' : 'months';
  const keyboard = useChartKeyboard<SeriesPoint>({
    label: `${title} chart`,
    hint: `Left and right arrow keys move between ${unit}; Enter shows the customers behind the value.`,
    describe: (point) => `${pointTitle(point, series.interval)}: ${title} ${format(point[metric])}.`,
    onOpen: onPointClick,
  });

  const renderTooltip = ({ active, payload }: ChartTooltipProps) => {
    const point = active ? (payload?.[0]?.payload as SeriesPoint | undefined) : undefined;
    if (!point) return null;
    return (
      <ChartTooltipBox
        title={pointTitle(point, series.interval)}
        lines={[{ label: title, value: format(point[metric]), color, strong: true }]}
        hint="Click or press Enter to see the customers"
      />
    );
  };

  return (
    <ChartCard
      className={className}
      title={title}
      subtitle={series.interval === 'day' ? 'At the end of each day' : 'At the end of each month'}
      figure={
        last && (
          <>
            <span className="chart-figure-value">{format(last[metric])}</span>
            {first && points.length > 1 && (
              <span className={`chart-figure-change ${change > 0 ? 'up' : change < 0 ? 'down' : ''}`}>
                {change > 0 ? '+' : change < 0 ? '−' : ''}
                {metric === 'mrr' ? formatMoney(Math.abs(change), series.currency) : formatCount(Math.abs(change))} since {formatDay(first.endDate)}
              </span>
            )}
          </>
        )
      }
      height={height}
      summary={summary}
    >
      <ChartKeyboardFrame keyboard={keyboard.frame}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart
            {...keyboard.chartProps}
            data={points}
            margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
            onClick={(state) => {
              const index = clickedIndex(state);
              const point = index === null ? undefined : points[index];
              if (point) onPointClick(point);
            }}
            className="clickable-chart"
          >
            <defs>
              <linearGradient id={gradient} x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor={color} stopOpacity={0.28} />
                <stop offset="100%" stopColor={color} stopOpacity={0.02} />
              </linearGradient>
            </defs>
            <CartesianGrid vertical={false} stroke={chartColors.grid} />
            <XAxis dataKey="date" ticks={ticks} tickFormatter={(date: string) => tickLabel(date, series.interval, spansDays, series.interval === 'month' && points.length > 14)} {...axisProps} minTickGap={12} />
            <YAxis
              {...axisProps}
              // Its ticks are chosen (niceTicks) to fit: recharts need not measure each label to thin them out.
              interval={0}
              width={metric === 'mrr' ? 64 : 40}
              ticks={yTicks}
              domain={[yTicks[0] ?? 0, yTicks[yTicks.length - 1] ?? 1]}
              allowDecimals={false}
              tickFormatter={(value: number) => (metric === 'mrr' ? formatMoneyCompact(value, series.currency) : formatCount(value))}
            />
            <Tooltip content={renderTooltip} cursor={{ stroke: chartColors.axis, strokeDasharray: '3 3' }} isAnimationActive={false} />
            <Area
              type="monotone"
              dataKey={metric}
              name={title}
              stroke={color}
              strokeWidth={2}
              fill={`url(#${gradient})`}
              isAnimationActive={false}
              dot={false}
              activeDot={{ r: 4, strokeWidth: 2, stroke: 'var(--surface)', fill: color }}
            />
            {keyboard.tracker}
          </AreaChart>
        </ResponsiveContainer>
      </ChartKeyboardFrame>
    </ChartCard>
  );
}

export const MrrChart = memo(function MrrChart(props: { series: Series; onPointClick(point: SeriesPoint): void; className?: string }) {
  return <TrendChart {...props} metric="mrr" height={260} />;
});
