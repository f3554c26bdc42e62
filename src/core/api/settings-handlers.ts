import { defaultSettings, type InsightThresholds, insightThresholdsSchema, type Settings, settingsSchema } from '../../shared/contract';
import { type CoreContext } from '../core-context';
import { readSettings, writeSettings } from '../db/repositories/settings';
import { type DomainHandlers } from './handler-table';

/**
 * Reads each setting on its own, so one value that a later version wrote differently falls back to its default
 * instead of resetting every setting.
 */
export function currentSettings(context: CoreContext): Settings {
  const stored = readSettings(context.db);
  const settings: Settings = { ...defaultSettings };
  for (const key of Object.keys(defaultSettings) as (keyof Settings)[]) {
    const parsed = settingsSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) Object.assign(settings, { [key]: parsed.data });
  }
  settings.insightThresholds = currentInsightThresholds(stored['insightThresholds']);
  return settings;
}

/** Each threshold on its own, for the same reason: one bad value falls back to its default, not all of them. */
function currentInsightThresholds(stored: unknown): InsightThresholds {
  const thresholds: InsightThresholds = { ...defaultSettings.insightThresholds };
  if (typeof stored !== 'object' || stored === null) return thresholds;
  for (const key of Object.keys(thresholds) as (keyof InsightThresholds)[]) {
    const parsed = insightThresholdsSchema.shape[key].safeParse((stored as Record<string, unknown>)[key]);
    if (parsed.success) thresholds[key] = parsed.data;
  }
  return thresholds;
}

export function settingsHandlers(context: CoreContext): DomainHandlers<'settings:get' | 'settings:update'> {
  return {
    'settings:get': () => currentSettings(context),
    'settings:update': (changes) => {
      // Thresholds arrive one or a few at a time: the rest keep their current values.
      const insightThresholds = changes.insightThresholds && { ...currentSettings(context).insightThresholds, ...changes.insightThresholds };
      writeSettings(context.db, insightThresholds ? { ...changes, insightThresholds } : changes);
      context.notifier.emit('data:changed', { scopes: ['settings'] });
      return currentSettings(context);
    },
  };
}
