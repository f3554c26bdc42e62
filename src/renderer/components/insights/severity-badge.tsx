import { type InsightSeverity } from '../../../shared/contract';

export const severityLabels: Record<InsightSeverity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

const glyphs: Record<InsightSeverity, string> = {
  critical: 'M5.2 1.5h5.6l3.7 3.7v5.6l-3.7 3.7H5.2l-3.7-3.7V5.2zM8 4.8v3.7m0 2.6h.01',
  warning: 'M8 1.8 14.7 13.6H1.3zM8 6.3v3.2m0 2.2h.01',
  info: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13ZM8 7.3v4m0-6.2h.01',
};

/** How urgent an insight is, in words and colour (never colour alone). */
export function SeverityBadge({ severity }: { severity: InsightSeverity }) {
  return (
    <span className={`severity-badge ${severity}`} data-testid="severity">
      <svg width="12" height="12" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d={glyphs[severity]} />
      </svg>
      {severityLabels[severity]}
    </span>
  );
}
