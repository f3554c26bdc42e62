import { type Simulator, type StartSimulatorOptions, startSimulator } from './start-simulator';

export interface DemoStripeOptions {
  customers?: number;
  seed?: number;
  /** How fast the demo business lives on: 1 is real time (new sign-ups and payments trickle in while the app is open). */
  speed?: number;
  /** Where the simulated clock starts (unix seconds; default now): tests start it behind and advance it. */
  now?: number;
  /** Server knobs, e.g. keys accepted besides the demo's own, and restricted keys' denied resources. */
  server?: Pick<NonNullable<StartSimulatorOptions['server']>, 'extraApiKeys' | 'restrictedKeys'>;
}

/**
 * The demo account: a simulated Stripe on 127.0.0.1, started the first time it is needed and kept for the session.
 * Its rate limits are off: it is only ever read by this app, and a demo should fill in as fast as it can.
 */
export function createDemoStripe(options: DemoStripeOptions = {}): {
  endpoint(): Promise<{ apiBase: string; apiKey: string }>;
  /** The running simulator (started if it was not), for tests that move its clock. */
  simulator(): Promise<Simulator>;
  stop(): Promise<void>;
} {
  let started: Promise<Simulator> | undefined;
  const start = (): Promise<Simulator> => {
    started ??= startSimulator({
      seed: options.seed ?? 2026,
      customers: options.customers ?? 2_000,
      ...(options.now === undefined ? {} : { now: options.now }),
      live: { speed: options.speed ?? 1 },
      server: { rateLimits: null, ...options.server },
    }).catch((error: unknown) => {
      started = undefined; // Let a later attempt try again.
      throw error;
    });
    return started;
  };
  return {
    async endpoint() {
      const simulator = await start();
      return { apiBase: simulator.url, apiKey: simulator.apiKey };
    },
    simulator: start,
    async stop() {
      const simulator = await started?.catch(() => undefined);
      await simulator?.stop();
      started = undefined;
    },
  };
}
