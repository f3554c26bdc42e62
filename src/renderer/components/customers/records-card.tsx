import { type ReactNode, useId, useState } from 'react';

export interface RecordColumn<T> {
  label: string;
  align?: 'start' | 'end';
  render(row: T): ReactNode;
}

/** How many rows a records table shows before "Show all". */
const collapsedRows = 8;

/** One of the customer's lists (subscriptions, invoices, payments) as a titled table, long lists folded. */
export function RecordsCard<T>({ title, rows, columns, rowKey, empty, note }: { title: string; rows: readonly T[]; columns: RecordColumn<T>[]; rowKey(row: T): string; empty: string; note?: string }) {
  const [expanded, setExpanded] = useState(false);
  const headingId = useId();
  const shown = expanded ? rows : rows.slice(0, collapsedRows);
  return (
    <section className="card customer-records" aria-labelledby={headingId}>
      <header className="customer-card-header">
        <h2 id={headingId}>
          {title} <span className="count">{rows.length}</span>
        </h2>
        {note && <span className="customer-card-note">{note}</span>}
      </header>
      {rows.length === 0 ? (
        <p className="customer-records-empty">{empty}</p>
      ) : (
        <table className="table customer-table">
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.label} scope="col" className={column.align === 'end' ? 'number' : undefined}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) => (
                  <td key={column.label} className={column.align === 'end' ? 'number' : undefined}>
                    {column.render(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > collapsedRows && (
        <button type="button" className="button small customer-records-more" aria-expanded={expanded} onClick={() => setExpanded((value) => !value)}>
          {expanded ? 'Show fewer' : `Show all ${rows.length}`}
        </button>
      )}
    </section>
  );
}
