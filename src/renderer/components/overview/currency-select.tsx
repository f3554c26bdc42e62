import { useId } from 'react';

/** The currency the Overview shows: each figure is per currency (METRICS.md, "Money"), so one is shown at a time. */
export function CurrencySelect({ currencies, value, onChange }: { currencies: readonly string[]; value: string; onChange(currency: string): void }) {
  const id = useId();
  return (
    <div className="currency-select">
      <label className="visually-hidden" htmlFor={id}>
        Currency
      </label>
      <div className="overview-select-wrap">
        <select id={id} className="overview-select" value={value} onChange={(event) => onChange(event.target.value)} disabled={currencies.length < 2}>
          {currencies.map((currency) => (
            <option key={currency} value={currency}>
              {currency.toUpperCase()}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
