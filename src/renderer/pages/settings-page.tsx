import { useState } from 'react';
import { type Appearance } from '../../shared/contract';
import { AccountRow } from '../components/account-row';
import { ConnectKeyForm } from '../components/connect-key-form';
import { PageHeader } from '../components/page-header';
import { CurrencySettingsCard } from '../components/settings/currency-settings-card';
import { InsightThresholdsCard } from '../components/settings/insight-thresholds-card';
import { MetricSettingsCard } from '../components/settings/metric-settings-card';
import { SyncSettingsCard } from '../components/settings/sync-settings-card';
import { useAppStore } from '../stores/app-store';
import { useCurrentAccount } from '../stores/current-account';
import '../styles/settings.css';

const appearances: { value: Appearance; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsPage() {
  const accounts = useAppStore((state) => state.accounts);
  const appearance = useAppStore((state) => state.settings.appearance);
  const setAppearance = useAppStore((state) => state.setAppearance);
  const appInfo = useAppStore((state) => state.appInfo);
  const keyStorage = useAppStore((state) => state.keyStorage);
  const [isAdding, setAdding] = useState(false);
  /** Said once the form closes: the account Stripe accepted, and whether its data is test or live. */
  const [justConnected, setJustConnected] = useState<string | null>(null);
  const account = useCurrentAccount();

  return (
    <div className="page">
      <PageHeader title="Settings" />

      <section className="card" aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">Accounts</h2>
        <p className="hint">{keyStorage?.explanation}</p>
        <ul className="list">
          {accounts.map((account) => (
            <AccountRow key={account.id} account={account} />
          ))}
        </ul>
        {isAdding ? (
          <div className="subsection">
            <ConnectKeyForm
              onConnected={(_, message) => {
                setAdding(false);
                setJustConnected(message);
              }}
            />
          </div>
        ) : (
          <>
            {justConnected && (
              <p className="help" role="status">
                {justConnected}
              </p>
            )}
            <button
              className="button"
              onClick={() => {
                setJustConnected(null);
                setAdding(true);
              }}
            >
              Add a Stripe account
            </button>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="appearance-heading">
        <h2 id="appearance-heading">Appearance</h2>
        <p className="hint">System follows your computer’s light or dark mode.</p>
        <div className="segmented" role="group" aria-label="Appearance">
          {appearances.map((option) => (
            <button key={option.value} aria-pressed={appearance === option.value} onClick={() => void setAppearance(option.value)}>
              {option.label}
            </button>
          ))}
        </div>
      </section>

      <MetricSettingsCard />
      <CurrencySettingsCard accountId={account?.id} />
      <InsightThresholdsCard />
      <SyncSettingsCard accountId={account?.id} />

      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">Data</h2>
        <p className="hint">Recur keeps a copy of your Stripe data in one local database. It can always be rebuilt from Stripe.</p>
        <dl className="definition">
          <dt>Data folder</dt>
          <dd>{appInfo?.dataDir}</dd>
          <dt>Database</dt>
          <dd>{appInfo?.databasePath}</dd>
          <dt>Version</dt>
          <dd>{appInfo?.version}</dd>
        </dl>
      </section>
    </div>
  );
}
