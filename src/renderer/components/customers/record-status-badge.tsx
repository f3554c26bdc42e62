/** Stripe's own status words (subscriptions, invoices, charges), in four tones: good, in progress, trouble, over. */
const tones: Record<string, 'good' | 'pending' | 'bad' | 'muted'> = {
  active: 'good',
  paid: 'good',
  succeeded: 'good',
  trialing: 'pending',
  open: 'pending',
  pending: 'pending',
  incomplete: 'pending',
  past_due: 'bad',
  unpaid: 'bad',
  failed: 'bad',
  uncollectible: 'bad',
  canceled: 'muted',
  incomplete_expired: 'muted',
  paused: 'muted',
  void: 'muted',
  draft: 'muted',
};

export function RecordStatusBadge({ status }: { status: string | null }) {
  if (!status) return <span className="faint">—</span>;
  return <span className={`record-status tone-${tones[status] ?? 'muted'}`}>{status.replace(/_/g, ' ')}</span>;
}
