import { type FormEvent, useId, useState } from 'react';
import { type AccountSummary } from '../../shared/contract';
import { checkStripeKey } from '../../shared/stripe-key';
import { useAppStore } from '../stores/app-store';

/** The read permissions a restricted key needs, in the words of Stripe's key editor (the core names missing ones so). */
export { requiredPermissions } from '../../shared/stripe-permissions';

/**
 * What a successful connect tells the person: which account, and whether its data is test or live. A key for an
 * account already connected in that mode replaced its key (the core keeps one account per Stripe account and mode).
 */
export function connectedMessage(account: AccountSummary, replacedKey: boolean): string {
  const mode = account.key?.mode === 'live' ? 'live' : 'test';
  return replacedKey
    ? `Replaced the key of ${account.displayName} (${mode} mode): Stripe accepted the new key, and it may read everything Recur needs. Its synced data is kept.`
    : `Connected ${account.displayName} in ${mode} mode: Stripe accepted the key, and it may read everything Recur needs.`;
}

/**
 * Paste a key, see at once whether it looks right and which mode it is in, then connect: the main process checks the
 * key with Stripe before storing it, and says what to do when Stripe refuses it. The key goes to the main process once
 * and is never shown again; the field is cleared after a successful connect.
 */
export function ConnectKeyForm({ onConnected }: { onConnected?: (account: AccountSummary, message: string) => void }) {
  const keyStorage = useAppStore((state) => state.keyStorage);
  const connectAccount = useAppStore((state) => state.connectAccount);
  const [apiKey, setApiKey] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [rememberKey, setRememberKey] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [connected, setConnected] = useState<string | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  const keyId = useId();
  const nameId = useId();
  const keyHelpId = useId();

  const check = apiKey.trim() ? checkStripeKey(apiKey) : null;
  const needsConsent = keyStorage?.canStore === true && keyStorage.requiresConsentToStore;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check?.ok) return;
    setSubmitting(true);
    setError(null);
    setConnected(null);
    try {
      const known = new Set(useAppStore.getState().accounts.map((account) => account.id));
      const account = await connectAccount({
        apiKey,
        displayName: displayName.trim() || undefined,
        rememberKey: needsConsent ? rememberKey : undefined,
      });
      setApiKey('');
      setDisplayName('');
      const message = connectedMessage(account, known.has(account.id));
      setConnected(message);
      onConnected?.(account, message);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Connect a Stripe account" aria-busy={isSubmitting}>
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      {connected && !error && (
        <p className="help" role="status">
          {connected}
        </p>
      )}
      <div className="field">
        <label htmlFor={keyId}>Stripe API key</label>
        <input
          id={keyId}
          className="input mono"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="rk_live_…"
          value={apiKey}
          aria-invalid={check !== null && !check.ok}
          aria-describedby={keyHelpId}
          onChange={(event) => setApiKey(event.target.value)}
        />
        <span id={keyHelpId} className="help" role={check && !check.ok ? 'alert' : undefined}>
          {check === null && 'A restricted key with read-only access is best: Recur never writes to Stripe.'}
          {check && !check.ok && check.reason}
          {check?.ok &&
            `${check.facts.mode === 'live' ? 'Live' : 'Test'}-mode ${check.facts.kind} key ending in ${check.facts.last4}.`}
        </span>
      </div>
      <div className="field">
        <label htmlFor={nameId}>Name (optional)</label>
        <input
          id={nameId}
          className="input"
          placeholder="Acme Inc."
          maxLength={80}
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
        />
      </div>
      {needsConsent && (
        <label className="checkbox">
          <input type="checkbox" checked={rememberKey} onChange={(event) => setRememberKey(event.target.checked)} />
          <span>
            {keyStorage.explanation} <strong>Store the key unencrypted on this computer.</strong>
          </span>
        </label>
      )}
      {keyStorage && !keyStorage.canStore && <p className="help">{keyStorage.explanation}</p>}
      <div className="form-actions">
        <button className="button primary" type="submit" disabled={!check?.ok || isSubmitting}>
          {isSubmitting ? 'Checking key with Stripe…' : 'Connect account'}
        </button>
      </div>
    </form>
  );
}
