import { EmptyState } from '../empty-state';
import { formatCount } from '../../lib/format';
import { useCustomersStore } from '../../stores/customers-store';
import { CustomerSearch } from './customer-search';
import { CustomersTable } from './customers-table';

/** The list: a header with the count and the search, then the table, or a state that says why there is none. */
export function CustomersListView() {
  const total = useCustomersStore((state) => state.total);
  const accountTotal = useCustomersStore((state) => state.accountTotal);
  const search = useCustomersStore((state) => state.search);
  const listError = useCustomersStore((state) => state.listError);
  const { setSearchInput, applySearch, refresh } = useCustomersStore.getState();

  const counted =
    total === null || accountTotal === null
      ? 'Everyone who has subscribed, with their MRR and history.'
      : search
        ? `${formatCount(total)} of ${formatCount(accountTotal)} customers match`
        : `${formatCount(accountTotal)} customers`;

  let body: React.ReactNode;
  if (total === 0 && accountTotal === 0 && !search) {
    body = (
      <EmptyState icon="customers" title="No customers synced yet">
        Customers, their subscriptions, invoices and payments appear here after the first sync.
      </EmptyState>
    );
  } else if (total === 0) {
    body = (
      <EmptyState
        icon="customers"
        title="No customers match"
        action={
          <button
            type="button"
            className="button"
            onClick={() => {
              setSearchInput('');
              applySearch();
            }}
          >
            Clear search
          </button>
        }
      >
        Nobody’s name, email or customer id contains “{search}”.
      </EmptyState>
    );
  } else {
    body = (
      <div className="card customers-card">
        <CustomersTable />
      </div>
    );
  }

  return (
    <div className="page customers-page">
      <header className="page-header customers-header">
        <div>
          <h1>Customers</h1>
          <p aria-live="polite">{counted}</p>
        </div>
        <CustomerSearch />
      </header>
      {listError && (
        <div className="alert error" role="alert">
          {listError}{' '}
          <button type="button" className="button small" onClick={refresh}>
            Try again
          </button>
        </div>
      )}
      {body}
    </div>
  );
}
