import { memo } from 'react';
import { type CustomerListRow } from '../../../shared/contract';
import { formatDay, formatMoney } from '../../lib/format';
import { CustomerAvatar } from './customer-avatar';
import { CustomerStatusBadge } from './customer-status-badge';

export const customerRowHeight = 48;

/** The id of a row's element, for the grid's `aria-activedescendant`. */
export const customerRowId = (index: number) => `customer-row-${index}`;

interface RowProps {
  index: number;
  top: number;
  active: boolean;
  onOpen(index: number, customerId: string): void;
}

/** One customer in the table: positioned by the virtualiser, so only the rows on screen exist. */
export const CustomerRow = memo(function CustomerRow({ row, index, top, active, onOpen }: RowProps & { row: CustomerListRow }) {
  const displayName = row.name?.trim();
  return (
    <div
      role="row"
      id={customerRowId(index)}
      aria-rowindex={index + 2}
      aria-selected={active}
      className={`customers-row${active ? ' active' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(index, row.customerId)}
    >
      <div role="gridcell" className="customers-td customer-cell">
        <CustomerAvatar customerId={row.customerId} name={row.name} email={row.email} />
        <span className="customer-cell-text">
          <span className={`customer-name${displayName ? '' : ' unnamed'}`}>{displayName || 'No name'}</span>
          <span className="customer-id">{row.customerId}</span>
        </span>
        {row.deleted && <span className="badge customer-deleted">Deleted</span>}
      </div>
      <div role="gridcell" className="customers-td email-cell" title={row.email ?? undefined}>
        {row.email ?? <span className="faint">—</span>}
      </div>
      <div role="gridcell" className="customers-td">
        <CustomerStatusBadge status={row.status} />
      </div>
      <div role="gridcell" className="customers-td end money">
        {row.currency ? (
          <span className={row.mrr === 0 ? 'faint' : undefined}>{formatMoney(row.mrr, row.currency)}</span>
        ) : (
          <span className="faint">—</span>
        )}
      </div>
      <div role="gridcell" className="customers-td">
        {row.since ? formatDay(row.since) : <span className="faint">—</span>}
      </div>
      <div role="gridcell" className="customers-td end numeric">
        {row.subscriptions}
      </div>
    </div>
  );
});

/** A row whose window is still on its way: the same shape, shimmering. */
export function SkeletonRow({ index, top }: { index: number; top: number }) {
  // Slightly different widths row to row, so a column of placeholders does not read as a solid bar.
  const width = 40 + ((index * 37) % 35);
  return (
    <div role="row" aria-rowindex={index + 2} aria-busy="true" className="customers-row skeleton" style={{ transform: `translateY(${top}px)` }}>
      <div role="gridcell" className="customers-td customer-cell">
        <span className="customer-avatar placeholder" aria-hidden="true" />
        <span className="customer-cell-text">
          <span className="skeleton-bar" style={{ width: `${width}%` }} />
          <span className="skeleton-bar thin" style={{ width: '45%' }} />
        </span>
      </div>
      <div role="gridcell" className="customers-td">
        <span className="skeleton-bar" style={{ width: `${width + 10}%` }} />
      </div>
      <div role="gridcell" className="customers-td">
        <span className="skeleton-bar" style={{ width: 64 }} />
      </div>
      <div role="gridcell" className="customers-td end">
        <span className="skeleton-bar" style={{ width: 56 }} />
      </div>
      <div role="gridcell" className="customers-td">
        <span className="skeleton-bar" style={{ width: 80 }} />
      </div>
      <div role="gridcell" className="customers-td end">
        <span className="skeleton-bar" style={{ width: 14 }} />
      </div>
    </div>
  );
}
