import { type AccountSummary } from '../../shared/contract';

/** Says at a glance where an account's numbers come from: demo data, a test key or a live key. */
export function AccountBadge({ account }: { account: AccountSummary }) {
  if (account.source === 'demo') return <span className="badge demo">Demo data</span>;
  if (!account.key) return <span className="badge">No key</span>;
  const kind = account.key.kind === 'restricted' ? 'restricted' : 'secret';
  return (
    <span className={`badge ${account.key.mode}`}>
      {account.key.mode === 'live' ? 'Live' : 'Test'} · {kind} …{account.key.last4}
    </span>
  );
}
