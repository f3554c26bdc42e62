import { type CohortKind } from '../../../shared/contract';

const kinds: { value: CohortKind; label: string }[] = [
  { value: 'customers', label: 'Customers' },
  { value: 'mrr', label: 'Revenue' },
];

/** Which share the heatmap reads: customers still paying, or starting MRR still recurring. */
export function CohortKindToggle({ value, onChange }: { value: CohortKind; onChange(kind: CohortKind): void }) {
  return (
    <div className="segmented" role="group" aria-label="Retention of">
      {kinds.map((kind) => (
        <button key={kind.value} type="button" aria-pressed={value === kind.value} onClick={() => onChange(kind.value)}>
          {kind.label}
        </button>
      ))}
    </div>
  );
}
