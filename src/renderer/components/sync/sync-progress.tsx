import { type EventPayload } from '../../../shared/events';
import { describeTimeLeft, overallFraction, secondsLeft } from '../../lib/sync-estimate';
import { useSyncStore } from '../../stores/sync-store';

/** Stripe's resources in the order a person thinks of them, with the names the Sync page shows. */
const resourceNames: Record<string, string> = {
  products: 'Products',
  prices: 'Prices',
  coupons: 'Coupons',
  customers: 'Customers',
  subscriptions: 'Subscriptions',
  invoices: 'Invoices',
  charges: 'Payments',
  refunds: 'Refunds',
};

/**
 * A running full sync: one bar for the whole, one per resource (its share of the account's history paged so far),
 * objects fetched, and the time left once it can be estimated.
 */
export function SyncProgress({ progress }: { progress: EventPayload<'sync:progress'> }) {
  const start = useSyncStore((state) => state.progressStart[progress.accountId]);
  const fraction = overallFraction(progress);
  const left = start && fraction !== undefined ? secondsLeft(start, { at: Date.now(), fraction }) : undefined;
  const fetched = Object.values(progress.counts).reduce((sum, count) => sum + count.fetched, 0);
  const percent = Math.round((fraction ?? 0) * 100);
  const resources = Object.keys(resourceNames).filter((resource) => resource in progress.coverage);

  return (
    <div className="sync-progress">
      <div className="sync-progress-summary">
        <span>
          {fetched.toLocaleString()} objects · {fraction === undefined ? 'starting' : `${percent}%`}
        </span>
        <span aria-live="polite">{describeTimeLeft(left)}</span>
      </div>
      <div className="progress" role="progressbar" aria-label="Sync progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <ul className="resource-progress" aria-label="Progress per resource">
        {resources.map((resource) => {
          const share = Math.round((progress.coverage[resource] ?? 0) * 100);
          const name = resourceNames[resource] ?? resource;
          return (
            <li key={resource}>
              <span className="resource-name">{name}</span>
              <div className="progress thin" role="progressbar" aria-label={`${name} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={share}>
                <div className="progress-bar" style={{ width: `${share}%` }} />
              </div>
              <span className="resource-count">{(progress.counts[resource]?.fetched ?? 0).toLocaleString()}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
