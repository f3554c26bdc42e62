import { generateAccount } from '../../../src/sim/account/generated-account';
import { type SimAccountView } from '../../../src/sim/account/account-view';
import { startSimulatorServer, type SimulatorServer } from '../../../src/sim/server/simulator-server';
import { fixedNow } from '../../support/simulator';
import { csvPayloads, htmlPayloads, sqlPayloads } from './hostile';

/** What hostile customers are called, mailed at and tagged with; every customer of the account gets one of these. */
export const customerPayloads: readonly string[] = [...sqlPayloads, ...csvPayloads, ...htmlPayloads, 'O\'Brien "Bobby" Tables', 'Zoë 😀 —\u202e'];

export interface HostileCustomer {
  name: string;
  email: string;
  metadata: Record<string, string>;
}

/** The hostile fields customer `index` (in order of first appearance) is given. */
export function hostileCustomer(index: number): HostileCustomer {
  const payload = customerPayloads[index % customerPayloads.length] ?? '';
  const other = customerPayloads[(index + 3) % customerPayloads.length] ?? '';
  return {
    name: payload,
    email: `${other}@example.com`,
    metadata: { note: payload, [other.slice(0, 40)]: other, sql: "x'); DELETE FROM customers; --" },
  };
}

/**
 * A generated account (realistic subscriptions, invoices and MRR movements) whose every customer has a hostile name,
 * email and metadata, and whose every charge has a formula as its failure code: Stripe stores such text as given, so
 * Recur receives it. Wrapping the view changes the objects the server renders everywhere they appear (lists,
 * retrieves, expansions and event snapshots), so a full sync mirrors exactly these values.
 */
export function hostileView(view: SimAccountView): SimAccountView {
  const assigned = new Map<string, HostileCustomer>();
  const forCustomer = (id: string): HostileCustomer => {
    let fields = assigned.get(id);
    if (!fields) {
      fields = hostileCustomer(assigned.size);
      assigned.set(id, fields);
    }
    return fields;
  };
  const rewrite = (object: unknown): unknown => {
    if (typeof object !== 'object' || object === null) return object;
    const record = object as Record<string, unknown>;
    if (record.object === 'customer' && typeof record.id === 'string' && record.deleted !== true) return { ...record, ...forCustomer(record.id) };
    if (record.object === 'charge' && typeof record.id === 'string') return { ...record, failure_code: csvPayloads[record.id.length % csvPayloads.length] };
    if (record.object === 'event') {
      const data = record.data as { object?: unknown } | undefined;
      return { ...record, data: { ...data, object: rewrite(data?.object) } };
    }
    return object;
  };
  return {
    now: () => view.now(),
    account: () => view.account(),
    list: (resource, filters) => view.list(resource, filters),
    retrieve: (resource, id) => rewrite(view.retrieve(resource, id)) as object | undefined,
  };
}

export const hostileApiKey = 'sk_test_51HostileAccountKey0000000000000000';

/** The hostile account served over HTTP, rate limits off, as the simulator serves any account. */
export async function startHostileSimulator(options: { seed: number; customers: number }): Promise<{ server: SimulatorServer; view: SimAccountView; now: number; start: number }> {
  const account = generateAccount({ seed: options.seed, customers: options.customers, now: fixedNow, historyMonths: 18 });
  const view = hostileView(account.view);
  const server = await startSimulatorServer(view, { port: 0, apiKeys: [hostileApiKey], rateLimits: null, seed: options.seed });
  return { server, view, now: fixedNow, start: fixedNow - Math.round(18 * 30.4375 * 86_400) };
}
