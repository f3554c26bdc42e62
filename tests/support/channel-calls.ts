import { type ChannelName } from '../../src/shared/channels';
import { type ChannelInput, type ChannelOutput } from '../../src/shared/contract';
import { type ApiResult } from '../../src/shared/errors';

/** What a test calls channels on: the core, whose dispatch is what IPC runs in the app. */
interface Dispatcher {
  dispatch(channel: unknown, input: unknown): Promise<ApiResult<unknown>>;
}

/** The channel's answer; a refusal fails the test, naming the channel, code and message. */
export async function answerOf<C extends ChannelName>(core: Dispatcher, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await core.dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as ChannelOutput<C>;
}

/** The channel's refusal (code and message); an answer fails the test, quoting its start. */
export async function refusalOf(core: Dispatcher, channel: ChannelName, input: unknown): Promise<{ code: string; message: string }> {
  const result = await core.dispatch(channel, input);
  if (result.ok) throw new Error(`${channel} answered ${JSON.stringify(result.value).slice(0, 200)}`);
  return result.error;
}
