import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type CohortTable } from '../../../shared/contract';
import { formatCount, formatMoney, formatMonth, formatPercent } from '../../lib/format';
import { averageRow, type CohortMonth, heatStyle, isToDate } from './cohort-heat';

type Cohort = CohortTable['cohorts'][number];

function monthName(month: string): string {
  return formatMonth(`${month}-01`);
}

/** A share in a cell: whole percent, as the eye compares them; the tooltip has the exact figures. */
function cellText(share: number | null): string {
  return share === null ? '—' : formatPercent(share, 0);
}

interface Hover {
  cohort: Cohort;
  month: CohortMonth;
  rect: DOMRect;
}

/**
 * The retention triangle: one row per cohort (the month its customers first paid), one column per month since, each
 * cell coloured by the share still paying (customers) or still recurring (revenue). A real table: the cohort is each
 * row's header, the month since start each column's, so a screen reader reads "Mar 2026, month 2, 83%" and the counts.
 */
export const CohortHeatmap = memo(function CohortHeatmap({ table }: { table: CohortTable }) {
  const [hover, setHover] = useState<Hover | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [hasMoreRight, setMoreRight] = useState(false);
  const measure = useCallback(() => {
    const element = scrollRef.current;
    if (element) setMoreRight(element.scrollLeft + element.clientWidth < element.scrollWidth - 2);
  }, []);
  useLayoutEffect(() => {
    measure();
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure, table]);
  const columns = useMemo(() => table.cohorts.reduce((most, cohort) => Math.max(most, cohort.months.length), 0), [table]);
  const average = useMemo(() => averageRow(table, columns), [table, columns]);
  const currency = table.currency;
  const isRevenue = table.kind === 'mrr';

  const onPointer = (target: EventTarget) => {
    const cell = target instanceof Element ? target.closest<HTMLElement>('td[data-cohort]') : null;
    if (!cell) return setHover(null);
    const cohort = table.cohorts[Number(cell.dataset.cohort)];
    const month = cohort?.months[Number(cell.dataset.offset)];
    if (cohort && month) setHover({ cohort, month, rect: cell.getBoundingClientRect() });
  };

  return (
    <div className={`cohort-frame${hasMoreRight ? ' more-right' : ''}`}>
      <div
        ref={scrollRef}
        className="cohort-scroll"
        // Focusable, so the months off to the right can be scrolled to with the keyboard.
        tabIndex={hasMoreRight ? 0 : undefined}
        onScroll={() => {
          setHover(null);
          measure();
        }}
      >
        <table className="cohort-table" aria-label={`${isRevenue ? 'Revenue' : 'Customer'} retention by cohort, ${currency.toUpperCase()}`} data-kind={table.kind}>
          <thead>
            <tr className="cohort-group-row">
              <th scope="colgroup" colSpan={3} className="sticky-cols">
                <span className="visually-hidden">Cohort</span>
              </th>
              <th scope="colgroup" colSpan={columns} className="cohort-group">
                Months since first payment
              </th>
            </tr>
            <tr>
              <th scope="col" className="col-cohort">
                Cohort
              </th>
              <th scope="col" className="col-size number">
                Customers
              </th>
              <th scope="col" className="col-start number">
                Starting MRR
              </th>
              {Array.from({ length: columns }, (_, offset) => (
                <th key={offset} scope="col" className="col-offset">
                  <span aria-hidden="true">{offset}</span>
                  <span className="visually-hidden">Month {offset}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody onMouseOver={(event) => onPointer(event.target)} onMouseLeave={() => setHover(null)}>
            <tr className="cohort-average">
              <th scope="row" className="col-cohort" title={isRevenue ? 'All cohorts together: their MRR ÷ their starting MRR' : 'All cohorts together: paying customers ÷ customers'}>
                All cohorts
              </th>
              <td className="col-size number">{formatCount(table.cohorts.reduce((sum, cohort) => sum + cohort.customers, 0))}</td>
              <td className="col-start number">{formatMoney(table.cohorts.reduce((sum, cohort) => sum + cohort.startingMrr, 0), currency)}</td>
              {average.map((cell) => {
                const heat = heatStyle(cell.share);
                return (
                  <td key={cell.offset} className={`cell ${heat.className}`} style={heat.background ? { backgroundColor: heat.background } : undefined} title={`Month ${cell.offset}: ${formatPercent(cell.share)} over ${cell.cohorts} ${cell.cohorts === 1 ? 'cohort' : 'cohorts'}`}>
                    {cellText(cell.share)}
                  </td>
                );
              })}
            </tr>
            {table.cohorts.map((cohort, index) => (
              <CohortRow key={cohort.month} cohort={cohort} index={index} columns={columns} currency={currency} />
            ))}
          </tbody>
        </table>
      </div>
      {hover && <CellTooltip hover={hover} currency={currency} kind={table.kind} />}
    </div>
  );
});

function CohortRow({ cohort, index, columns, currency }: { cohort: Cohort; index: number; columns: number; currency: string }) {
  return (
    <tr data-testid="cohort-row" data-month={cohort.month}>
      <th scope="row" className="col-cohort">
        {monthName(cohort.month)}
      </th>
      <td className="col-size number">{formatCount(cohort.customers)}</td>
      <td className="col-start number">{formatMoney(cohort.startingMrr, currency)}</td>
      {Array.from({ length: columns }, (_, offset) => {
        const month = cohort.months[offset];
        if (!month) return <td key={offset} className="cell empty" aria-hidden="true" />;
        const heat = heatStyle(month.share);
        return (
          <td
            key={offset}
            className={`cell ${heat.className}${isToDate(month) ? ' to-date' : ''}`}
            style={heat.background ? { backgroundColor: heat.background } : undefined}
            data-cohort={index}
            data-offset={offset}
            data-testid="cohort-cell"
          >
            {cellText(month.share)}
            <span className="visually-hidden">
              {`, ${formatCount(month.payingCustomers)} of ${formatCount(cohort.customers)} paying, ${formatMoney(month.mrr, currency)} MRR${isToDate(month) ? ', to date' : ''}`}
            </span>
          </td>
        );
      })}
    </tr>
  );
}

function CellTooltip({ hover, currency, kind }: { hover: Hover; currency: string; kind: CohortTable['kind'] }) {
  const { cohort, month, rect } = hover;
  // Above the cell, unless that is off the top of the window.
  const below = rect.top < 150;
  const style = { left: rect.left + rect.width / 2, top: below ? rect.bottom + 8 : rect.top - 8 };
  return (
    <div className={`cohort-tooltip${below ? ' below' : ''}`} style={style} role="presentation">
      <div className="chart-tooltip-title">
        {monthName(cohort.month)} cohort · month {month.offset}
      </div>
      <div className="cohort-tooltip-when">
        {monthName(month.month)}
        {isToDate(month) ? ' · to date' : ''}
      </div>
      <div className={`chart-tooltip-line${kind === 'customers' ? ' strong' : ''}`}>
        <span className="chart-tooltip-label">Paying customers</span>
        <span className="chart-tooltip-value">
          {formatCount(month.payingCustomers)} of {formatCount(cohort.customers)} · {formatPercent(month.customerRetention)}
        </span>
      </div>
      <div className={`chart-tooltip-line${kind === 'mrr' ? ' strong' : ''}`}>
        <span className="chart-tooltip-label">MRR</span>
        <span className="chart-tooltip-value">
          {formatMoney(month.mrr, currency)} of {formatMoney(cohort.startingMrr, currency)} · {formatPercent(month.mrrRetention)}
        </span>
      </div>
    </div>
  );
}
