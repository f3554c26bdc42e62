import { type AccountSummary } from '../../shared/contract';
import { useAppStore } from './app-store';

/**
 * The account every page shows: the one picked in the sidebar, or the first (oldest) one. A picked account that has
 * been disconnected falls back to the first, so no page is ever left showing an account that is gone.
 */
export function currentAccountOf(state: { accounts: AccountSummary[]; currentAccountId: string | null }): AccountSummary | undefined {
  return state.accounts.find((account) => account.id === state.currentAccountId) ?? state.accounts[0];
}

export function useCurrentAccount(): AccountSummary | undefined {
  return useAppStore(currentAccountOf);
}
