/**
 * The large simulated account the metrics and UI benchmarks share: seeded once (seed-account.ts) into a database
 * file both then open, as the app opens its cached data. Its clock: the day the figures are computed for.
 */
export const benchAccount = {
  id: 'acc_benchmetrics01',
  seed: 5,
  now: Date.UTC(2026, 10, 27) / 1000,
} as const;
