import { defaultSettings, type Settings, settingsSchema } from '../../shared/contract';
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
  return settings;
}

export function settingsHandlers(context: CoreContext): DomainHandlers<'settings:get' | 'settings:update'> {
  return {
    'settings:get': () => currentSettings(context),
    'settings:update': (changes) => {
      writeSettings(context.db, changes);
      context.notifier.emit('data:changed', { scopes: ['settings'] });
      return currentSettings(context);
    },
  };
}
