import Stripe from 'stripe';
import { type GeneratedAccount } from '../../src/sim/account/generated-account';
import { type TruthResource, truthResources, visitObjectsAt } from '../../src/sim/account/ground-truth';
import { type Simulator, startSimulator, type StartSimulatorOptions } from '../../src/sim/start-simulator';

/**
 * The generated account served over HTTP, as the simulator's acceptance suites use it: a fixed clock (so every figure
 * is reproducible), rate limits off unless a test turns them on, and the real stripe SDK pointed at 127.0.0.1.
 */

/** 2026-11-27T00:00:00Z: the clock's starting instant in every suite that does not need another one. */
export const fixedNow = Date.UTC(2026, 10, 27) / 1000;

export const day = 86_400;

/** Starts a simulator with rate limits off (server options given here replace that default only if they say so). */
export async function startTestSimulator(options: Omit<StartSimulatorOptions, 'now'> & { now?: number }): Promise<Simulator> {
  return startSimulator({ now: fixedNow, ...options, server: { rateLimits: null, ...options.server } });
}

/** The stripe SDK talking to the simulator over plain HTTP; no retries, so every request the server counts is ours. */
export function sdkFor(simulator: Pick<Simulator, 'port' | 'apiKey'>, apiKey = simulator.apiKey): Stripe {
  return new Stripe(apiKey, { host: '127.0.0.1', port: simulator.port, protocol: 'http', maxNetworkRetries: 0 });
}

export function idOf(object: object): string {
  if (!('id' in object) || typeof object.id !== 'string') throw new Error(`not a Stripe object: ${JSON.stringify(object).slice(0, 80)}`);
  return object.id;
}

export function createdOf(object: object): number {
  if (!('created' in object) || typeof object.created !== 'number') throw new Error(`${idOf(object)} has no created`);
  return object.created;
}

export function isDeleted(object: object): boolean {
  return 'deleted' in object && object.deleted === true;
}

/** Every object of the ground truth at `t`, by resource. */
export function truthAt(account: GeneratedAccount, t: number): Record<TruthResource, object[]> {
  const truth = Object.fromEntries(truthResources.map((resource) => [resource, [] as object[]])) as Record<TruthResource, object[]>;
  visitObjectsAt(account, t, (resource, object) => truth[resource].push(object));
  return truth;
}

export interface StoryEventSummary {
  id: string;
  type: string;
  created: number;
}

/** The events the account's stories emit in [from, to] — what `/v1/events` should hold for that window. */
export function storyEvents(account: GeneratedAccount, from: number, to: number): StoryEventSummary[] {
  const events: StoryEventSummary[] = [];
  for (let index = 0; index < account.shape.customerCount; index++) {
    const story = account.story(index);
    if (story.created > to) break;
    for (const event of story.events) {
      if (event.at >= from && event.at <= to) events.push({ id: account.ids.customerScoped('evt', index, event.ordinal), type: event.type, created: event.at });
    }
  }
  return events;
}

/** GETs a list path page by page (limit 100, `starting_after` the last id) and returns every page's raw body text. */
export async function fetchAllPages(simulator: Pick<Simulator, 'url' | 'apiKey'>, path: string): Promise<string[]> {
  const pages: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const separator = path.includes('?') ? '&' : '?';
    const url = `${simulator.url}${path}${separator}limit=100${cursor === undefined ? '' : `&starting_after=${cursor}`}`;
    const response = await fetch(url, { headers: { Authorization: `Bearer ${simulator.apiKey}` } });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text}`);
    pages.push(text);
    const page = JSON.parse(text) as { data: { id: string }[]; has_more: boolean };
    if (!page.has_more) return pages;
    cursor = page.data[page.data.length - 1]?.id;
  }
}

/** The objects of raw list pages, in order. */
export function objectsOfPages(pages: readonly string[]): object[] {
  return pages.flatMap((page) => (JSON.parse(page) as { data: object[] }).data);
}

/** Waits, polling every few milliseconds, until `condition` holds; fails after `timeoutMs` (a hang guard, not a timing assertion). */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
