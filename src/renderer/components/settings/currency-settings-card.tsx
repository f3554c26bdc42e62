import { useCallback, useEffect, useState } from 'react';
import { type ConvertedOverviewDto, settingsSchema } from '../../../shared/contract';
import { call } from '../../lib/api';
import { useAppStore } from '../../stores/app-store';

const sourceNotes: Record<ConvertedOverviewDto['rates'][string]['source'], string> = {
  account: 'from your Stripe balance transactions',
  user: 'set by you',
  missing: 'no rate yet: this currency is left out of converted totals',
};

/**
 * The reporting currency and one fixed rate per other currency (METRICS.md, "Money"): the rates in force come from the
 * overview's `converted` block, so the card shows exactly what the figures use, and where each rate came from.
 */
export function CurrencySettingsCard({ accountId }: { accountId: string | undefined }) {
  const reportingCurrency = useAppStore((state) => state.settings.reportingCurrency);
  const exchangeRates = useAppStore((state) => state.settings.exchangeRates);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const [converted, setConverted] = useState<ConvertedOverviewDto | null>(null);
  const [currencies, setCurrencies] = useState<string[]>([]);

  const load = useCallback(async () => {
    if (!accountId) return;
    const overview = await call('metrics:overview', { accountId });
    setConverted(overview.converted);
    setCurrencies(Object.keys(overview.byCurrency).sort());
  }, [accountId]);

  // The rates in force change with the settings (and with new balance transactions after a sync).
  useEffect(() => {
    void load().catch(() => setConverted(null));
  }, [load, reportingCurrency, exchangeRates]);

  const choices = [...new Set([...currencies, ...(reportingCurrency ? [reportingCurrency] : [])])];
  return (
    <section className="card" aria-labelledby="currency-settings-heading">
      <h2 id="currency-settings-heading">Currencies</h2>
      <p className="hint">Every figure is kept per currency. Converted totals use one fixed rate per currency for the whole history, so exchange-rate swings never show up as growth or churn.</p>
      <div className="setting-row">
        <label className="setting-label" htmlFor="reporting-currency">
          Reporting currency
        </label>
        <select
          id="reporting-currency"
          className="input select"
          value={reportingCurrency ?? ''}
          onChange={(event) => void updateSettings({ reportingCurrency: event.target.value === '' ? null : event.target.value })}
        >
          <option value="">Automatic{converted && !reportingCurrency ? ` (${converted.currency.toUpperCase()})` : ''}</option>
          {choices.map((currency) => (
            <option key={currency} value={currency}>
              {currency.toUpperCase()}
            </option>
          ))}
        </select>
      </div>
      {converted &&
        Object.entries(converted.rates).map(([currency, { rate, source }]) => (
          <RateRow
            key={`${currency}-${rate ?? 'none'}-${source}`}
            currency={currency}
            reporting={converted.currency}
            rate={rate}
            note={sourceNotes[source]}
            isUserRate={source === 'user'}
            onSave={(value) => updateSettings({ exchangeRates: { ...exchangeRates, [currency]: value } })}
            onReset={() => {
              const rest = { ...exchangeRates };
              delete rest[currency];
              return updateSettings({ exchangeRates: rest });
            }}
          />
        ))}
    </section>
  );
}

function RateRow(props: { currency: string; reporting: string; rate: number | null; note: string; isUserRate: boolean; onSave(rate: number): Promise<void>; onReset(): Promise<void> }) {
  const { currency, reporting, rate, note, isUserRate } = props;
  const [text, setText] = useState(rate === null ? '' : String(rate));
  const [error, setError] = useState<string | null>(null);
  const id = `rate-${currency}`;
  const rateSchema = settingsSchema.shape.exchangeRates.valueType;

  const save = () => {
    if (text.trim() === '' || Number(text) === rate) return;
    const parsed = rateSchema.safeParse(Number(text));
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Give a number.');
      return;
    }
    setError(null);
    void props.onSave(parsed.data).catch((caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)));
  };

  return (
    <div className="setting-row">
      <div>
        <label className="setting-label" htmlFor={id}>
          1 {currency.toUpperCase()} =
        </label>
        <div className="setting-help">{note}</div>
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
      </div>
      <div className="threshold-input">
        <input id={id} className="input" inputMode="decimal" value={text} placeholder="rate" aria-invalid={error !== null} onChange={(event) => setText(event.target.value)} onBlur={save} onKeyDown={(event) => event.key === 'Enter' && save()} />
        <span className="unit">{reporting.toUpperCase()}</span>
        {isUserRate && (
          <button className="link-button" onClick={() => void props.onReset()}>
            Use Stripe’s rate
          </button>
        )}
      </div>
    </div>
  );
}
