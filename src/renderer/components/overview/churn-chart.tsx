import { memo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMonth, formatMonthShort, formatPercent } from '../../lib/format';
import { type MonthRates } from '../../stores/overview-store';
import { axisProps, ChartCard, chartColors, ChartTooltipBox, type ChartTooltipProps, niceTicks } from './chart-card';
import { ChartKeyboardFrame, useChartKeyboard } from './chart-keyboard';

export type ChurnRateKind = 'customerChurnRate' | 'netMrrChurnRate';

export const churnRateLabels: Record<ChurnRateKind, string> = {
  customerChurnRate: 'Customer churn',
  netMrrChurnRate: 'Net MRR churn',
};

interface Row {
  month: string;
  at: string;
  customerChurnRate: number | null;
  netMrrChurnRate: number | null;
}

const kinds: readonly ChurnRateKind[] = ['customerChurnRate', 'netMrrChurnRate'];

/**
 * Customer churn and net MRR churn per calendar month: each month's rates as the core computes them at the month's end
 * (the overview at that day), the month in progress to date. Net MRR churn below zero means expansion and
 * reactivation outgrew what was lost.
 */
export const ChurnChart = memo(function ChurnChart({ months, onOpen, className }: { months: MonthRates[]; onOpen(kind: ChurnRateKind, month: MonthRates): void; className?: string }) {
  const [asTable, setAsTable] = useState(false);
  // In percent, so the axis picks round ticks (5%, 10%) rather than round fractions.
  const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? null : ratio * 100);
  const rows: Row[] = months.map((month) => ({
    month: month.month,
    at: month.at,
    customerChurnRate: percent(month.figures?.customerChurnRate),
    netMrrChurnRate: percent(month.figures?.netMrrChurnRate),
  }));
  const latest = rows[rows.length - 1];
  const values = rows.flatMap((row) => [row.customerChurnRate, row.netMrrChurnRate]).filter((value): value is number => value !== null);
  const yTicks = niceTicks(Math.min(0, ...values), Math.max(0, ...values));

  const keyboard = useChartKeyboard<Row>({
    label: 'Churn rates chart',
    hint: 'Left and right arrow keys move between months; Enter shows the month’s customer churn. Show table opens net MRR churn too.',
    describe: (row) => `${formatMonth(row.month)}: ${kinds.map((kind) => `${churnRateLabels[kind]} ${formatPercent(row[kind] === null ? null : row[kind] / 100)}`).join(', ')}.`,
    onOpen: (row) => {
      const month = months.find((candidate) => candidate.month === row.month);
      if (month) onOpen('customerChurnRate', month);
    },
  });

  const renderTooltip = ({ active, payload }: ChartTooltipProps) => {
    const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
    if (!row) return null;
    const inProgress = row.at.slice(0, 7) === row.month.slice(0, 7) && !isMonthEnd(row.at);
    return (
      <ChartTooltipBox
        title={`${formatMonth(row.month)}${inProgress ? ' (to date)' : ''}`}
        lines={kinds.map((kind) => ({ label: churnRateLabels[kind], value: formatPercent(row[kind] === null ? null : row[kind] / 100), color: kind === 'customerChurnRate' ? chartColors.customerChurn : chartColors.netMrrChurn }))}
        hint="Click a bar to see the movements, or press Enter for customer churn"
      />
    );
  };

  return (
    <ChartCard
      className={className}
      title="Churn rates"
      subtitle="Per calendar month"
      legend={
        <div className="chart-legend static" aria-hidden="true">
          <span className="legend-item">
            <span className="swatch" style={{ background: chartColors.customerChurn }} />
            Customer churn
          </span>
          <span className="legend-item">
            <span className="swatch" style={{ background: chartColors.netMrrChurn }} />
            Net MRR churn
          </span>
        </div>
      }
      actions={
        <button type="button" className="button small ghost" aria-pressed={asTable} onClick={() => setAsTable((value) => !value)}>
          {asTable ? 'Show chart' : 'Show table'}
        </button>
      }
      height={asTable ? undefined : 220}
      summary={
        latest
          ? `Customer churn and net MRR churn per month; ${formatMonth(latest.month)}: ${formatPercent(months[months.length - 1]?.figures?.customerChurnRate)} customer churn, ${formatPercent(months[months.length - 1]?.figures?.netMrrChurnRate)} net MRR churn.`
          : 'No months in this range.'
      }
    >
      {asTable ? (
        <div className="movements-table-wrap">
          <table className="table">
            <caption className="visually-hidden">Churn rates per month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                {kinds.map((kind) => (
                  <th key={kind} scope="col" className="number">
                    {churnRateLabels[kind]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...months].reverse().map((month) => (
                <tr key={month.month}>
                  <th scope="row">{formatMonth(month.month)}</th>
                  {kinds.map((kind) => (
                    <td key={kind} className="number">
                      <button type="button" className="figure-link" onClick={() => onOpen(kind, month)}>
                        {formatPercent(month.figures?.[kind])}
                      </button>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ChartKeyboardFrame keyboard={keyboard.frame}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart {...keyboard.chartProps} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barGap={2} barCategoryGap={rows.length > 12 ? '18%' : '30%'}>
              <CartesianGrid vertical={false} stroke={chartColors.grid} />
              <XAxis
                dataKey="month"
                {...axisProps}
                minTickGap={8}
                tickFormatter={(month: string) => formatMonthShort(month)}
              />
              <YAxis
                {...axisProps}
                // Its ticks are chosen (niceTicks) to fit: recharts need not measure each label to thin them out.
                interval={0}
                width={44}
                ticks={yTicks}
                domain={[yTicks[0] ?? 0, yTicks[yTicks.length - 1] ?? 1]}
                tickFormatter={(value: number) => `${value < 0 ? '−' : ''}${Math.abs(Math.round(value * 10) / 10)}%`}
              />
              <ReferenceLine y={0} stroke="var(--border-strong)" />
              <Tooltip content={renderTooltip} cursor={{ fill: 'var(--surface-muted)', opacity: 0.6 }} isAnimationActive={false} />
              {kinds.map((kind) => (
                <Bar
                  key={kind}
                  dataKey={kind}
                  name={churnRateLabels[kind]}
                  fill={kind === 'customerChurnRate' ? chartColors.customerChurn : chartColors.netMrrChurn}
                  radius={[3, 3, 3, 3]}
                  maxBarSize={18}
                  isAnimationActive={false}
                  className="clickable-bar"
                  onClick={(entry: { payload?: Row }) => {
                    const month = months.find((candidate) => candidate.month === entry.payload?.month);
                    if (month) onOpen(kind, month);
                  }}
                />
              ))}
              {keyboard.tracker}
            </BarChart>
          </ResponsiveContainer>
        </ChartKeyboardFrame>
      )}
    </ChartCard>
  );
});

function isMonthEnd(day: string): boolean {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
  return next.getUTCDate() === 1;
}
