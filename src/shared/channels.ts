/**
 * The names of every IPC channel and main→renderer event, with nothing else attached.
 *
 * The sandboxed preload and the e2e bridge build `window.api` from these lists, so they must stay free of
 * dependencies (the preload is bundled on its own). `contract.ts` declares a schema for each name and the compiler
 * checks that the two agree.
 */
export const channelNames = [
  'app:info',
  'accounts:list',
  'accounts:key-storage',
  'accounts:connect',
  'accounts:connect-demo',
  'accounts:rename',
  'accounts:disconnect',
  'settings:get',
  'settings:update',
  'sync:run',
  'sync:status',
  'sync:logs',
  'sync:webhook-events',
  'relay:get',
  'relay:update',
  'metrics:overview',
  'metrics:series',
  'metrics:drilldown',
  'metrics:customer',
  'metrics:cohorts',
  'metrics:cash',
  'insights:list',
  'customers:list',
  'reports:list',
  'reports:export',
  'reports:reveal',
] as const;

export type ChannelName = (typeof channelNames)[number];

export const eventNames = ['data:changed', 'menu:command', 'sync:progress', 'sync:finished'] as const;

export type EventName = (typeof eventNames)[number];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (channelNames as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value);
}
