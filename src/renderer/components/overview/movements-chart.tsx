import { memo, useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { type MovementTypeName, type Series, type SeriesPoint } from '../../../shared/contract';
import { formatDayRange, formatMoney, formatMoneyCompact, formatSignedMoney } from '../../lib/format';
import { axisProps, ChartCard, chartColors, ChartTooltipBox, type ChartTooltipProps, niceTicks, pickTicks, pointTitle, tickLabel } from './chart-card';
import { ChartKeyboardFrame, useChartKeyboard } from './chart-keyboard';

/** The movement types in the order they stack: gains up from zero, losses down from it. */
export const movementOrder: readonly MovementTypeName[] = ['new', 'reactivation', 'expansion', 'contraction', 'churn'];

export const movementLabels: Record<MovementTypeName, string> = {
  new: 'New',
  reactivation: 'Reactivation',
  expansion: 'Expansion',
  contraction: 'Contraction',
  churn: 'Churn',
};

export const movementSign: Record<MovementTypeName, 1 | -1> = { new: 1, reactivation: 1, expansion: 1, contraction: -1, churn: -1 };

interface Row extends SeriesPoint {
  /** Losses as negative numbers, so they stack below zero. */
  contractionDown: number;
  churnDown: number;
}

const barKey: Record<MovementTypeName, keyof Row> = {
  new: 'new',
  reactivation: 'reactivation',
  expansion: 'expansion',
  contraction: 'contractionDown',
  churn: 'churnDown',
};

/**
 * MRR movements per month (per day for short ranges): new, reactivation and expansion stacked up from zero,
 * contraction and churn down from it, with net new MRR as a line. Every bar, legend entry and table cell opens the
 * movements behind it; from the keyboard, the arrow keys move between periods and Enter opens all of a period's
 * movements (its net new MRR).
 */
export const MovementsChart = memo(function MovementsChart({
  series,
  onOpen,
  className,
}: {
  series: Series;
  /** Opens the movements of `types` over [from, to] (several types: net new MRR). */
  onOpen(types: readonly MovementTypeName[], from: string, to: string, label: string): void;
  className?: string;
}) {
  const [asTable, setAsTable] = useState(false);
  const { currency, interval } = series;
  const rows: Row[] = series.points.map((point) => ({ ...point, contractionDown: -point.contraction, churnDown: -point.churn }));
  const ticks = pickTicks(series.points, interval, interval === 'day' ? 8 : 12);
  const spansDays = interval === 'day' && series.points.length > 45;
  const unit = interval === 'day' ? 'day' : 'month';
  const rangeLabel = formatDayRange(series.from, series.to);
  const yTicks = niceTicks(
    Math.min(0, ...series.points.map((point) => Math.min(-(point.contraction + point.churn), point.netNew))),
    Math.max(0, ...series.points.map((point) => Math.max(point.new + point.reactivation + point.expansion, point.netNew))),
  );

  const keyboard = useChartKeyboard<Row>({
    label: 'MRR movements chart',
    hint: `Left and right arrow keys move between ${unit}s; Enter shows the ${unit}’s movements. Show table opens each type on its own.`,
    describe: (point) =>
      `${pointTitle(point, interval)}: ${movementOrder.map((type) => `${movementLabels[type]} ${formatSignedMoney(movementSign[type] * point[type], currency)}`).join(', ')}; net new MRR ${formatSignedMoney(point.netNew, currency)}.`,
    onOpen: (point) => onOpen(movementOrder, point.date, point.endDate, 'Net new MRR'),
  });

  const renderTooltip = ({ active, payload }: ChartTooltipProps) => {
    const point = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
    if (!point) return null;
    return (
      <ChartTooltipBox
        title={pointTitle(point, interval)}
        lines={[
          ...movementOrder.map((type) => ({ label: movementLabels[type], value: formatSignedMoney(movementSign[type] * point[type], currency), color: chartColors[type] })),
          { label: 'Net new MRR', value: formatSignedMoney(point.netNew, currency), color: chartColors.net, strong: true },
        ]}
        hint="Click a bar to see its movements, or press Enter for all of them"
      />
    );
  };

  const legend = (
    <div className="chart-legend" role="group" aria-label="Movement types: open the movements of the whole range">
      {movementOrder.map((type) => (
        <button key={type} type="button" className="legend-item" onClick={() => onOpen([type], series.from, series.to, `${movementLabels[type]} MRR`)} aria-label={`${movementLabels[type]} MRR movements, ${rangeLabel}`}>
          <span className="swatch" style={{ background: chartColors[type] }} aria-hidden="true" />
          {movementLabels[type]}
        </button>
      ))}
      <button type="button" className="legend-item" onClick={() => onOpen(movementOrder, series.from, series.to, 'Net new MRR')} aria-label={`Net new MRR, ${rangeLabel}`}>
        <span className="swatch line" style={{ background: chartColors.net }} aria-hidden="true" />
        Net new MRR
      </button>
    </div>
  );

  return (
    <ChartCard
      className={className}
      title="MRR movements"
      subtitle={`Per ${unit}: gains above zero, losses below, net as a line`}
      legend={legend}
      actions={
        <button type="button" className="button small ghost" aria-pressed={asTable} onClick={() => setAsTable((value) => !value)}>
          {asTable ? 'Show chart' : 'Show table'}
        </button>
      }
      height={asTable ? undefined : 280}
      summary={`MRR movements per ${unit}, ${rangeLabel}: new, reactivation and expansion above zero, contraction and churn below, net new MRR as a line.`}
    >
      {asTable ? null : (
        <ChartKeyboardFrame keyboard={keyboard.frame}>
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart {...keyboard.chartProps} data={rows} stackOffset="sign" margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap={interval === 'day' ? '18%' : '28%'}>
              <CartesianGrid vertical={false} stroke={chartColors.grid} />
              <XAxis dataKey="date" ticks={ticks} tickFormatter={(date: string) => tickLabel(date, interval, spansDays)} {...axisProps} minTickGap={8} />
              <YAxis
                {...axisProps}
                // Its ticks are chosen (niceTicks) to fit: recharts need not measure each label to thin them out.
                interval={0}
                width={64}
                ticks={yTicks}
                domain={[yTicks[0] ?? 0, yTicks[yTicks.length - 1] ?? 1]}
                tickFormatter={(value: number) => (value < 0 ? `−${formatMoneyCompact(-value, currency)}` : formatMoneyCompact(value, currency))}
              />
              <ReferenceLine y={0} stroke="var(--border-strong)" />
              <Tooltip content={renderTooltip} cursor={{ fill: 'var(--surface-muted)', opacity: 0.6 }} isAnimationActive={false} />
              {movementOrder.map((type) => (
                <Bar
                  key={type}
                  dataKey={barKey[type]}
                  name={movementLabels[type]}
                  stackId="movements"
                  fill={chartColors[type]}
                  isAnimationActive={false}
                  maxBarSize={36}
                  className="clickable-bar"
                  onClick={(entry: { payload?: Row }) => {
                    if (entry.payload) onOpen([type], entry.payload.date, entry.payload.endDate, `${movementLabels[type]} MRR`);
                  }}
                />
              ))}
              <Line
                type="linear"
                dataKey="netNew"
                name="Net new MRR"
                stroke={chartColors.net}
                strokeWidth={1.75}
                dot={interval === 'month' ? { r: 2.5, strokeWidth: 0, fill: chartColors.net } : false}
                activeDot={{ r: 4, strokeWidth: 2, stroke: 'var(--surface)', fill: chartColors.net }}
                isAnimationActive={false}
              />
              {keyboard.tracker}
            </ComposedChart>
          </ResponsiveContainer>
        </ChartKeyboardFrame>
      )}
      {asTable && <MovementsTable series={series} onOpen={onOpen} />}
    </ChartCard>
  );
});

/** The chart's numbers as a table, every one of them a button: the keyboard's way into each bar. */
function MovementsTable({ series, onOpen }: { series: Series; onOpen(types: readonly MovementTypeName[], from: string, to: string, label: string): void }) {
  const { currency, interval } = series;
  return (
    <div className="movements-table-wrap">
      <table className="table movements-table">
        <caption className="visually-hidden">MRR movements per {interval}</caption>
        <thead>
          <tr>
            <th scope="col">{interval === 'day' ? 'Day' : 'Month'}</th>
            {movementOrder.map((type) => (
              <th key={type} scope="col" className="number">
                {movementLabels[type]}
              </th>
            ))}
            <th scope="col" className="number">
              Net
            </th>
          </tr>
        </thead>
        <tbody>
          {[...series.points].reverse().map((point) => (
            <tr key={point.date}>
              <th scope="row">{pointTitle(point, interval)}</th>
              {movementOrder.map((type) => (
                <td key={type} className="number">
                  <button type="button" className="figure-link" onClick={() => onOpen([type], point.date, point.endDate, `${movementLabels[type]} MRR`)} disabled={point[type] === 0}>
                    {point[type] === 0 ? formatMoney(0, currency) : formatSignedMoney(movementSign[type] * point[type], currency)}
                  </button>
                </td>
              ))}
              <td className="number">
                <button type="button" className="figure-link strong" onClick={() => onOpen(movementOrder, point.date, point.endDate, 'Net new MRR')}>
                  {formatSignedMoney(point.netNew, currency)}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
