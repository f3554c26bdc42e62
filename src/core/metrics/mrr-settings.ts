import type Database from 'better-sqlite3';
import { settingsSchema } from '../../shared/contract';
import { readSettings } from '../db/repositories/settings';
import { type MrrSettings, stripeDefaultMrrSettings } from './mrr-types';

/** The MRR settings stored with the user's settings; each falls back to Stripe's default on its own. */
export function readMrrSettings(db: Database.Database): MrrSettings {
  const stored = readSettings(db);
  const discounts = settingsSchema.shape.subtractFiniteDiscounts.safeParse(stored.subtractFiniteDiscounts);
  const cancellation = settingsSchema.shape.cancellation.safeParse(stored.cancellation);
  return {
    subtractFiniteDiscounts: discounts.success ? discounts.data : stripeDefaultMrrSettings.subtractFiniteDiscounts,
    cancellation: cancellation.success ? cancellation.data : stripeDefaultMrrSettings.cancellation,
  };
}
