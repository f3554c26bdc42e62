import { type CoreContext } from '../core-context';
import { accountHandlers } from './account-handlers';
import { appHandlers } from './app-handlers';
import { customersHandlers } from './customers-handlers';
import { type HandlerTable } from './handler-table';
import { insightsHandlers } from './insights-handlers';
import { metricsHandlers } from './metrics-handlers';
import { reportsHandlers } from './reports-handlers';
import { settingsHandlers } from './settings-handlers';
import { syncHandlers } from './sync-handlers';
import { type CoreServices } from './core-services';

/** The full handler table: one entry per contract channel, each domain contributing its own. */
export function createHandlers(context: CoreContext, services: CoreServices): HandlerTable {
  return {
    ...appHandlers(context),
    ...accountHandlers(context, services),
    ...settingsHandlers(context),
    ...syncHandlers(context, services.sync),
    ...metricsHandlers(context, services.metrics),
    ...insightsHandlers(context, services.metrics),
    ...customersHandlers(context, services.metrics),
    ...reportsHandlers(context),
  } satisfies HandlerTable;
}
