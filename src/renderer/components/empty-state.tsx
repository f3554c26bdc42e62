import { type ReactNode } from 'react';
import { Icon, type IconName } from './icons';

export function EmptyState({ icon, title, children, action }: { icon: IconName; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section className="card empty-state" aria-label={title}>
      <div className="empty-icon">
        <Icon name={icon} size={20} />
      </div>
      <h2>{title}</h2>
      <p>{children}</p>
      {action && <div className="empty-action">{action}</div>}
    </section>
  );
}
