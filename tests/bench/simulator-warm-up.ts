import { discountExpansions } from '../../src/core/stripe/sync/discount-expansion';
import { type RuntimeOptions } from '../../src/sim/server/server-options';
import { type Simulator } from '../../src/sim/start-simulator';

/**
 * Stripe's servers are warm; a simulator that has just started is not. Its first pages run in V8's interpreter and
 * baseline compiler (measured: a burst like the sync's first 32 pages costs 2–2.5× the CPU it costs once warm), and
 * the engine's first requests wait on them, which the sync benchmark would count against the engine. So before the
 * sync starts, the simulator serves the first pages of every list the sync reads, with the parameters the sync sends,
 * children included — some seventy requests, without rate limits or latency — and then its limits, latency and
 * counters are set back as if nothing had been asked.
 */

/** How many pages of each list: enough calls for V8 to optimise the renderers, serialisation and expansion. */
const pagesPerList = 8;

const expandQuery = (paths: readonly string[]): string => paths.map((path, index) => `&expand[${index}]=${encodeURIComponent(path)}`).join('');

const lists: readonly string[] = [
  '/v1/products?limit=100',
  `/v1/prices?limit=100${expandQuery(['data.tiers'])}`,
  '/v1/coupons?limit=100',
  '/v1/customers?limit=100',
  `/v1/subscriptions?limit=100&status=all${expandQuery(discountExpansions.subscriptionList)}`,
  `/v1/invoices?limit=100${expandQuery(discountExpansions.invoiceList)}`,
  '/v1/charges?limit=100',
  '/v1/refunds?limit=100',
];

interface ListPage {
  data: { id: string; items?: { has_more: boolean }; lines?: { has_more: boolean } }[];
  has_more: boolean;
}

/** `serving` is what the server's limits and latency are set back to afterwards. */
export async function warmUpSimulator(simulator: Simulator, serving: Pick<RuntimeOptions, 'rateLimits' | 'latency'>): Promise<void> {
  const get = async (path: string): Promise<ListPage> => {
    const response = await fetch(`${simulator.url}${path}`, { headers: { Authorization: `Bearer ${simulator.apiKey}` } });
    if (!response.ok) throw new Error(`Warming the simulator up: ${path} answered ${response.status}`);
    return (await response.json()) as ListPage;
  };
  simulator.server.setOptions({ rateLimits: null, latency: undefined });
  await Promise.all(
    lists.map(async (list) => {
      let after: string | undefined;
      for (let page = 0; page < pagesPerList; page++) {
        const { data, has_more: hasMore } = await get(`${list}${after === undefined ? '' : `&starting_after=${after}`}`);
        // The children the sync completes truncated embedded lists from.
        const subscription = data.find((object) => object.items?.has_more);
        if (subscription) await get(`/v1/subscription_items?subscription=${subscription.id}&limit=100${expandQuery(discountExpansions.subscriptionItemList)}`);
        const invoice = data.find((object) => object.lines?.has_more);
        if (invoice) await get(`/v1/invoices/${invoice.id}/lines?limit=100${expandQuery(discountExpansions.invoiceLineList)}`);
        after = data[data.length - 1]?.id;
        if (!hasMore || after === undefined) return;
      }
    }),
  );
  simulator.server.setOptions(serving);
  simulator.server.resetCounters();
}
