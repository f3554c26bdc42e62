import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { RecurApi } from '../../src/shared/api';
import type { EventPayload } from '../../src/shared/events';
import { channelNames, isEventName, type EventName } from '../../src/shared/channels';

/**
 * Builds `window.api`: one function per channel in the contract, plus `on` for main's events. It imports only the
 * name lists from src/shared/channels.ts, because a sandboxed preload is one bundle that may require nothing but
 * 'electron' (zod and the schemas stay in main, which validates every call anyway). ipcRenderer itself is never
 * exposed (Electron security checklist 20): the page can send only the contract's channels.
 */

const invokers = Object.fromEntries(
  channelNames.map((channel) => [channel, (input: unknown): Promise<unknown> => ipcRenderer.invoke(channel, input)]),
);

function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  if (!isEventName(event)) throw new Error(`Recur has no event named "${String(event)}".`);
  if (typeof listener !== 'function') throw new TypeError('api.on needs a listener function.');
  // Only the payload reaches the page: the IpcRendererEvent would hand it `sender`, an ipcRenderer with every channel.
  const forward = (_event: IpcRendererEvent, payload: EventPayload<E>): void => listener(payload);
  ipcRenderer.on(event, forward);
  return () => {
    ipcRenderer.removeListener(event, forward);
  };
}

// Object.fromEntries cannot know it produced exactly one invoker per channel, so the pairing is asserted here, once;
// each invoker forwards its input to main, which parses it against the channel's schema.
const api = { ...(invokers as Omit<RecurApi, 'on'>), on } satisfies RecurApi;

contextBridge.exposeInMainWorld('api', api);
