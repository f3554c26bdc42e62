import { useState } from 'react';
import { useAppStore } from '../../stores/app-store';
import { useSyncStore } from '../../stores/sync-store';

const pollChoices = [1, 5, 15, 30, 60];

/** How often Recur polls Stripe, and the way back to a clean mirror: a full sync that re-reads everything. */
export function SyncSettingsCard({ accountId }: { accountId: string | undefined }) {
  const pollMinutes = useAppStore((state) => state.settings.pollIntervalMinutes);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const navigate = useAppStore((state) => state.navigate);
  const [confirming, setConfirming] = useState(false);

  const rebuild = () => {
    if (!accountId) return;
    setConfirming(false);
    navigate('sync');
    void useSyncStore.getState().syncNow(accountId, { full: true });
  };

  return (
    <section className="card" aria-labelledby="sync-settings-heading">
      <h2 id="sync-settings-heading">Sync</h2>
      <p className="hint">After the first full sync Recur only asks Stripe what changed. In the background it asks 5× less often; with the webhook relay on, every 15 minutes at most.</p>
      <div className="setting-row">
        <label className="setting-label" htmlFor="poll-interval">
          Check for changes while Recur is in front
        </label>
        <select id="poll-interval" className="input select" value={pollMinutes} onChange={(event) => void updateSettings({ pollIntervalMinutes: Number(event.target.value) })}>
          {pollChoices.map((minutes) => (
            <option key={minutes} value={minutes}>
              {minutes === 1 ? 'Every minute' : minutes === 60 ? 'Every hour' : `Every ${minutes} minutes`}
            </option>
          ))}
        </select>
      </div>
      <div className="setting-row">
        <div>
          <div className="setting-label">Rebuild from Stripe</div>
          <div className="setting-help">Runs a full sync that reads every object again. Your data stays available meanwhile; nothing is deleted first.</div>
        </div>
        {confirming ? (
          <div className="button-row">
            <button className="button small" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button className="button small primary" onClick={rebuild}>
              Start full sync
            </button>
          </div>
        ) : (
          <button className="button small" disabled={!accountId} onClick={() => setConfirming(true)}>
            Rebuild…
          </button>
        )}
      </div>
    </section>
  );
}
