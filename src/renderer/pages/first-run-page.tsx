import { useState } from 'react';
import { ConnectKeyForm, requiredPermissions } from '../components/connect-key-form';
import { useAppStore } from '../stores/app-store';

/** Shown while no account is connected: bring your own Stripe key, or look around the demo account first. */
export function FirstRunPage() {
  const connectDemo = useAppStore((state) => state.connectDemo);
  const [demoError, setDemoError] = useState<string | null>(null);
  const [isOpeningDemo, setOpeningDemo] = useState(false);

  const openDemo = async () => {
    setOpeningDemo(true);
    setDemoError(null);
    try {
      await connectDemo();
    } catch (error) {
      setDemoError(error instanceof Error ? error.message : String(error));
      setOpeningDemo(false);
    }
  };

  return (
    <main className="first-run">
      <div className="first-run-inner">
        <div className="first-run-hero">
          <div className="brand-mark" aria-hidden="true">
            R
          </div>
          <h1>Welcome to Recur</h1>
          <p>Your subscription metrics, computed on this computer from your own Stripe data.</p>
        </div>
        <div className="first-run-options">
          <section className="card" aria-labelledby="connect-heading">
            <h2 id="connect-heading">Connect Stripe</h2>
            <p className="hint">
              Create a <strong>restricted key</strong> in Stripe (Developers → API keys → Create restricted key) with{' '}
              <strong>Read</strong> access to:
            </p>
            <ul className="permissions">
              <li>{requiredPermissions.join(', ')}</li>
            </ul>
            <ConnectKeyForm />
          </section>
          <section className="card" aria-labelledby="demo-heading">
            <h2 id="demo-heading">Explore the demo account</h2>
            <p className="hint">
              A realistic SaaS business with two years of history, generated on this computer. Nothing is sent anywhere,
              and you can connect your own account at any time.
            </p>
            {demoError && (
              <div className="alert error" role="alert">
                {demoError}
              </div>
            )}
            <button className="button" onClick={openDemo} disabled={isOpeningDemo}>
              {isOpeningDemo ? 'Opening…' : 'Open the demo account'}
            </button>
          </section>
        </div>
        <p className="privacy">Recur only reads from Stripe. Your data stays in a local database on this computer.</p>
      </div>
    </main>
  );
}
