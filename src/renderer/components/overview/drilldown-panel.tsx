import { useEffect, useId, useRef, useState } from 'react';
import { type Drilldown, type DrilldownRow } from '../../../shared/contract';
import { formatCount, formatDay, formatDayRange, formatMoney, formatSignedMoney } from '../../lib/format';
import { type DrillPart, type DrillState } from '../../stores/overview-store';

/** Rows shown at first per part; the rest come with "Show all" (an account can have tens of thousands). */
const firstRows = 200;

/**
 * The rows behind a figure, in a side sheet: each part of the figure (one for MRR, several for a rate's numerator) with
 * its total and the rows that add up to it, exactly. A dialog: focus moves in, Tab stays in, Escape closes, and focus
 * returns to the figure that opened it.
 */
export function DrilldownPanel({ drill, onClose, onOpenCustomer }: { drill: DrillState; onClose(): void; onOpenCustomer?: (customerId: string) => void }) {
  const titleId = useId();
  const descriptionId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const { request, status, results, error } = drill;

  useEffect(() => {
    // A chart opens it from its svg surface (by keyboard, or a click that focused it): an SVGElement, not an HTMLElement.
    const opener = document.activeElement instanceof HTMLElement || document.activeElement instanceof SVGElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => opener?.focus();
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
        return;
      }
      if (event.key !== 'Tab' || !panelRef.current) return;
      const focusable = [...panelRef.current.querySelectorAll<HTMLElement>('button:not([disabled]), [href], input, select, [tabindex]:not([tabindex="-1"])')];
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const period = request.parts[0] ? periodLabel(request.parts[0]) : '';

  return (
    <div className="sheet-layer">
      <div className="sheet-backdrop" onClick={onClose} aria-hidden="true" />
      <div ref={panelRef} className="sheet" role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={descriptionId}>
        <header className="sheet-header">
          <div>
            <h2 id={titleId}>{request.title}</h2>
            <p id={descriptionId} className="sheet-description">
              {request.description}
            </p>
          </div>
          <button ref={closeRef} type="button" className="icon-button" onClick={onClose} aria-label="Close">
            <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" aria-hidden="true">
              <path d="M4 4l8 8M12 4l-8 8" />
            </svg>
          </button>
        </header>

        {request.headline && (
          <div className="sheet-headline">
            <span className="sheet-headline-label">{request.headline.label}</span>
            <span className="sheet-headline-value" data-testid="drilldown-headline">
              {request.headline.value}
            </span>
            <span className="sheet-headline-meta">
              {request.currency.toUpperCase()} · {period}
            </span>
          </div>
        )}

        <div className="sheet-body" aria-busy={status === 'loading'}>
          {status === 'loading' && (
            <div className="sheet-loading" aria-label="Loading">
              {Array.from({ length: 6 }, (_, index) => (
                <span key={index} className="skeleton-line" />
              ))}
            </div>
          )}
          {status === 'failed' && (
            <div className="alert error" role="alert">
              {error}
            </div>
          )}
          {status === 'ready' && request.formula && <Formula label={request.formula.label} parts={request.parts} results={results} />}
          {status === 'ready' &&
            request.parts.map((part, index) => {
              const result = results[index];
              return result ? <PartSection key={`${part.figure}:${part.from}:${part.to}`} part={part} result={result} single={request.parts.length === 1} onOpenCustomer={onOpenCustomer} /> : null;
            })}
        </div>
      </div>
    </div>
  );
}

function periodLabel(part: DrillPart): string {
  return part.figure === 'mrr' || part.figure === 'payingCustomers' ? `on ${formatDay(part.to)}` : formatDayRange(part.from, part.to);
}

function totalText(result: Drilldown): string {
  return result.figure === 'payingCustomers' ? formatCount(result.total) : formatMoney(result.total, result.currency);
}

/** For figures made of several parts: each part's total with its sign, and what they come to. */
function Formula({ label, parts, results }: { label: string; parts: DrillPart[]; results: Drilldown[] }) {
  const currency = results[0]?.currency ?? 'usd';
  const net = parts.reduce((sum, part, index) => sum + part.sign * (results[index]?.total ?? 0), 0);
  return (
    <dl className="formula">
      {parts.map((part, index) => (
        <div key={`${part.figure}:${part.from}`} className="formula-row">
          <dt>{part.label}</dt>
          <dd className={part.sign < 0 ? 'negative' : 'positive'}>{formatSignedMoney(part.sign * (results[index]?.total ?? 0), currency)}</dd>
        </div>
      ))}
      <div className="formula-row total">
        <dt>{label}</dt>
        <dd data-testid="drilldown-net">{formatSignedMoney(net, currency)}</dd>
      </div>
    </dl>
  );
}

function PartSection({ part, result, single, onOpenCustomer }: { part: DrillPart; result: Drilldown; single: boolean; onOpenCustomer?: (customerId: string) => void }) {
  const [showAll, setShowAll] = useState(false);
  const headingId = useId();
  const rows = showAll ? result.rows : result.rows.slice(0, firstRows);
  const isMovement = result.figure !== 'mrr' && result.figure !== 'payingCustomers';
  const count = result.rows.length;
  const noun = isMovement ? (count === 1 ? 'movement' : 'movements') : count === 1 ? 'customer' : 'customers';

  return (
    <section className="drill-part" aria-labelledby={headingId} data-figure={result.figure}>
      <header className="drill-part-header">
        <h3 id={headingId}>{part.label}</h3>
        <span className="drill-part-total">
          <span className="drill-part-count">
            {formatCount(count)} {noun}
          </span>
          <strong data-testid="drilldown-total">{totalText(result)}</strong>
        </span>
      </header>
      {count === 0 ? (
        <p className="drill-empty">Nothing in {single ? 'this period' : 'this part'}.</p>
      ) : (
        <table className="drill-table">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              {isMovement && <th scope="col">Date</th>}
              <th scope="col" className="number">
                {isMovement ? 'Amount' : 'MRR'}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <DrillRow key={`${row.customerId}:${row.date ?? ''}:${index}`} row={row} currency={result.currency} isMovement={isMovement} onOpenCustomer={onOpenCustomer} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={isMovement ? 2 : 1}>
                Total of {formatCount(count)} {noun}
              </th>
              <td className="number">{formatMoney(result.rows.reduce((sum, row) => sum + row.amount, 0), result.currency)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      {!showAll && count > firstRows && (
        <button type="button" className="button small show-all" onClick={() => setShowAll(true)}>
          Show all {formatCount(count)} {noun}
        </button>
      )}
    </section>
  );
}

function DrillRow({ row, currency, isMovement, onOpenCustomer }: { row: DrilldownRow; currency: string; isMovement: boolean; onOpenCustomer?: (customerId: string) => void }) {
  const name = row.name ?? row.email ?? row.customerId;
  const secondary = row.name ? (row.email ?? row.customerId) : row.email ? row.customerId : null;
  const who = (
    <>
      <span className="drill-name">{name}</span>
      {secondary && <span className="drill-email">{secondary}</span>}
    </>
  );
  return (
    <tr>
      <td>
        {onOpenCustomer ? (
          <button type="button" className="drill-customer" onClick={() => onOpenCustomer(row.customerId)} aria-label={`Open ${name}`}>
            {who}
          </button>
        ) : (
          <span className="drill-customer">{who}</span>
        )}
      </td>
      {isMovement && <td className="drill-date">{row.date ? formatDay(row.date) : ''}</td>}
      <td className="number drill-amount" data-testid="drilldown-amount">
        {formatMoney(row.amount, currency)}
      </td>
    </tr>
  );
}
