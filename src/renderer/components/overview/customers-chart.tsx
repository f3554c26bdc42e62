import { memo } from 'react';
import { type Series, type SeriesPoint } from '../../../shared/contract';
import { TrendChart } from './mrr-chart';

/** Paying customers (MRR above 0) at the end of each day or month; a click opens who they were that day. */
export const CustomersChart = memo(function CustomersChart(props: { series: Series; onPointClick(point: SeriesPoint): void; className?: string }) {
  return <TrendChart {...props} metric="payingCustomers" height={220} />;
});
