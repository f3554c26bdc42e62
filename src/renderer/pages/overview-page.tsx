import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { useAppStore } from '../stores/app-store';

export function OverviewPage() {
  const account = useAppStore((state) => state.accounts[0]);
  return (
    <div className="page">
      <PageHeader title="Overview" description={account ? account.displayName : undefined} />
      <div className="skeleton-grid" aria-hidden="true">
        {['mrr', 'arr', 'customers', 'arpa'].map((key) => (
          <div key={key} className="skeleton-card" />
        ))}
      </div>
      <EmptyState icon="overview" title="No metrics yet">
        MRR, ARR, churn and retention appear here once the first sync of {account?.displayName ?? 'your account'} has
        finished.
      </EmptyState>
    </div>
  );
}
