import { type EventName } from './channels';
import { type PageId, type SyncLog } from './contract';

/** What changed, so each view refreshes only what it shows. */
export type DataScope = 'accounts' | 'settings' | 'sync' | 'data';

/** Payloads of the events main sends to the renderer. Main is trusted, so these are types, not schemas. */
export interface EventPayloads {
  'data:changed': { scopes: DataScope[] };
  /** A menu item or global shortcut the renderer acts on (the menu lives in main, the state in the renderer). */
  'menu:command': { command: 'sync-now' } | { command: 'navigate'; page: PageId };
  /**
   * A sync's progress, per page written: objects fetched and written per resource, slices done, and per resource the
   * share of its time range paged so far (0–1; Stripe gives no totals, so time is the measure).
   */
  'sync:progress': {
    accountId: string;
    resource: string;
    counts: Record<string, { fetched: number; written: number }>;
    slicesDone: number;
    slicesTotal: number;
    coverage: Record<string, number>;
  };
  'sync:finished': { run: SyncLog };
}

export type EventPayload<E extends EventName> = EventPayloads[E];
