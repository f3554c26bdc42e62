import { useId } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { type CustomerDetail, type MovementTypeName } from '../../../shared/contract';
import { addDays, formatDay, formatDayShort, formatMoney, formatMoneyCompact, formatMonth, formatSignedMoney, monthStart, todayIso } from '../../lib/format';
import { MovementBadge } from './movement-badge';

type Movement = CustomerDetail['movements'][number];

interface Point {
  /** Milliseconds, so the x axis is true to time. */
  t: number;
  date: string;
  mrr: number;
  movement: Movement | null;
}

const dayMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/**
 * Up to six ticks on calendar months (every n-th first of a month) when the timeline spans more than two months;
 * else a few evenly spread days. Always inside the data, so recharts draws each one.
 */
function timeTicks(points: readonly Point[]): number[] {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || first.t === last.t) return first ? [first.t] : [];
  const months: number[] = [];
  for (let month = monthStart(first.date, 1); month <= last.date; month = monthStart(month, 1)) months.push(dayMs(month));
  if (months.length >= 3) {
    const step = Math.ceil(months.length / 6);
    return months.filter((_, index) => (months.length - 1 - index) % step === 0);
  }
  const count = 4;
  // Whole days: the spread point in days, rounded, back to milliseconds.
  return Array.from({ length: count + 1 }, (_, index) => Math.round((first.t + ((last.t - first.t) * index) / count) / 86_400_000) * 86_400_000);
}

/** MRR after each movement of one currency, as a step function from 0 before the first to today after the last. */
export function timelinePoints(movements: readonly Movement[], currency: string, today = todayIso()): Point[] {
  const ordered = movements.filter((movement) => movement.currency === currency).sort((a, b) => a.date.localeCompare(b.date));
  const first = ordered[0];
  if (!first) return [];
  const start = addDays(first.date, -1);
  const points: Point[] = [{ t: dayMs(start), date: start, mrr: 0, movement: null }];
  for (const movement of ordered) points.push({ t: dayMs(movement.date), date: movement.date, mrr: movement.mrrAfter, movement });
  const last = ordered[ordered.length - 1] as Movement;
  if (today > last.date) points.push({ t: dayMs(today), date: today, mrr: last.mrrAfter, movement: null });
  return points;
}

const movementColors: Record<MovementTypeName, string> = {
  new: 'var(--movement-new)',
  reactivation: 'var(--movement-reactivation)',
  expansion: 'var(--movement-expansion)',
  contraction: 'var(--movement-contraction)',
  churn: 'var(--movement-churn)',
};

/** A dot on each movement, in its type's colour; none on the chart's start and today. */
function MovementDot(props: { cx?: number; cy?: number; payload?: Point }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || !payload?.movement) return <g />;
  return <circle cx={cx} cy={cy} r={4} fill={movementColors[payload.movement.type]} stroke="var(--surface)" strokeWidth={2} />;
}

function TimelineTooltip({ active, payload, currency }: { active?: boolean; payload?: readonly { payload?: unknown }[]; currency: string }) {
  const point = active ? (payload?.[0]?.payload as Point | undefined) : undefined;
  if (!point) return null;
  return (
    <div className="timeline-tooltip">
      <div className="timeline-tooltip-date">{point.movement ? formatDay(point.date) : point.date === todayIso() ? 'Today' : formatDay(point.date)}</div>
      {point.movement && (
        <div className="timeline-tooltip-move">
          <MovementBadge type={point.movement.type} />
          <span className={point.movement.amount >= 0 ? 'positive' : 'negative'}>{formatSignedMoney(point.movement.amount, currency)}</span>
        </div>
      )}
      <div className="timeline-tooltip-mrr">
        MRR <strong>{formatMoney(point.mrr, currency)}</strong>
      </div>
    </div>
  );
}

/** The customer's MRR over their life: a step line that moves only on their movements. */
export function MrrTimeline({ movements, currency, currencies, onCurrency }: { movements: readonly Movement[]; currency: string; currencies: readonly string[]; onCurrency(currency: string): void }) {
  const headingId = useId();
  // useId's colons are not valid in a url(#…) reference.
  const fillId = `${headingId.replace(/[^a-zA-Z0-9_-]/g, '')}-fill`;
  const points = timelinePoints(movements, currency);
  const ticks = timeTicks(points);
  const spansMonths = ticks.every((t) => new Date(t).getUTCDate() === 1);
  const tickFormatter = (t: number) => {
    // recharts may ask for a tick of its own (not one of `ticks`) while it lays the axis out: never throw on one.
    const date = new Date(t);
    if (Number.isNaN(date.getTime())) return '';
    const iso = date.toISOString().slice(0, 10);
    return spansMonths ? formatMonth(iso) : formatDayShort(iso);
  };
  return (
    <section className="card customer-timeline" aria-labelledby={headingId}>
      <header className="customer-card-header">
        <div>
          <h2 id={headingId}>MRR timeline</h2>
          <p className="customer-card-sub">MRR after each movement, through today</p>
        </div>
        {currencies.length > 1 && (
          <div className="segmented" role="group" aria-label="Currency">
            {currencies.map((code) => (
              <button key={code} type="button" aria-pressed={code === currency} onClick={() => onCurrency(code)}>
                {code.toUpperCase()}
              </button>
            ))}
          </div>
        )}
      </header>
      {points.length === 0 ? (
        <div className="customer-timeline-empty">No MRR yet: this customer has never paid{currencies.length > 0 ? ` in ${currency.toUpperCase()}` : ''}.</div>
      ) : (
        <div className="customer-timeline-chart" role="img" aria-label={`MRR in ${currency.toUpperCase()} after each of ${points.length - (points[points.length - 1]?.movement ? 1 : 2)} movements; now ${formatMoney(points[points.length - 1]?.mrr ?? 0, currency)}.`}>
          <ResponsiveContainer width="100%" height="100%">
            {/* An image with its summary as its name: the movements it draws are listed, each readable, beside it. Recharts'
                keyboard layer would add a nameless tab stop inside it. */}
            <AreaChart data={points} margin={{ top: 12, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
              <defs>
                <linearGradient id={fillId} x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor="var(--accent)" stopOpacity={0.18} />
                  <stop offset="100%" stopColor="var(--accent)" stopOpacity={0} />
                </linearGradient>
              </defs>
              <CartesianGrid vertical={false} stroke="var(--border)" strokeDasharray="0" />
              <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} ticks={ticks} interval={0} tickFormatter={tickFormatter} tick={{ fill: 'var(--text-faint)', fontSize: 11 }} tickLine={false} axisLine={{ stroke: 'var(--border)' }} minTickGap={40} tickMargin={8} />
              <YAxis tickFormatter={(value: number) => formatMoneyCompact(value, currency)} tick={{ fill: 'var(--text-faint)', fontSize: 11 }} tickLine={false} axisLine={false} width={60} allowDecimals={false} />
              <Tooltip content={(props) => <TimelineTooltip active={props.active} payload={props.payload} currency={currency} />} cursor={{ stroke: 'var(--border-strong)', strokeDasharray: '3 3' }} isAnimationActive={false} />
              <Area
                type="stepAfter"
                dataKey="mrr"
                stroke="var(--accent)"
                strokeWidth={2}
                fill={`url(#${fillId})`}
                dot={<MovementDot />}
                activeDot={{ r: 5, fill: 'var(--accent)', stroke: 'var(--surface)', strokeWidth: 2 }}
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
