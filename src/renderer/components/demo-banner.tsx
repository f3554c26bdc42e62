import { useAppStore } from '../stores/app-store';
import { useCurrentAccount } from '../stores/current-account';

/** Says plainly, on every page, that the numbers come from the built-in simulator and not from the user's Stripe. */
export function DemoBanner() {
  const isDemo = useCurrentAccount()?.source === 'demo';
  const navigate = useAppStore((state) => state.navigate);
  if (!isDemo) return null;
  return (
    <div className="demo-banner" role="note">
      <span>
        <strong>Demo data.</strong> You are exploring a made-up business simulated on this computer.
      </span>
      <button className="button small" onClick={() => navigate('settings')}>
        Connect your Stripe account
      </button>
    </div>
  );
}
