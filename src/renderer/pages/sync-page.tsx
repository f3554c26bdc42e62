import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';

export function SyncPage() {
  return (
    <div className="page">
      <PageHeader title="Sync" description="How fresh your data is, and every sync Recur has run." />
      <EmptyState icon="sync" title="No syncs have run">
        Each sync with Stripe is listed here with what it fetched, how long it took and any problem it met.
      </EmptyState>
    </div>
  );
}
