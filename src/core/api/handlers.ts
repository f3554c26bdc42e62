import { type CoreContext } from '../core-context';
import { accountHandlers } from './account-handlers';
import { appHandlers } from './app-handlers';
import { type HandlerTable } from './handler-table';
import { settingsHandlers } from './settings-handlers';

/** The full handler table: one entry per contract channel, each domain contributing its own. */
export function createHandlers(context: CoreContext): HandlerTable {
  return {
    ...appHandlers(context),
    ...accountHandlers(context),
    ...settingsHandlers(context),
  } satisfies HandlerTable;
}
