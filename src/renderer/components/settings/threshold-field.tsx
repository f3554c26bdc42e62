import { useEffect, useState } from 'react';
import { type InsightThresholds, insightThresholdsSchema } from '../../../shared/contract';
import { useAppStore } from '../../stores/app-store';

/**
 * One insight threshold: a number field checked against the contract's own rule as it is typed, saved when it loses
 * focus (or on Enter) if it is valid, with the reason shown beside it when it is not.
 */
export function ThresholdField({ name, label, unit }: { name: keyof InsightThresholds; label: string; unit: string }) {
  const saved = useAppStore((state) => state.settings.insightThresholds[name]);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const [text, setText] = useState(String(saved));
  const [error, setError] = useState<string | null>(null);
  const id = `threshold-${name}`;

  useEffect(() => setText(String(saved)), [saved]);

  const save = () => {
    const parsed = insightThresholdsSchema.shape[name].safeParse(text.trim() === '' ? Number.NaN : Number(text));
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Give a number.');
      return;
    }
    setError(null);
    if (parsed.data !== saved) void updateSettings({ insightThresholds: { [name]: parsed.data } }).catch((caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)));
  };

  return (
    <div className="threshold-field">
      <label htmlFor={id}>{label}</label>
      <div className="threshold-input">
        <input
          id={id}
          className="input"
          inputMode="decimal"
          value={text}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => setText(event.target.value)}
          onBlur={save}
          onKeyDown={(event) => event.key === 'Enter' && save()}
        />
        <span className="unit">{unit}</span>
      </div>
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
