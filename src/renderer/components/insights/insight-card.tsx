import { memo, useId } from 'react';
import { type Insight } from '../../../shared/contract';
import { formatMoney } from '../../lib/format';
import { formatFigure } from './insight-figure-value';
import { InsightRowsTable, rowsNoun } from './insight-rows-table';
import { SeverityBadge } from './severity-badge';

interface InsightCardProps {
  insight: Insight;
  isExpanded: boolean;
  onToggleRows(insightId: string): void;
  onOpenDrilldown(insight: Insight): void;
  onChangeThreshold(insight: Insight): void;
  onOpenCustomer(customerId: string): void;
}

const drilldownLabels: Record<NonNullable<Insight['drilldown']>['figure'], string> = {
  mrr: 'Open MRR breakdown',
  payingCustomers: 'Open paying customers',
  new: 'Open new MRR movements',
  reactivation: 'Open reactivations',
  expansion: 'Open expansion movements',
  contraction: 'Open contraction movements',
  churn: 'Open churn movements',
};

/**
 * One insight: how urgent, what happened in one sentence, the figures that triggered it, what it was held to (with the
 * way to change that), and the rows behind it.
 */
export const InsightCard = memo(function InsightCard({ insight, isExpanded, onToggleRows, onOpenDrilldown, onChangeThreshold, onOpenCustomer }: InsightCardProps) {
  const titleId = useId();
  const rowsId = useId();
  const { rows, currency } = insight;

  return (
    <article className={`insight-card ${insight.severity}`} aria-labelledby={titleId} data-testid="insight" data-insight={insight.id}>
      <header className="insight-header">
        <SeverityBadge severity={insight.severity} />
        {currency && <span className="insight-currency">{currency.toUpperCase()}</span>}
      </header>
      <h2 id={titleId} className="insight-title">
        {insight.title}
      </h2>
      <p className="insight-sentence">{insight.sentence}</p>

      {insight.figures.length > 0 && (
        <dl className="insight-figures">
          {insight.figures.map((figure) => (
            <div key={figure.key} className="insight-figure">
              <dt>{figure.label}</dt>
              <dd>{formatFigure(figure, currency)}</dd>
            </div>
          ))}
        </dl>
      )}

      {insight.thresholds.length > 0 && (
        <div className="insight-thresholds">
          <span className="insight-thresholds-label">Held to</span>
          <ul>
            {insight.thresholds.map((threshold) => (
              <li key={threshold.setting}>{threshold.description}</li>
            ))}
          </ul>
        </div>
      )}

      {(rows || insight.drilldown || insight.thresholds.length > 0) && (
        <footer className="insight-actions">
          {rows && currency && rows.rows.length > 0 && (
            <button type="button" className="button small insight-toggle" aria-expanded={isExpanded} aria-controls={isExpanded ? rowsId : undefined} onClick={() => onToggleRows(insight.id)}>
              <svg className="chevron" width="12" height="12" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
                <path d="M6 3.5 10.5 8 6 12.5" />
              </svg>
              {isExpanded ? 'Hide' : 'Show'} {rowsNoun(rows)}
              <span className="insight-toggle-total">{formatMoney(rows.total, currency)}</span>
            </button>
          )}
          {insight.drilldown && (
            <button type="button" className="button small ghost" onClick={() => onOpenDrilldown(insight)} data-testid="insight-drilldown">
              {drilldownLabels[insight.drilldown.figure]}
              <span aria-hidden="true">→</span>
            </button>
          )}
          {insight.thresholds.length > 0 && (
            <button type="button" className="link-button" onClick={() => onChangeThreshold(insight)} aria-label={`Change threshold of “${insight.title}” in Settings`}>
              Change threshold
            </button>
          )}
        </footer>
      )}
      {rows && currency && isExpanded && <InsightRowsTable id={rowsId} rows={rows} currency={currency} onOpenCustomer={onOpenCustomer} />}
    </article>
  );
});
