import { type ChannelName } from '../../src/shared/channels';
import { type ChannelInput } from '../../src/shared/contract';

/**
 * A key in the right format; tests check it never comes back out of the core. The test core's demo simulator accepts
 * it (tests/support/test-core.ts), since connecting checks a key with Stripe before storing it.
 */
export const sampleStripeKey = 'rk_test_51SampleKeyAbCdEfGhIjKlMnOp4242';

/**
 * One valid input per channel, given an existing account id. Typed against the contract, so a new channel does not
 * compile until it has a sample here, and every suite that walks all channels covers it.
 */
export const sampleInputs: { [C in ChannelName]: (accountId: string) => ChannelInput<C> } = {
  'app:info': () => undefined,
  'accounts:list': () => undefined,
  'accounts:key-storage': () => undefined,
  'accounts:connect': () => ({ apiKey: sampleStripeKey, displayName: 'Sample' }),
  'accounts:connect-demo': () => undefined,
  'accounts:rename': (accountId) => ({ accountId, displayName: 'Renamed' }),
  'accounts:disconnect': (accountId) => ({ accountId }),
  'settings:get': () => undefined,
  'settings:update': () => ({ appearance: 'dark' }),
  'sync:run': () => undefined,
  'sync:status': () => undefined,
  'sync:logs': (accountId) => ({ accountId }),
  'sync:webhook-events': (accountId) => ({ accountId, limit: 10 }),
  'relay:get': (accountId) => ({ accountId }),
  'relay:update': (accountId) => ({ accountId, port: 48_123 }),
  'metrics:overview': (accountId) => ({ accountId }),
  'metrics:series': (accountId) => ({ accountId, currency: 'usd', from: '2024-01-01', to: '2024-03-31', interval: 'month' }),
  'metrics:drilldown': (accountId) => ({ accountId, currency: 'usd', figure: 'new', from: '2024-01-01', to: '2024-01-31' }),
  'metrics:customer': (accountId) => ({ accountId, customerId: 'cus_Sample0001' }),
  'insights:list': (accountId) => ({ accountId, at: '2024-03-31' }),
  'metrics:cohorts': (accountId) => ({ accountId, currency: 'usd', kind: 'mrr' }),
  'metrics:cash': (accountId) => ({ accountId, from: '2024-01-01', to: '2024-03-31' }),
  'customers:list': (accountId) => ({ accountId, search: 'sample', sort: { by: 'name', dir: 'asc' }, offset: 0, limit: 50 }),
  'reports:list': () => undefined,
  'reports:export': (accountId) => ({ accountId, reportId: 'customers', from: '2024-01-01', to: '2024-01-31' }),
  'reports:reveal': () => ({ path: '/tmp/recur-customers-2024-01-01-to-2024-01-31.csv' }),
};
