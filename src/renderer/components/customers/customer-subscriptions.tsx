import { type CustomerDetail } from '../../../shared/contract';
import { RecordStatusBadge } from './record-status-badge';
import { RecordsCard } from './records-card';
import { stripeDay } from './stripe-day';

type Subscription = CustomerDetail['subscriptions'][number];

export function CustomerSubscriptions({ subscriptions }: { subscriptions: readonly Subscription[] }) {
  return (
    <RecordsCard
      title="Subscriptions"
      rows={subscriptions}
      rowKey={(row) => row.id}
      empty="No subscriptions."
      columns={[
        { label: 'Subscription', render: (row) => <span className="mono">{row.id}</span> },
        { label: 'Status', render: (row) => <RecordStatusBadge status={row.status} /> },
        { label: 'Currency', render: (row) => row.currency.toUpperCase() },
        { label: 'Created', render: (row) => stripeDay(row.created) },
        { label: 'Cancelled', render: (row) => stripeDay(row.canceledAt) },
        { label: 'Ended', render: (row) => stripeDay(row.endedAt) },
      ]}
    />
  );
}
