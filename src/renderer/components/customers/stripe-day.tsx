import { formatDay } from '../../lib/format';

/** A Stripe timestamp (ISO 8601, UTC) as its UTC day, as the metrics count days; "—" where Stripe has none. */
export function stripeDay(iso: string | null): React.ReactNode {
  if (!iso) return <span className="faint">—</span>;
  return <time dateTime={iso}>{formatDay(iso.slice(0, 10))}</time>;
}
