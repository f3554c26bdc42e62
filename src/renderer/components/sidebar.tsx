import { type PageId, pageIds } from '../../shared/contract';
import { useAppStore } from '../stores/app-store';
import { useCurrentAccount } from '../stores/current-account';
import { useCustomersStore } from '../stores/customers-store';
import { AccountBadge } from './account-badge';
import { Icon } from './icons';

export const pageTitles: Record<PageId, string> = {
  overview: 'Overview',
  customers: 'Customers',
  cohorts: 'Cohorts',
  insights: 'Insights',
  sync: 'Sync',
  reports: 'Reports',
  settings: 'Settings',
};

export function Sidebar() {
  const page = useAppStore((state) => state.page);
  const navigate = useAppStore((state) => state.navigate);
  const account = useCurrentAccount();
  const accounts = useAppStore((state) => state.accounts);
  const selectAccount = useAppStore((state) => state.selectAccount);
  const isMac = navigator.userAgent.includes('Mac');

  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          R
        </span>
        Recur
      </div>
      <nav aria-label="Main">
        <ul className="nav">
          {pageIds.map((id, index) => (
            <li key={id}>
              <button
                className="nav-item"
                aria-current={page === id ? 'page' : undefined}
                onClick={() => {
                  // Customers from the sidebar is the list, also when a customer is open.
                  if (id === 'customers') useCustomersStore.getState().closeCustomer();
                  navigate(id);
                }}
              >
                <Icon name={id} />
                {pageTitles[id]}
                <span className="nav-shortcut" aria-hidden="true">
                  {isMac ? '⌘' : 'Ctrl+'}
                  {index + 1}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {account && (
        <div className="sidebar-footer">
          {accounts.length > 1 ? (
            <select className="account-switcher" aria-label="Account" value={account.id} onChange={(event) => selectAccount(event.target.value)}>
              {accounts.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.displayName}
                </option>
              ))}
            </select>
          ) : (
            <div className="account-chip">
              <strong title={account.displayName}>{account.displayName}</strong>
            </div>
          )}
          <AccountBadge account={account} />
        </div>
      )}
    </aside>
  );
}
