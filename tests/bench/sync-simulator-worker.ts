import { parentPort, workerData } from 'node:worker_threads';
import { isViewError, type ListableResource } from '../../src/sim/account/account-view';
import { type SimulatorCounters } from '../../src/sim/server/counters';
import { rateLimitProfiles } from '../../src/sim/server/rate-limiter';
import { startSimulator } from '../../src/sim/start-simulator';
import { warmUpSimulator } from './simulator-warm-up';

/**
 * The sync benchmark's Stripe: the simulator on a worker thread of the benchmark's process. Stripe's servers are not
 * on the client's CPU, so the simulator must not be either: on the main thread, rendering and serialising pages shares
 * one event loop with the engine (measured: event loop 95% busy, the engine stalled at a third of the allowed rate).
 * On its own thread it has its own core and its own heap, so the main thread's heap is the engine's alone, while the
 * process's peak RSS still counts both.
 *
 * Protocol: workerData `{ customers, mode, seed, now, apiKey, latency, resources }`; the worker warms the simulator up
 * (simulator-warm-up.ts says why), posts `ready` (url, expected list lengths), samples while the sync runs, and answers
 * `finish` with the counters, the requests per second over time and its heap.
 */

export interface WorkerInput {
  customers: number;
  mode: 'test' | 'live';
  seed: number;
  now: number;
  apiKey: string;
  latency: { baseMs: number; perObjectMs: number };
  /** Lists whose length (as of `now`) the benchmark compares with what the sync stored. */
  resources: readonly ListableResource[];
}

export type WorkerMessage =
  | { type: 'ready'; url: string; generatedSeconds: number; expected: Record<string, number>; heapMiB: number }
  | {
      type: 'finished';
      counters: SimulatorCounters;
      requestsPerSecond: number[];
      /** The same, per endpoint: shows whether the binding endpoint was kept at its rate for the whole run. */
      endpointRequestsPerSecond: Record<string, number[]>;
      peakHeapMiB: number;
      heldHeapMiB: number | null;
    };

export type MainMessage = { type: 'start' } | { type: 'finish' };

const input = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error('sync-simulator-worker.ts runs as a worker thread');
const mib = (bytes: number) => Math.round(bytes / 1048576);

async function serve(channel: NonNullable<typeof parentPort>): Promise<void> {
  const generating = performance.now();
  const simulator = await startSimulator({
    seed: input.seed,
    customers: input.customers,
    now: input.now,
    apiKey: input.apiKey,
    server: { rateLimits: rateLimitProfiles[input.mode], latency: input.latency },
  });
  const generatedSeconds = (performance.now() - generating) / 1000;
  await warmUpSimulator(simulator, { rateLimits: rateLimitProfiles[input.mode], latency: input.latency });
  const expected: Record<string, number> = {};
  for (const resource of input.resources) {
    const list = simulator.account.view.list(resource, resource === 'subscriptions' ? { status: 'all' } : {});
    if (isViewError(list)) throw new Error(list.error.message);
    expected[resource] = list.length;
  }
  globalThis.gc?.();
  channel.postMessage({ type: 'ready', url: simulator.url, generatedSeconds, expected, heapMiB: mib(process.memoryUsage().heapUsed) } satisfies WorkerMessage);

  let sampler: NodeJS.Timeout | undefined;
  const requestsPerSecond: number[] = [];
  const endpointRequestsPerSecond: Record<string, number[]> = {};
  let peakHeap = 0;
  channel.on('message', (message: MainMessage) => {
    if (message.type === 'start') {
      let last = simulator.server.counters.requests;
      let lastByEndpoint: Record<string, number> = { ...simulator.server.counters.byEndpoint };
      let ticks = 0;
      sampler = setInterval(() => {
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
        if (++ticks % 4 !== 0) return;
        const { requests, byEndpoint } = simulator.server.counters;
        requestsPerSecond.push(requests - last);
        last = requests;
        for (const [endpoint, count] of Object.entries(byEndpoint)) {
          const series = (endpointRequestsPerSecond[endpoint] ??= Array.from({ length: requestsPerSecond.length - 1 }, () => 0));
          series.push(count - (lastByEndpoint[endpoint] ?? 0));
        }
        lastByEndpoint = { ...byEndpoint };
      }, 250);
      return;
    }
    clearInterval(sampler);
    const counters = simulator.server.counters;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    globalThis.gc?.();
    const heldHeapMiB = globalThis.gc ? mib(process.memoryUsage().heapUsed) : null;
    channel.postMessage({ type: 'finished', counters, requestsPerSecond, endpointRequestsPerSecond, peakHeapMiB: mib(peakHeap), heldHeapMiB } satisfies WorkerMessage);
    void simulator.stop().then(() => channel.close());
  });
}

serve(port).catch((error: unknown) => {
  // Uncaught on this thread: the benchmark sees it as the worker's 'error' event.
  setImmediate(() => {
    throw error;
  });
});
