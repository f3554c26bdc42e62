import { type CustomerStatus } from '../../../shared/contract';

export const customerStatusLabels: Record<CustomerStatus, string> = {
  paying: 'Paying',
  trialing: 'Trialing',
  churned: 'Churned',
  never_paid: 'Never paid',
};

const statusHints: Record<CustomerStatus, string> = {
  paying: 'Has MRR today',
  trialing: 'In a trial, not paying yet',
  churned: 'Paid before, no MRR today',
  never_paid: 'Has never had MRR',
};

/** Where a customer stands today, as the core defines it (contract.ts, `customerStatuses`). */
export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  return (
    <span className={`customer-status status-${status}`} title={statusHints[status]}>
      <span className="customer-status-dot" aria-hidden="true" />
      {customerStatusLabels[status]}
    </span>
  );
}
