import { type ChannelName, type EventName } from './channels';
import { type ChannelInput, type ChannelOutput } from './contract';
import { type ApiResult } from './errors';
import { type EventPayload } from './events';

/**
 * The shape of `window.api`, as built by the preload (and by the e2e bridge from the same channel list): one function
 * per channel, plus `on` for main→renderer events, which returns its own unsubscribe function.
 */
export type RecurApi = {
  [C in ChannelName]: (input: ChannelInput<C>) => Promise<ApiResult<ChannelOutput<C>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
