import { useEffect } from 'react';
import { CustomerDetailView } from '../components/customers/customer-detail-view';
import { CustomersListView } from '../components/customers/customers-list-view';
import { subscribe } from '../lib/api';
import { useAppStore } from '../stores/app-store';
import { useCustomersStore } from '../stores/customers-store';
import '../styles/customers.css';

/** Customers: the searchable list, or one customer's detail (opened from the list or from the Overview). */
export function CustomersPage() {
  const accountId = useAppStore((state) => state.accounts[0]?.id);
  const openCustomerId = useCustomersStore((state) => state.openCustomerId);

  useEffect(() => {
    if (accountId) useCustomersStore.getState().selectAccount(accountId);
  }, [accountId]);

  // Live updates: new data refreshes the rows on screen (and the open customer), keeping search, sort and scroll.
  useEffect(() => {
    const { refresh } = useCustomersStore.getState();
    const stopData = subscribe('data:changed', ({ scopes }) => {
      if (scopes.includes('data')) refresh();
    });
    const stopFinished = subscribe('sync:finished', () => refresh());
    return () => {
      stopData();
      stopFinished();
    };
  }, []);

  if (!accountId) return null;
  return openCustomerId ? <CustomerDetailView /> : <CustomersListView />;
}
