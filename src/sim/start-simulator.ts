import crypto from 'node:crypto';
import { generateAccount, type GeneratedAccount } from './account/generated-account';
import { type SimulatorOptions } from './server/server-options';
import { type SimulatorServer, startSimulatorServer } from './server/simulator-server';
import { createWebhookSender, type WebhookSender, type WebhookSenderOptions } from './webhooks/webhook-sender';

export interface StartSimulatorOptions {
  seed: number;
  customers: number;
  /** The clock's starting instant (unix seconds); default: now. The same seed and `now` give identical data. */
  now?: number;
  historyMonths?: number;
  futureDays?: number;
  /** Default 0: a random free port on 127.0.0.1. */
  port?: number;
  /** The accepted secret key; default: a fresh random `sk_test_…`. */
  apiKey?: string;
  /** Live mode: the clock runs at `speed` × real time and the account changes as it goes. */
  live?: { speed: number };
  /** POSTs every event, signed, to this endpoint as the clock passes it. */
  webhook?: Omit<WebhookSenderOptions, 'seed'>;
  /** Latency, rate limits, faults, restricted keys: the server's realism knobs. */
  server?: Omit<SimulatorOptions, 'port' | 'apiKeys' | 'seed'> & { extraApiKeys?: string[] };
}

export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:12111. */
  url: string;
  port: number;
  apiKey: string;
  account: GeneratedAccount;
  server: SimulatorServer;
  webhooks: WebhookSender | undefined;
  stop(): Promise<void>;
}

/**
 * A complete fake Stripe: a generated account served over Stripe's REST API on 127.0.0.1, optionally alive (a running
 * clock) and pushing signed webhooks. Tests, benchmarks, `npm run sim` and the app's demo mode all start it here.
 */
export async function startSimulator(options: StartSimulatorOptions): Promise<Simulator> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const account = generateAccount({ seed: options.seed, customers: options.customers, now, historyMonths: options.historyMonths, futureDays: options.futureDays });
  const apiKey = options.apiKey ?? `sk_test_${crypto.randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
  const { extraApiKeys = [], ...serverOptions } = options.server ?? {};
  const server = await startSimulatorServer(account.view, { ...serverOptions, port: options.port ?? 0, apiKeys: [apiKey, ...extraApiKeys], seed: options.seed });
  const webhooks = options.webhook ? createWebhookSender(account.view, { ...options.webhook, seed: options.seed }) : undefined;
  if (options.live) account.clock.run(options.live.speed);
  webhooks?.start();
  return {
    url: server.url,
    port: server.port,
    apiKey,
    account,
    server,
    webhooks,
    async stop() {
      account.clock.stop();
      await webhooks?.stop();
      await server.close();
    },
  };
}
