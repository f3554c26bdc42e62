import { type MovementTypeName } from '../../../shared/contract';

export const movementTypeLabels: Record<MovementTypeName, string> = {
  new: 'New',
  reactivation: 'Reactivation',
  expansion: 'Expansion',
  contraction: 'Contraction',
  churn: 'Churn',
};

/** An MRR movement's type (METRICS.md, "Movements"), coloured like the Overview's movement chart. */
export function MovementBadge({ type }: { type: MovementTypeName }) {
  return <span className={`movement-badge movement-${type}`}>{movementTypeLabels[type]}</span>;
}
