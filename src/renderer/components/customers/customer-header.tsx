import { useState } from 'react';
import { type CustomerDetail, type CustomerStatus } from '../../../shared/contract';
import { formatDay, formatMoney } from '../../lib/format';
import { CustomerAvatar, customerLabel } from './customer-avatar';
import { CustomerStatusBadge } from './customer-status-badge';

/** The list's status, worked out from the detail (the same rules: contract.ts, `customerStatuses`). */
export function statusOfDetail(detail: CustomerDetail): CustomerStatus {
  if (Object.values(detail.mrrNow).some((mrr) => mrr > 0)) return 'paying';
  if (detail.subscriptions.some((subscription) => subscription.status === 'trialing')) return 'trialing';
  if (detail.movements.length > 0) return 'churned';
  return 'never_paid';
}

/** Succeeded charges less refunds, per currency: what the customer has paid, as far as the newest 500 charges go. */
function paidToDate(detail: CustomerDetail): [string, number][] {
  const sums = new Map<string, number>();
  for (const payment of detail.payments) {
    if (payment.status !== 'succeeded') continue;
    sums.set(payment.currency, (sums.get(payment.currency) ?? 0) + payment.amount - payment.amountRefunded);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

function CopyId({ id }: { id: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="customer-copy-id"
      title="Copy the customer id"
      onClick={() => {
        void navigator.clipboard?.writeText(id).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1200);
        });
      }}
    >
      <span className="mono">{id}</span>
      <span className="customer-copy-hint" aria-live="polite">
        {copied ? 'Copied' : 'Copy'}
      </span>
    </button>
  );
}

/** Who the customer is and the figures that matter at a glance: MRR now, since when, paid to date, subscriptions. */
export function CustomerHeader({ detail, currency }: { detail: CustomerDetail; currency: string | null }) {
  const mrrEntries = Object.entries(detail.mrrNow).sort((a, b) => b[1] - a[1]);
  const primary = currency ?? mrrEntries[0]?.[0] ?? null;
  const others = mrrEntries.filter(([code, mrr]) => code !== primary && mrr > 0);
  const since = detail.movements.reduce<string | null>((first, movement) => (movement.type === 'new' && (first === null || movement.date < first) ? movement.date : first), null);
  const paid = paidToDate(detail);
  const activeSubscriptions = detail.subscriptions.filter((subscription) => ['active', 'past_due', 'trialing'].includes(subscription.status)).length;
  const title = customerLabel(detail);

  return (
    <header className="customer-header">
      <div className="customer-identity">
        <CustomerAvatar customerId={detail.customerId} name={detail.name} email={detail.email} size={48} />
        <div className="customer-identity-text">
          <div className="customer-title-line">
            <h1>{title}</h1>
            <CustomerStatusBadge status={statusOfDetail(detail)} />
            {detail.deleted && <span className="badge customer-deleted">Deleted in Stripe</span>}
          </div>
          <div className="customer-subtitle">
            {detail.email && detail.email !== title && <span>{detail.email}</span>}
            <CopyId id={detail.customerId} />
          </div>
        </div>
      </div>
      <dl className="customer-kpis">
        <div className="customer-kpi">
          <dt>MRR now</dt>
          <dd className="big">{primary ? formatMoney(detail.mrrNow[primary] ?? 0, primary) : '—'}</dd>
          {others.length > 0 && <dd className="sub">+ {others.map(([code, mrr]) => formatMoney(mrr, code)).join(' · ')}</dd>}
        </div>
        <div className="customer-kpi">
          <dt>ARR</dt>
          <dd className="big">{primary ? formatMoney((detail.mrrNow[primary] ?? 0) * 12, primary) : '—'}</dd>
        </div>
        <div className="customer-kpi">
          <dt>Customer since</dt>
          <dd className="big">{since ? formatDay(since) : '—'}</dd>
        </div>
        <div className="customer-kpi">
          <dt>Paid to date</dt>
          <dd className="big">{paid[0] ? formatMoney(paid[0][1], paid[0][0]) : '—'}</dd>
          {paid.length > 1 && <dd className="sub">+ {paid.slice(1).map(([code, amount]) => formatMoney(amount, code)).join(' · ')}</dd>}
        </div>
        <div className="customer-kpi">
          <dt>Subscriptions</dt>
          <dd className="big">
            {activeSubscriptions}
            <span className="of"> of {detail.subscriptions.length} active</span>
          </dd>
        </div>
      </dl>
    </header>
  );
}
