import { type InsightThresholds } from '../../../shared/contract';
import { ThresholdField } from './threshold-field';

/** Every threshold an insight is held to, grouped by what it watches. */
const groups: { title: string; fields: { name: keyof InsightThresholds; label: string; unit: string }[] }[] = [
  {
    title: 'Churn and growth',
    fields: [
      { name: 'churnSpikeMultiple', label: 'Churn spike at', unit: '× the trailing average' },
      { name: 'churnTrailingMonths', label: 'Trailing average over', unit: 'months' },
      { name: 'quickRatioMinimum', label: 'Quick ratio below', unit: '' },
      { name: 'grrFallPoints', label: 'GRR falling by', unit: 'points in 90 days' },
    ],
  },
  {
    title: 'Payments',
    fields: [
      { name: 'failedPaymentsRisePercent', label: 'Failed payments rising by', unit: '% on the 30 days before' },
      { name: 'failedPaymentsMinimum', label: 'With at least', unit: 'failed payments' },
      { name: 'mrrAtRiskPercent', label: 'MRR at risk from', unit: '% of MRR' },
    ],
  },
  {
    title: 'Concentration',
    fields: [
      { name: 'concentrationTopCustomers', label: 'Top customers counted', unit: 'customers' },
      { name: 'concentrationPercent', label: 'Concentrated from', unit: '% of MRR' },
    ],
  },
  {
    title: 'Coming up',
    fields: [
      { name: 'trialsEndingDays', label: 'Trials ending within', unit: 'days' },
      { name: 'couponsEndingDays', label: 'Coupons ending within', unit: 'days' },
      { name: 'renewalsDays', label: 'Annual renewals within', unit: 'days' },
      { name: 'staleSyncHours', label: 'Data stale after', unit: 'hours without a sync' },
    ],
  },
];

export function InsightThresholdsCard() {
  return (
    <section className="card" aria-labelledby="insight-thresholds-heading">
      <h2 id="insight-thresholds-heading">Insight thresholds</h2>
      <p className="hint">When an insight speaks up. Each is saved as you leave its field; the Insights page follows at once.</p>
      <div className="threshold-groups">
        {groups.map((group) => (
          <fieldset key={group.title} className="threshold-group">
            <legend>{group.title}</legend>
            {group.fields.map((field) => (
              <ThresholdField key={field.name} {...field} />
            ))}
          </fieldset>
        ))}
      </div>
    </section>
  );
}
