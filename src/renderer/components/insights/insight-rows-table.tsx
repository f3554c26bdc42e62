import { useState } from 'react';
import { type InsightRow, type InsightRows } from '../../../shared/contract';
import { formatCount, formatDay, formatMoney } from '../../lib/format';
import { CustomerAvatar, customerLabel } from '../customers/customer-avatar';

/** Rows shown at first; the rest come with "Show all". */
const firstRows = 50;

const nouns: Record<InsightRows['kind'], [string, string]> = {
  customers: ['customer', 'customers'],
  subscriptions: ['subscription', 'subscriptions'],
  movements: ['movement', 'movements'],
  charges: ['payment', 'payments'],
};

/** "11 payments", "1 customer". */
export function rowsNoun(rows: InsightRows): string {
  const [one, many] = nouns[rows.kind];
  return `${formatCount(rows.rows.length)} ${rows.rows.length === 1 ? one : many}`;
}

/** The evidence behind an insight: each row with its amount, and the total they add up to (exactly: apportioned). */
export function InsightRowsTable({ id, rows, currency, onOpenCustomer }: { id: string; rows: InsightRows; currency: string; onOpenCustomer(customerId: string): void }) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? rows.rows : rows.rows.slice(0, firstRows);
  const hasDate = rows.rows.some((row) => row.date !== undefined);
  const hasNote = rows.rows.some((row) => row.note !== undefined);
  const columns = 2 + (hasDate ? 1 : 0) + (hasNote ? 1 : 0);

  return (
    <div id={id} className="insight-rows">
      <table className="insight-rows-table">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            {hasNote && <th scope="col">What</th>}
            {hasDate && <th scope="col">Date</th>}
            <th scope="col" className="number">
              {rows.amountLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row, index) => (
            <Row key={`${row.customerId ?? ''}:${row.objectId ?? ''}:${row.date ?? ''}:${index}`} row={row} currency={currency} hasDate={hasDate} hasNote={hasNote} onOpenCustomer={onOpenCustomer} />
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={columns - 1}>
              Total of {rowsNoun(rows)}
            </th>
            <td className="number" data-testid="insight-rows-total">
              {formatMoney(rows.total, currency)}
            </td>
          </tr>
        </tfoot>
      </table>
      {!showAll && rows.rows.length > firstRows && (
        <button type="button" className="button small show-all" onClick={() => setShowAll(true)}>
          Show all {rowsNoun(rows)}
        </button>
      )}
    </div>
  );
}

function Row({ row, currency, hasDate, hasNote, onOpenCustomer }: { row: InsightRow; currency: string; hasDate: boolean; hasNote: boolean; onOpenCustomer(customerId: string): void }) {
  const { customerId } = row;
  const label = customerId ? customerLabel({ name: row.name, email: row.email, customerId }) : (row.objectId ?? 'Unknown customer');
  const secondary = row.name ? (row.email ?? customerId) : row.email ? customerId : null;
  const who = (
    <>
      <CustomerAvatar customerId={customerId ?? label} name={row.name} email={row.email} size={24} />
      <span className="insight-who">
        <span className="insight-name">{label}</span>
        {secondary && <span className="insight-email">{secondary}</span>}
      </span>
    </>
  );
  return (
    <tr>
      <td>
        {customerId ? (
          <button type="button" className="insight-customer" onClick={() => onOpenCustomer(customerId)} aria-label={`Open ${label}`}>
            {who}
          </button>
        ) : (
          <span className="insight-customer">{who}</span>
        )}
      </td>
      {hasNote && <td className="insight-note">{row.note ?? ''}</td>}
      {hasDate && <td className="insight-date">{row.date ? formatDay(row.date) : ''}</td>}
      <td className="number insight-amount" data-testid="insight-row-amount">
        {formatMoney(row.amount, currency)}
      </td>
    </tr>
  );
}
