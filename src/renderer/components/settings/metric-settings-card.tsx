import { useAppStore } from '../../stores/app-store';

/** The two MRR settings Stripe offers, with Stripe's defaults (METRICS.md, "MRR of one subscription at an instant"). */
export function MetricSettingsCard() {
  const subtractFiniteDiscounts = useAppStore((state) => state.settings.subtractFiniteDiscounts);
  const cancellation = useAppStore((state) => state.settings.cancellation);
  const updateSettings = useAppStore((state) => state.updateSettings);

  return (
    <section className="card" aria-labelledby="metric-settings-heading">
      <h2 id="metric-settings-heading">Metrics</h2>
      <p className="hint">Recur counts MRR the way Stripe’s Billing analytics does. Change these only to match how you report; every figure and report follows at once.</p>
      <div className="setting-row">
        <div>
          <div className="setting-label" id="finite-discounts-label">
            Subtract finite discounts
          </div>
          <div className="setting-help">Also subtract coupons that last once or a few months. Off, as in Stripe: only forever coupons lower MRR.</div>
        </div>
        <input
          type="checkbox"
          role="switch"
          className="switch"
          aria-labelledby="finite-discounts-label"
          checked={subtractFiniteDiscounts}
          onChange={(event) => void updateSettings({ subtractFiniteDiscounts: event.target.checked })}
        />
      </div>
      <div className="setting-row">
        <div>
          <div className="setting-label" id="cancellation-label">
            A cancelled subscription stops counting
          </div>
          <div className="setting-help">When the customer asks to cancel (as in Stripe), or when the period they paid for ends.</div>
        </div>
        <div className="segmented" role="group" aria-labelledby="cancellation-label">
          <button aria-pressed={cancellation === 'requested'} onClick={() => void updateSettings({ cancellation: 'requested' })}>
            When requested
          </button>
          <button aria-pressed={cancellation === 'period_end'} onClick={() => void updateSettings({ cancellation: 'period_end' })}>
            At period end
          </button>
        </div>
      </div>
    </section>
  );
}
