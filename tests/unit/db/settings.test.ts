import { describe, expect, it } from 'vitest';
import { readSettings, writeSettings } from '../../../src/core/db/repositories/settings';
import { useTempDatabases } from './temp-database';

describe('settings', () => {
  const temp = useTempDatabases();

  it('reads back every written value as JSON, keeping keys not named in a later write', () => {
    const db = temp.open();

    writeSettings(db, { subtractFiniteDiscounts: true, reportingCurrency: 'eur', fxRates: { usd: 0.92 } });
    writeSettings(db, { reportingCurrency: 'gbp', pollSeconds: 300 });

    expect(readSettings(db)).toEqual({
      subtractFiniteDiscounts: true,
      reportingCurrency: 'gbp',
      fxRates: { usd: 0.92 },
      pollSeconds: 300,
    });
  });

  it('an undefined value removes the key', () => {
    const db = temp.open();
    writeSettings(db, { webhookPort: 4242, theme: 'dark' });

    writeSettings(db, { webhookPort: undefined });

    expect(readSettings(db)).toEqual({ theme: 'dark' });
  });

  it('skips a value that is not valid JSON instead of failing', () => {
    const db = temp.open();
    writeSettings(db, { theme: 'dark' });
    db.prepare("INSERT INTO settings (key, value) VALUES ('broken', '{not json')").run();

    expect(readSettings(db)).toEqual({ theme: 'dark' });
  });

  it('writes all entries or none', () => {
    const db = temp.open();
    writeSettings(db, { theme: 'dark' });

    expect(() => writeSettings(db, { theme: 'light', huge: 10n })).toThrow(TypeError);

    expect(readSettings(db)).toEqual({ theme: 'dark' });
  });
});
