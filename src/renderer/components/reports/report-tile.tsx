import { useState } from 'react';
import { type ReportExport, type ReportIdName } from '../../../shared/contract';
import { call } from '../../lib/api';

type ExportState = { kind: 'idle' } | { kind: 'exporting' } | { kind: 'done'; result: ReportExport } | { kind: 'failed'; message: string };

/** One report: what it holds, an Export button, and afterwards where the file went (or why it could not be written). */
export function ReportTile({ accountId, reportId, title, description, range }: { accountId: string; reportId: ReportIdName; title: string; description: string; range: { from: string; to: string } }) {
  const [state, setState] = useState<ExportState>({ kind: 'idle' });

  const onExport = async () => {
    setState({ kind: 'exporting' });
    try {
      setState({ kind: 'done', result: await call('reports:export', { accountId, reportId, ...range }) });
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <section className="report-tile" aria-label={title}>
      <div className="report-tile-text">
        <h3>{title}</h3>
        <p>{description}</p>
      </div>
      <div className="report-tile-actions">
        <button className="button small" onClick={() => void onExport()} disabled={state.kind === 'exporting'} aria-label={`Export ${title} as CSV`}>
          {state.kind === 'exporting' ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <ExportOutcome state={state} />
    </section>
  );
}

function ExportOutcome({ state }: { state: ExportState }) {
  if (state.kind === 'failed') {
    return (
      <p className="report-outcome error" role="alert">
        {state.message}
      </p>
    );
  }
  if (state.kind !== 'done' || state.result.status === 'cancelled') return null;
  const { path, rows } = state.result;
  return (
    <div className="report-outcome" role="status">
      <span>
        Saved {rows.toLocaleString()} {rows === 1 ? 'row' : 'rows'} to <code className="report-path">{path}</code>
      </span>
      <button className="link-button" onClick={() => void call('reports:reveal', { path })}>
        Show in folder
      </button>
    </div>
  );
}
