import { AppError } from '../app-error';
import { type CoreContext } from '../core-context';
import { findAccount } from '../db/repositories/accounts';
import { createCustomerIndex, customerRows } from '../metrics/customer-index';
import { type MetricsService } from '../metrics/metrics-service';
import { type DomainHandlers } from './handler-table';

type CustomersChannel = 'customers:list';

/**
 * The Customers page. Its list is answered in windows from an index built once per MRR history (see
 * customer-index.ts), so a table of 100,000 customers scrolls, searches and re-sorts without reading the database again.
 */
export function customersHandlers(context: CoreContext, metrics: MetricsService): DomainHandlers<CustomersChannel> {
  const { db, logger } = context;

  return {
    'customers:list': ({ accountId, search, sort, offset, limit }) => {
      if (!findAccount(db, accountId)) {
        metrics.invalidate(accountId);
        throw new AppError('not_found', 'That account is no longer connected. Reload the list of accounts.');
      }
      // Kept by the metrics service beside the history it is built from, and dropped with it (or when a sync patches it).
      const index = metrics.derived(accountId, 'customers:index', (history) => {
        const started = performance.now();
        const built = createCustomerIndex(customerRows(db, accountId, history));
        logger.debug('Customer index built', { accountId, customers: built.size, ms: Math.round(performance.now() - started) });
        return built;
      });
      return index.window({ search, sort, offset, limit });
    },
  };
}
