import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';

export function CustomersPage() {
  return (
    <div className="page">
      <PageHeader title="Customers" description="Everyone who has subscribed, with their MRR and history." />
      <EmptyState icon="customers" title="No customers synced yet">
        Customers, their subscriptions, invoices and payments appear here after the first sync.
      </EmptyState>
    </div>
  );
}
