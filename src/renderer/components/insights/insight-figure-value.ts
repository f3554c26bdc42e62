import { type InsightFigure } from '../../../shared/contract';
import { formatCount, formatMoney, formatPercent, formatRatio } from '../../lib/format';

/** Ratios that are read as plain numbers, not percentages: a quick ratio of 0.8, churn at 2.3× its average. */
const plainRatios = new Set(['quickRatio']);
const multiples = new Set(['multiple']);

/** A figure as the insight means it: money in the insight's currency, ratios as percentages unless they are multiples. */
export function formatFigure(figure: InsightFigure, currency: string | null): string {
  const { value } = figure;
  if (value === null) return '—';
  switch (figure.unit) {
    case 'money':
      return currency ? formatMoney(value, currency) : formatCount(value);
    case 'ratio':
      if (multiples.has(figure.key)) return `${formatRatio(value)}×`;
      return plainRatios.has(figure.key) ? formatRatio(value) : formatPercent(value);
    case 'count':
      return formatCount(value);
    case 'days':
      return `${formatCount(value)} ${value === 1 ? 'day' : 'days'}`;
    case 'hours':
      return `${formatCount(value)} ${value === 1 ? 'hour' : 'hours'}`;
  }
}
