import type { Migration } from '../migrate';
import { initialSchema } from './001-initial';
import { syncLeases } from './002-sync-leases';
import { metricsIndexes } from './003-metrics-indexes';
import { chargeExchangeRates } from './004-charge-exchange-rates';
import { mrrHistoryInputs } from './005-mrr-history-inputs';
import { metricsAnswers } from './006-metrics-answers';

/** Every schema version in order. Add a file per version and append it here; never edit a released migration. */
export const allMigrations: readonly Migration[] = [initialSchema, syncLeases, metricsIndexes, chargeExchangeRates, mrrHistoryInputs, metricsAnswers];

/**
 * Versions must be exactly 1, 2, …, n: `PRAGMA user_version` records how far a file got, so a gap or a duplicate
 * would make some file skip or repeat a step.
 */
export function assertContiguousVersions(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const expected = index + 1;
    if (migration.version !== expected) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}; expected ${expected} (versions must be 1..n in order).`,
      );
    }
  });
}

// Checked at import time so a bad list fails every test run and the app's first line, not a user's upgrade.
assertContiguousVersions(allMigrations);

export const latestSchemaVersion: number = allMigrations.length;
