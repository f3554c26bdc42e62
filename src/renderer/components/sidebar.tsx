import { type PageId, pageIds } from '../../shared/contract';
import { useAppStore } from '../stores/app-store';
import { AccountBadge } from './account-badge';
import { Icon } from './icons';

export const pageTitles: Record<PageId, string> = {
  overview: 'Overview',
  customers: 'Customers',
  sync: 'Sync',
  reports: 'Reports',
  settings: 'Settings',
};

export function Sidebar() {
  const page = useAppStore((state) => state.page);
  const navigate = useAppStore((state) => state.navigate);
  const account = useAppStore((state) => state.accounts[0]);
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
              <button className="nav-item" aria-current={page === id ? 'page' : undefined} onClick={() => navigate(id)}>
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
          <div className="account-chip">
            <strong title={account.displayName}>{account.displayName}</strong>
          </div>
          <AccountBadge account={account} />
        </div>
      )}
    </aside>
  );
}
