import { useState } from 'react';
import { type OverviewRange, type ReportIdName } from '../../shared/contract';
import { EmptyState } from '../components/empty-state';
import { RangePicker } from '../components/overview/range-picker';
import { PageHeader } from '../components/page-header';
import { ReportTile } from '../components/reports/report-tile';
import { todayIso } from '../lib/format';
import { useCurrentAccount } from '../stores/current-account';
import { resolveRange } from '../stores/overview-store';
import '../styles/overview.css';
import '../styles/reports.css';

/** What each CSV report holds, as METRICS.md lists them, in the order the core's catalogue gives. */
const reports: { id: ReportIdName; title: string; description: string }[] = [
  { id: 'summary', title: 'Monthly metrics summary', description: 'MRR, movements, customers, churn and retention, one row per month and currency.' },
  { id: 'movements', title: 'MRR movements', description: 'Every new, expansion, contraction, churn and reactivation, with the MRR after it.' },
  { id: 'customers', title: 'Customers', description: 'Each customer created in the range, with email, currency and metadata.' },
  { id: 'subscriptions', title: 'Subscriptions', description: 'Each subscription with its status, plan, dates and cancellation.' },
  { id: 'invoices', title: 'Invoices', description: 'Invoices with totals, status, billing reason and periods.' },
  { id: 'payments', title: 'Payments and refunds', description: 'Succeeded and failed charges, and refunds, each in its own month.' },
  { id: 'churned', title: 'Churned customers', description: 'Who left, when, and the MRR they took with them.' },
];

export function ReportsPage() {
  const account = useCurrentAccount();
  // The same ranges as the Overview, counted the same way, so a report covers exactly the days the dashboard showed.
  const [range, setRange] = useState<OverviewRange>({ preset: 'last12m' });
  const resolved = resolveRange(range, todayIso());

  if (!account) {
    return (
      <div className="page">
        <PageHeader title="Reports" />
        <EmptyState icon="reports" title="No account connected">
          Connect a Stripe account or open the demo account to export reports.
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="page">
      <PageHeader title="Reports" description="CSV files for any date range, ready for a spreadsheet or an accountant." actions={<RangePicker range={range} resolved={resolved} onChange={setRange} />} />
      <p className="hint report-note">
        Days are UTC, both included. Amounts are in major units with a currency column; text that a spreadsheet could run
        as a formula is prefixed with an apostrophe.
      </p>
      <div className="report-grid">
        {reports.map((report) => (
          <ReportTile key={report.id} accountId={account.id} reportId={report.id} title={report.title} description={report.description} range={resolved} />
        ))}
      </div>
    </div>
  );
}
