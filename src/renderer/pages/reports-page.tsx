import { PageHeader } from '../components/page-header';

/** The CSV reports Recur writes, as METRICS.md lists them. */
const reports = [
  { id: 'summary', title: 'Monthly summary', description: 'MRR, movements, churn and retention by month.' },
  { id: 'movements', title: 'MRR movements', description: 'Every new, expansion, contraction, churn and reactivation.' },
  { id: 'customers', title: 'Customers', description: 'Each customer with MRR, status and first payment.' },
  { id: 'subscriptions', title: 'Subscriptions', description: 'Each subscription with its plan, status and MRR.' },
  { id: 'invoices', title: 'Invoices', description: 'Invoices with amounts, status and periods.' },
  { id: 'payments', title: 'Payments and refunds', description: 'Succeeded and failed charges, and refunds.' },
  { id: 'churned', title: 'Churned customers', description: 'Who left, when, and the MRR they took with them.' },
];

export function ReportsPage() {
  return (
    <div className="page">
      <PageHeader title="Reports" description="CSV files that open in any spreadsheet." />
      <p className="hint">Exports become available once the first sync has finished.</p>
      <div className="report-grid">
        {reports.map((report) => (
          <section key={report.id} className="report-tile" aria-label={report.title}>
            <h3>{report.title}</h3>
            <p>{report.description}</p>
          </section>
        ))}
      </div>
    </div>
  );
}
