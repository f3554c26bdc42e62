import { type RecurApi } from '../../shared/api';
import { type ChannelName, type EventName } from '../../shared/channels';
import { type ChannelInput, type ChannelOutput } from '../../shared/contract';
import { type ApiResult, type ErrorCode } from '../../shared/errors';
import { type EventPayload } from '../../shared/events';

declare global {
  interface Window {
    api?: RecurApi;
  }
}

/** A channel answered with an error; `message` is written for people and can be shown as is. */
export class ApiCallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** The only reader of `window.api` (lint enforces it): everything else in the renderer goes through here. */
function bridge(): RecurApi {
  if (!window.api) throw new ApiCallError('unavailable', 'Recur’s background process is not connected. Restart Recur.');
  return window.api;
}

/** Calls a channel and returns its value, or throws an ApiCallError carrying the channel's error. */
export async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  // `RecurApi[C]` is that channel's function, but the compiler cannot call a function picked by a generic key.
  const invoke = bridge()[channel] as unknown as (input: ChannelInput<C>) => Promise<ApiResult<ChannelOutput<C>>>;
  const result = await invoke(input);
  if (!result.ok) throw new ApiCallError(result.error.code, result.error.message);
  return result.value;
}

/** Listens to a main→renderer event; returns the function that stops listening. */
export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return bridge().on(event, listener);
}

export function isBridgeAvailable(): boolean {
  return window.api !== undefined;
}
