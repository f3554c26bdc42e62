import { type FormEvent, useEffect, useState } from 'react';
import { type RelaySettings } from '../../shared/contract';
import { call } from '../lib/api';

/** The optional webhook relay: on/off, port, the signing secret from `stripe listen`, and the command to run. */
export function RelayCard({ accountId }: { accountId: string }) {
  const [relay, setRelay] = useState<RelaySettings | null>(null);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call('relay:get', { accountId }).then(setRelay, (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)));
  }, [accountId]);

  const update = async (changes: { enabled?: boolean; secret?: string }) => {
    setError(null);
    try {
      setRelay(await call('relay:update', { accountId, ...changes }));
      if (changes.secret) setSecret('');
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  const saveSecret = (event: FormEvent) => {
    event.preventDefault();
    if (secret.trim()) void update({ secret: secret.trim() });
  };

  return (
    <section className="card" aria-labelledby="relay-heading">
      <h2 id="relay-heading">Webhook relay</h2>
      <p className="hint">Optional. Changes reach Recur within seconds instead of at the next poll, through the Stripe CLI on this computer.</p>
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      {relay && (
        <>
          <label className="checkbox">
            <input type="checkbox" checked={relay.enabled} onChange={(event) => void update({ enabled: event.target.checked })} />
            <span>
              Listen for webhooks on 127.0.0.1:{relay.port}
              {relay.listening ? ' — listening' : ''}
            </span>
          </label>
          {relay.problem && <div className="alert warning">{relay.problem}</div>}
          <p className="hint">Run this, then paste the signing secret it prints:</p>
          <pre className="command">{relay.listenCommand}</pre>
          <form className="inline-form" onSubmit={saveSecret}>
            <input
              className="input mono"
              type="password"
              aria-label="Webhook signing secret"
              placeholder={relay.hasSecret ? 'Signing secret saved — paste a new one to replace it' : 'whsec_…'}
              value={secret}
              onChange={(event) => setSecret(event.target.value)}
            />
            <button className="button" type="submit" disabled={!secret.trim()}>
              Save secret
            </button>
          </form>
        </>
      )}
    </section>
  );
}
