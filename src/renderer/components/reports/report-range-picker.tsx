import { type DayRange, presetRange, rangePresets, type RangePresetId, todayIso } from '../../lib/day-range';

/** Preset ranges plus from/to date fields; days are UTC, both included. */
export function ReportRangePicker({ range, preset, onChange }: { range: DayRange; preset: RangePresetId | 'custom'; onChange(range: DayRange, preset: RangePresetId | 'custom'): void }) {
  const today = todayIso();
  const invalid = range.from > range.to;
  return (
    <div className="report-range" role="group" aria-label="Report range">
      <div className="segmented" role="group" aria-label="Preset ranges">
        {rangePresets.map((option) => (
          <button
            key={option.id}
            aria-pressed={preset === option.id}
            onClick={() => onChange(presetRange(option.id), option.id)}
          >
            {option.label}
          </button>
        ))}
      </div>
      <div className="date-fields">
        <label className="date-field">
          <span>From</span>
          <input className="input" type="date" value={range.from} max={today} aria-invalid={invalid} onChange={(event) => event.target.value && onChange({ ...range, from: event.target.value }, 'custom')} />
        </label>
        <label className="date-field">
          <span>To</span>
          <input className="input" type="date" value={range.to} max={today} aria-invalid={invalid} onChange={(event) => event.target.value && onChange({ ...range, to: event.target.value }, 'custom')} />
        </label>
      </div>
      {invalid && (
        <p className="report-outcome error" role="alert">
          The range ends before it starts: pick a “To” date on or after “From”.
        </p>
      )}
    </div>
  );
}
