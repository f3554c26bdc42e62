import { useState } from 'react';
import { type AccountSummary } from '../../shared/contract';
import { useAppStore } from '../stores/app-store';
import { AccountBadge } from './account-badge';

/** One connected account in Settings: rename in place, or remove after a second, explicit click. */
export function AccountRow({ account }: { account: AccountSummary }) {
  const renameAccount = useAppStore((state) => state.renameAccount);
  const disconnectAccount = useAppStore((state) => state.disconnectAccount);
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm-remove'>('view');
  const [name, setName] = useState(account.displayName);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
      setMode('view');
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  return (
    <li className="list-row">
      <div className="grow">
        {mode === 'rename' ? (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              void run(() => renameAccount(account.id, name));
            }}
          >
            <input className="input" aria-label="Account name" value={name} maxLength={80} autoFocus onChange={(event) => setName(event.target.value)} />
            <button className="button small primary" type="submit" disabled={!name.trim()}>
              Save
            </button>
            <button className="button small" type="button" onClick={() => setMode('view')}>
              Cancel
            </button>
          </form>
        ) : (
          <>
            <div className="title">{account.displayName}</div>
            <div className="meta">
              <AccountBadge account={account} />
              {account.key?.persistence === 'session' && ' Key kept for this session only.'}
              {account.key?.persistence === 'missing' && ' Key missing: connect it again.'}
            </div>
          </>
        )}
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
      </div>
      {mode === 'view' && (
        <>
          <button className="button small" onClick={() => setMode('rename')}>
            Rename
          </button>
          <button className="button small danger" onClick={() => setMode('confirm-remove')}>
            Remove
          </button>
        </>
      )}
      {mode === 'confirm-remove' && (
        <>
          <span className="meta">Remove it and its synced data?</span>
          <button className="button small danger" onClick={() => void run(() => disconnectAccount(account.id))}>
            Remove account
          </button>
          <button className="button small" onClick={() => setMode('view')}>
            Keep
          </button>
        </>
      )}
    </li>
  );
}
