import { type CustomerDetail } from '../../../shared/contract';
import { formatMoney } from '../../lib/format';
import { RecordStatusBadge } from './record-status-badge';
import { RecordsCard } from './records-card';
import { stripeDay } from './stripe-day';

type Invoice = CustomerDetail['invoices'][number];

export function CustomerInvoices({ invoices }: { invoices: readonly Invoice[] }) {
  return (
    <RecordsCard
      title="Invoices"
      rows={invoices}
      rowKey={(row) => row.id}
      empty="No invoices."
      note={invoices.length >= 500 ? 'The newest 500' : undefined}
      columns={[
        { label: 'Invoice', render: (row) => <span className="mono">{row.id}</span> },
        { label: 'Status', render: (row) => <RecordStatusBadge status={row.status} /> },
        { label: 'Date', render: (row) => stripeDay(row.created) },
        { label: 'Total', align: 'end', render: (row) => (row.total === null || row.currency === null ? '—' : formatMoney(row.total, row.currency)) },
      ]}
    />
  );
}
