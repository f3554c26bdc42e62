import { type CustomerDetail } from '../../../shared/contract';
import { formatMoney } from '../../lib/format';
import { RecordStatusBadge } from './record-status-badge';
import { RecordsCard } from './records-card';
import { stripeDay } from './stripe-day';

type Payment = CustomerDetail['payments'][number];

export function CustomerPayments({ payments }: { payments: readonly Payment[] }) {
  return (
    <RecordsCard
      title="Payments"
      rows={payments}
      rowKey={(row) => row.id}
      empty="No payments."
      note={payments.length >= 500 ? 'The newest 500' : undefined}
      columns={[
        { label: 'Charge', render: (row) => <span className="mono">{row.id}</span> },
        { label: 'Status', render: (row) => <RecordStatusBadge status={row.status} /> },
        { label: 'Date', render: (row) => stripeDay(row.created) },
        { label: 'Refunded', align: 'end', render: (row) => (row.amountRefunded > 0 ? <span className="negative">{formatMoney(row.amountRefunded, row.currency)}</span> : <span className="faint">—</span>) },
        { label: 'Amount', align: 'end', render: (row) => formatMoney(row.amount, row.currency) },
      ]}
    />
  );
}
