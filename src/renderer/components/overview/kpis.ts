import { type CurrencyOverviewDto, type SeriesPoint } from '../../../shared/contract';
import { addDays, formatCount, formatDay, formatMoney, formatMonth, formatMonthShort, formatPercent, formatRatio, monthEnd, monthStart } from '../../lib/format';
import { type DrillRequest, type MonthRates, type OverviewData } from '../../stores/overview-store';
import { type Kpi, type KpiChange } from './kpi-card';

/** Sparklines need no more points than a card is wide. */
const maxSparkPoints = 60;

function thin<T>(items: readonly T[]): T[] {
  if (items.length <= maxSparkPoints) return [...items];
  const step = (items.length - 1) / (maxSparkPoints - 1);
  return Array.from({ length: maxSparkPoints }, (_, index) => items[Math.round(index * step)] as T);
}

type Better = 'up' | 'down';

/** A relative change (money, counts): "+12.4%"; none when there was nothing before. */
function relativeChange(now: number | null, before: number | null | undefined, better: Better): KpiChange | null {
  if (now === null || before === null || before === undefined || before === 0) return null;
  const ratio = (now - before) / Math.abs(before);
  return change(ratio, formatPercent(Math.abs(ratio)), better, 0.0005);
}

/** A change of a rate, in percentage points: "+0.8 pts". */
function pointsChange(now: number | null, before: number | null | undefined, better: Better): KpiChange | null {
  if (now === null || before === null || before === undefined) return null;
  const points = (now - before) * 100;
  return change(points, `${Math.abs(points).toFixed(1)} pts`, better, 0.05);
}

/** A change of a plain ratio: "+1.20". */
function ratioChange(now: number | null, before: number | null | undefined, better: Better): KpiChange | null {
  if (now === null || before === null || before === undefined) return null;
  const difference = now - before;
  return change(difference, formatRatio(Math.abs(difference)), better, 0.005);
}

function change(amount: number, magnitude: string, better: Better, epsilon: number): KpiChange {
  if (Math.abs(amount) < epsilon) return { text: magnitude.replace(/^[−-]/, ''), direction: 'flat', tone: 'neutral' };
  const direction = amount > 0 ? 'up' : 'down';
  return { text: `${amount > 0 ? '+' : '−'}${magnitude}`, direction, tone: direction === better ? 'good' : 'bad' };
}

function isMonthEnd(day: string): boolean {
  return monthEnd(day) === day;
}

/** "Nov 2026" for a whole month, "Nov to date" for the month in progress. */
export function monthPeriod(figures: CurrencyOverviewDto): string {
  return isMonthEnd(figures.month.to) ? formatMonth(figures.month.from) : `${formatMonthShort(figures.month.from)} to date`;
}

function rateSpark(months: readonly MonthRates[], pick: (figures: CurrencyOverviewDto) => number | null): (number | null)[] {
  return months.map((month) => (month.figures ? pick(month.figures) : null));
}

export interface KpiWithDrill {
  kpi: Kpi;
  drill: DrillRequest;
}

/** The nine KPI cards of the Overview, each with what its drill-down opens. */
export function buildKpis(data: OverviewData): KpiWithDrill[] {
  const { figures: now, previous: before, currency, to, sparkMonths: months } = data;
  const money = (value: number | null) => formatMoney(value, currency);
  const comparedTo = data.previousAt && before ? `vs ${formatDay(data.previousAt)}` : null;
  const trend = thin(data.trend.points);
  const mrrSpark = trend.map((point: SeriesPoint) => point.mrr);
  const month = now.month;
  const monthText = monthPeriod(now);
  const day = formatDay(to);
  const movements = (label: string, figure: 'new' | 'reactivation' | 'expansion' | 'contraction' | 'churn', sign: 1 | -1) => ({ figure, from: month.from, to: month.to, label, sign });
  const mrrPart = { figure: 'mrr' as const, from: to, to, label: 'Paying customers, by MRR', sign: 1 as const };
  const yearBefore = addDays(to, -365);
  const lastCompleteMonth = addDays(monthStart(to), -1);
  const sixMonthsFrom = monthStart(to, -6);

  return [
    {
      kpi: {
        id: 'mrr',
        label: 'MRR',
        value: money(now.mrr),
        change: relativeChange(now.mrr, before?.mrr, 'up'),
        comparedTo,
        spark: mrrSpark,
        definition: 'Monthly recurring revenue: active and past-due subscriptions, normalised to a month, taxes and metered usage excluded.',
      },
      drill: {
        title: `MRR on ${day}`,
        description: 'Each paying customer’s monthly recurring revenue at the end of the day. The rows add up to the MRR exactly.',
        currency,
        headline: { label: 'MRR', value: money(now.mrr) },
        parts: [mrrPart],
      },
    },
    {
      kpi: {
        id: 'arr',
        label: 'ARR',
        value: money(now.arr),
        change: relativeChange(now.arr, before?.arr, 'up'),
        comparedTo,
        spark: mrrSpark.map((value) => value * 12),
        definition: 'Annual run rate: MRR × 12.',
      },
      drill: {
        title: `ARR on ${day}`,
        description: `ARR is MRR × 12, so it is made of the same customers: their MRR adds up to ${money(now.mrr)}.`,
        currency,
        headline: { label: 'ARR', value: money(now.arr) },
        parts: [mrrPart],
      },
    },
    {
      kpi: {
        id: 'payingCustomers',
        label: 'Paying customers',
        value: formatCount(now.payingCustomers),
        change: relativeChange(now.payingCustomers, before?.payingCustomers, 'up'),
        comparedTo,
        spark: trend.map((point) => point.payingCustomers),
        definition: 'Customers with MRR above 0.',
      },
      drill: {
        title: `Paying customers on ${day}`,
        description: 'Every customer with MRR above 0 at the end of the day, largest first.',
        currency,
        headline: { label: 'Paying customers', value: formatCount(now.payingCustomers) },
        parts: [{ figure: 'payingCustomers', from: to, to, label: 'Customers with MRR above 0', sign: 1 }],
      },
    },
    {
      kpi: {
        id: 'arpa',
        label: 'ARPA',
        value: money(now.arpa),
        change: relativeChange(now.arpa, before?.arpa, 'up'),
        comparedTo,
        spark: trend.map((point) => (point.payingCustomers > 0 ? point.mrr / point.payingCustomers : null)),
        definition: 'Average revenue per account: MRR ÷ paying customers.',
      },
      drill: {
        title: `ARPA on ${day}`,
        description: `ARPA is MRR ÷ paying customers: ${money(now.mrr)} ÷ ${formatCount(now.payingCustomers)}.`,
        currency,
        headline: { label: 'ARPA', value: money(now.arpa) },
        parts: [mrrPart],
      },
    },
    {
      kpi: {
        id: 'customerChurnRate',
        label: 'Customer churn',
        value: formatPercent(now.customerChurnRate),
        period: monthText,
        change: pointsChange(now.customerChurnRate, before?.customerChurnRate, 'down'),
        comparedTo,
        spark: rateSpark(months, (figures) => figures.customerChurnRate),
        definition: 'Customers churned in the month ÷ (paying customers at its start + new customers in it).',
      },
      drill: customerChurnDrill(now, currency),
    },
    {
      kpi: {
        id: 'netMrrChurnRate',
        label: 'Net MRR churn',
        value: formatPercent(now.netMrrChurnRate),
        period: monthText,
        change: pointsChange(now.netMrrChurnRate, before?.netMrrChurnRate, 'down'),
        comparedTo,
        spark: rateSpark(months, (figures) => figures.netMrrChurnRate),
        definition: '(Churn + contraction − expansion − reactivation) ÷ MRR at the start of the month. Below zero, growth from existing customers outweighs what was lost.',
      },
      drill: netMrrChurnDrill(now, currency),
    },
    {
      kpi: {
        id: 'nrr',
        label: 'Net revenue retention',
        value: formatPercent(now.nrr),
        period: '12 months',
        change: pointsChange(now.nrr, before?.nrr, 'up'),
        comparedTo,
        spark: rateSpark(months, (figures) => figures.nrr),
        definition: 'Today’s MRR of the customers who paid 12 months ago ÷ their MRR then.',
      },
      drill: {
        title: `Net revenue retention on ${day}`,
        description: `The customers who paid on ${formatDay(yearBefore)}, with their MRR then: NRR compares what the same customers pay now with this.`,
        currency,
        headline: { label: 'NRR', value: formatPercent(now.nrr) },
        parts: [{ figure: 'mrr', from: yearBefore, to: yearBefore, label: `Paying on ${formatDay(yearBefore)}, MRR then`, sign: 1 }],
      },
    },
    {
      kpi: {
        id: 'ltv',
        label: 'LTV',
        value: money(now.ltv),
        change: relativeChange(now.ltv, before?.ltv, 'up'),
        comparedTo,
        spark: rateSpark(months, (figures) => figures.ltv),
        definition: 'ARPA ÷ the average monthly customer churn of the last six complete months; "—" when that churn is 0.',
      },
      drill: {
        title: `LTV on ${day}`,
        description: `LTV is ARPA (${money(now.arpa)}) ÷ the average monthly customer churn of the six complete months before this one. Below: the customers behind ARPA, and the churn of those months.`,
        currency,
        headline: { label: 'LTV', value: money(now.ltv) },
        parts: [mrrPart, { figure: 'churn', from: sixMonthsFrom, to: lastCompleteMonth, label: 'Churned in the last six complete months', sign: -1 }],
      },
    },
    {
      kpi: {
        id: 'quickRatio',
        label: 'Quick ratio',
        value: formatRatio(now.quickRatio),
        period: monthText,
        change: ratioChange(now.quickRatio, before?.quickRatio, 'up'),
        comparedTo,
        spark: rateSpark(months, (figures) => figures.quickRatio),
        definition: '(New + expansion + reactivation) ÷ (churn + contraction); "—" when nothing was lost.',
      },
      drill: {
        title: `Quick ratio, ${monthText}`,
        description: 'MRR gained (new, expansion, reactivation) ÷ MRR lost (churn, contraction) in the month.',
        currency,
        headline: { label: 'Quick ratio', value: formatRatio(now.quickRatio) },
        parts: [
          movements('New', 'new', 1),
          movements('Expansion', 'expansion', 1),
          movements('Reactivation', 'reactivation', 1),
          movements('Churn', 'churn', -1),
          movements('Contraction', 'contraction', -1),
        ],
        formula: { label: 'Net new MRR' },
      },
    },
  ];
}

/** The churned customers of the month the figures cover. */
export function customerChurnDrill(figures: CurrencyOverviewDto, currency: string): DrillRequest {
  const period = monthPeriod(figures);
  return {
    title: `Customer churn, ${period}`,
    description: `${formatCount(figures.churnedCustomers)} customers churned; the rate divides them by the customers paying at the start of the month plus the ${formatCount(figures.newCustomers)} new ones.`,
    currency,
    headline: { label: 'Customer churn', value: formatPercent(figures.customerChurnRate) },
    parts: [{ figure: 'churn', from: figures.month.from, to: figures.month.to, label: 'Churned customers', sign: -1 }],
  };
}

/** The movements in the numerator of net MRR churn, for the month the figures cover. */
export function netMrrChurnDrill(figures: CurrencyOverviewDto, currency: string): DrillRequest {
  const period = monthPeriod(figures);
  const part = (label: string, figure: 'churn' | 'contraction' | 'expansion' | 'reactivation', sign: 1 | -1) => ({ figure, from: figures.month.from, to: figures.month.to, label, sign });
  return {
    title: `Net MRR churn, ${period}`,
    description: '(Churn + contraction − expansion − reactivation) ÷ MRR at the start of the month. The movements below are the numerator.',
    currency,
    headline: { label: 'Net MRR churn', value: formatPercent(figures.netMrrChurnRate) },
    parts: [part('Churn', 'churn', 1), part('Contraction', 'contraction', 1), part('Expansion', 'expansion', -1), part('Reactivation', 'reactivation', -1)],
    formula: { label: 'Net MRR lost' },
  };
}
