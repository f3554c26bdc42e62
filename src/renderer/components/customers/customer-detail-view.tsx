import { useEffect, useRef, useState } from 'react';
import { useCustomersStore } from '../../stores/customers-store';
import { CustomerHeader } from './customer-header';
import { CustomerInvoices } from './customer-invoices';
import { CustomerPayments } from './customer-payments';
import { CustomerSubscriptions } from './customer-subscriptions';
import { MovementList } from './movement-list';
import { MrrTimeline } from './mrr-timeline';

/** One customer: who they are, their MRR over time and every movement, and the Stripe objects behind them. */
export function CustomerDetailView() {
  const customerId = useCustomersStore((state) => state.openCustomerId);
  const detail = useCustomersStore((state) => state.detail);
  const detailState = useCustomersStore((state) => state.detailState);
  const detailError = useCustomersStore((state) => state.detailError);
  const { closeCustomer, reloadCustomer } = useCustomersStore.getState();
  const [pickedCurrency, setPickedCurrency] = useState<string | null>(null);
  const back = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    back.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      closeCustomer();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [closeCustomer]);

  const ready = detail !== null && detail.customerId === customerId;
  // The currency shown: the one picked, else the one the customer pays most in today, else their first.
  const currencies = ready ? detail.currencies : [];
  const byMrr = ready ? Object.entries(detail.mrrNow).sort((a, b) => b[1] - a[1]).map(([code]) => code) : [];
  const currency = pickedCurrency && currencies.includes(pickedCurrency) ? pickedCurrency : (byMrr[0] ?? currencies[0] ?? null);

  return (
    <div className="page customer-detail-page">
      <nav className="customer-breadcrumb" aria-label="Breadcrumb">
        <button ref={back} type="button" className="customer-back" onClick={closeCustomer}>
          <svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
            <path d="M10 3 5 8l5 5" />
          </svg>
          Customers
        </button>
        <span className="customer-breadcrumb-sep" aria-hidden="true">
          /
        </span>
        <span className="customer-breadcrumb-current mono">{customerId}</span>
        <kbd className="customer-esc-hint" aria-hidden="true">
          Esc
        </kbd>
      </nav>

      {detailState === 'failed' && !ready ? (
        <div className="alert error" role="alert">
          {detailError}{' '}
          <button type="button" className="button small" onClick={() => void reloadCustomer()}>
            Try again
          </button>
        </div>
      ) : !ready ? (
        <DetailSkeleton />
      ) : (
        <div className="customer-detail" aria-label="Customer detail">
          <CustomerHeader detail={detail} currency={currency} />
          <div className="customer-detail-grid">
            <MrrTimeline movements={detail.movements} currency={currency ?? 'usd'} currencies={currencies} onCurrency={setPickedCurrency} />
            <MovementList movements={detail.movements} />
          </div>
          <CustomerSubscriptions subscriptions={detail.subscriptions} />
          <div className="customer-detail-pair">
            <CustomerInvoices invoices={detail.invoices} />
            <CustomerPayments payments={detail.payments} />
          </div>
        </div>
      )}
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div className="customer-detail-skeleton" aria-busy="true" aria-label="Loading the customer">
      <div className="customer-identity">
        <span className="customer-avatar placeholder" style={{ width: 48, height: 48 }} />
        <div style={{ flex: 1 }}>
          <span className="skeleton-bar" style={{ width: 220, height: 20 }} />
          <span className="skeleton-bar thin" style={{ width: 280, marginTop: 8 }} />
        </div>
      </div>
      <div className="customer-kpis">
        {Array.from({ length: 5 }, (_, index) => (
          <span key={index} className="skeleton-bar" style={{ height: 44 }} />
        ))}
      </div>
      <div className="customer-detail-grid">
        <span className="skeleton-block" style={{ height: 300 }} />
        <span className="skeleton-block" style={{ height: 300 }} />
      </div>
    </div>
  );
}
