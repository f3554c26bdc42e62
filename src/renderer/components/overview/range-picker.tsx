import { useEffect, useId, useState } from 'react';
import { maxMetricsRangeDays, type OverviewRange, overviewRangePresets } from '../../../shared/contract';
import { daysInRange, formatDayRange, todayIso } from '../../lib/format';
import { presetLabels } from '../../stores/overview-store';

/**
 * The date range: a preset counted back from today, or custom days. Custom days apply with the button (or Enter), so
 * typing a date does not reload the page at every keystroke.
 */
export function RangePicker({ range, resolved, onChange }: { range: OverviewRange; resolved: { from: string; to: string } | null; onChange(range: OverviewRange): void }) {
  const selectId = useId();
  const [from, setFrom] = useState(range.from ?? resolved?.from ?? '');
  const [to, setTo] = useState(range.to ?? resolved?.to ?? '');
  const [editing, setEditing] = useState(range.preset === 'custom');

  useEffect(() => {
    if (range.preset === 'custom') {
      setFrom(range.from ?? '');
      setTo(range.to ?? '');
    }
  }, [range]);

  const today = todayIso();
  const problem =
    !from || !to
      ? 'Pick both days.'
      : from > to
        ? 'The range ends before it starts.'
        : from > today
          ? 'The range starts after today.'
          : daysInRange(from, to) > maxMetricsRangeDays
            ? `Pick at most ${maxMetricsRangeDays} days.`
            : null;
  const showCustom = editing || range.preset === 'custom';

  return (
    <div className="range-picker">
      <label className="visually-hidden" htmlFor={selectId}>
        Date range
      </label>
      <div className="overview-select-wrap">
        <select
          id={selectId}
          className="overview-select"
          value={showCustom ? 'custom' : range.preset}
          onChange={(event) => {
            const preset = event.target.value as OverviewRange['preset'];
            if (preset === 'custom') {
              setEditing(true);
              if (resolved) {
                setFrom(resolved.from);
                setTo(resolved.to);
              }
              return;
            }
            setEditing(false);
            onChange({ preset });
          }}
        >
          {overviewRangePresets.map((preset) => (
            <option key={preset} value={preset}>
              {presetLabels[preset]}
            </option>
          ))}
        </select>
      </div>
      {showCustom ? (
        <form
          className="custom-range"
          aria-label="Custom range"
          onSubmit={(event) => {
            event.preventDefault();
            if (!problem) onChange({ preset: 'custom', from, to });
          }}
        >
          <input className="input date" type="date" aria-label="From" value={from} max={to || today} onChange={(event) => setFrom(event.target.value)} />
          <span className="range-dash" aria-hidden="true">
            –
          </span>
          <input className="input date" type="date" aria-label="To" value={to} min={from} max={today} onChange={(event) => setTo(event.target.value)} />
          <button type="submit" className="button small" disabled={problem !== null} title={problem ?? undefined}>
            Apply
          </button>
        </form>
      ) : (
        resolved && <span className="range-days">{formatDayRange(resolved.from, resolved.to)}</span>
      )}
    </div>
  );
}
