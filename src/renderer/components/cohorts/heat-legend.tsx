import { type CohortKind } from '../../../shared/contract';
import { heatStyle } from './cohort-heat';

const steps = [0.1, 0.3, 0.5, 0.7, 0.9, 1];

/** The colour scale, from little retained to all of it, and (for revenue) the colour of growth past 100%. */
export function HeatLegend({ kind }: { kind: CohortKind }) {
  return (
    <div className="heat-legend" aria-hidden="true">
      <span className="heat-legend-label">0%</span>
      <span className="heat-legend-scale">
        {steps.map((step) => (
          <span key={step} className="heat-legend-step" style={{ background: heatStyle(step).background }} />
        ))}
      </span>
      <span className="heat-legend-label">100%</span>
      <span className="heat-legend-over">
        <span className="heat-legend-step to-date-swatch" />
        To date
      </span>
      {kind === 'mrr' && (
        <span className="heat-legend-over">
          <span className="heat-legend-step" style={{ background: heatStyle(1.5).background }} />
          Above 100%: expansion
        </span>
      )}
    </div>
  );
}
