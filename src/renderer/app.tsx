import { useEffect } from 'react';
import { type PageId } from '../shared/contract';
import { DemoBanner } from './components/demo-banner';
import { PageErrorBoundary } from './components/page-error-boundary';
import { pageTitles, Sidebar } from './components/sidebar';
import { subscribe } from './lib/api';
import { CohortsPage } from './pages/cohorts-page';
import { CustomersPage } from './pages/customers-page';
import { FirstRunPage } from './pages/first-run-page';
import { InsightsPage } from './pages/insights-page';
import { OverviewPage } from './pages/overview-page';
import { ReportsPage } from './pages/reports-page';
import { SettingsPage } from './pages/settings-page';
import { SyncPage } from './pages/sync-page';
import { useAppStore } from './stores/app-store';
import { useSyncStore } from './stores/sync-store';

const pages: Record<PageId, () => React.JSX.Element | null> = {
  overview: OverviewPage,
  customers: CustomersPage,
  cohorts: CohortsPage,
  insights: InsightsPage,
  sync: SyncPage,
  reports: ReportsPage,
  settings: SettingsPage,
};

/** Keeps the main process's events flowing into the store: each event refreshes only the slice it names. */
function useMainEvents() {
  useEffect(() => {
    const { refreshAccounts, refreshSettings, navigate } = useAppStore.getState();
    const stopData = subscribe('data:changed', ({ scopes }) => {
      if (scopes.includes('accounts')) void refreshAccounts();
      if (scopes.includes('settings')) void refreshSettings();
    });
    const stopMenu = subscribe('menu:command', (command) => {
      if (command.command === 'navigate') navigate(command.page);
      // Main has started the sync already; the Sync page shows it.
      if (command.command === 'sync-now') navigate('sync');
    });
    const sync = useSyncStore.getState();
    const stopProgress = subscribe('sync:progress', sync.onProgress);
    const stopFinished = subscribe('sync:finished', ({ run }) => sync.onFinished(run));
    return () => {
      stopData();
      stopMenu();
      stopProgress();
      stopFinished();
    };
  }, []);
}

/** `system` leaves the choice to the OS through CSS; light and dark pin it. */
function useAppearance() {
  const appearance = useAppStore((state) => state.settings.appearance);
  useEffect(() => {
    document.documentElement.dataset.appearance = appearance;
  }, [appearance]);
}

export function App() {
  const loadState = useAppStore((state) => state.loadState);
  const loadError = useAppStore((state) => state.loadError);
  const hasAccounts = useAppStore((state) => state.accounts.length > 0);
  const page = useAppStore((state) => state.page);

  useEffect(() => {
    void useAppStore.getState().load();
  }, []);
  useMainEvents();
  useAppearance();

  if (loadState === 'loading') return <div className="fatal" aria-busy="true" />;
  if (loadState === 'failed') {
    return (
      <div className="fatal">
        <div className="card" role="alert">
          <h2>Recur could not start</h2>
          <p className="hint">{loadError}</p>
          <button className="button" onClick={() => void useAppStore.getState().load()}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  if (!hasAccounts) return <FirstRunPage />;

  const Page = pages[page];
  return (
    <div className="shell">
      <Sidebar />
      <main className="main" aria-label={pageTitles[page]}>
        <DemoBanner />
        <PageErrorBoundary page={page}>
          <Page />
        </PageErrorBoundary>
      </main>
    </div>
  );
}
