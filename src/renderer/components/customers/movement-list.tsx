import { useId, useState } from 'react';
import { type CustomerDetail } from '../../../shared/contract';
import { formatDay, formatMoney, formatSignedMoney } from '../../lib/format';
import { MovementBadge } from './movement-badge';

type Movement = CustomerDetail['movements'][number];

const collapsed = 8;

/** The customer's MRR movements, newest first: what happened, by how much, and the MRR it left. */
export function MovementList({ movements }: { movements: readonly Movement[] }) {
  const headingId = useId();
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? movements : movements.slice(0, collapsed);
  return (
    <section className="card customer-movements" aria-labelledby={headingId}>
      <header className="customer-card-header">
        <h2 id={headingId}>
          Movements <span className="count">{movements.length}</span>
        </h2>
      </header>
      {movements.length === 0 ? (
        <p className="customer-records-empty">No MRR movements yet.</p>
      ) : (
        <ol className="movement-list">
          {shown.map((movement, index) => (
            <li key={`${movement.date}-${movement.currency}-${index}`} className="movement-item">
              <span className={`movement-rail movement-${movement.type}`} aria-hidden="true" />
              <div className="movement-main">
                <div className="movement-top">
                  <MovementBadge type={movement.type} />
                  <span className={`movement-amount ${movement.amount >= 0 ? 'positive' : 'negative'}`}>{formatSignedMoney(movement.amount, movement.currency)}</span>
                </div>
                <div className="movement-meta">
                  <time dateTime={movement.date}>{formatDay(movement.date)}</time>
                  <span>MRR after {formatMoney(movement.mrrAfter, movement.currency)}</span>
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
      {movements.length > collapsed && (
        <button type="button" className="button small customer-records-more" aria-expanded={expanded} onClick={() => setExpanded((value) => !value)}>
          {expanded ? 'Show fewer' : `Show all ${movements.length}`}
        </button>
      )}
    </section>
  );
}
