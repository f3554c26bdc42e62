import { type z } from 'zod';
import { type ChannelName } from '../../shared/channels';
import { type ChannelOutput, type Contract } from '../../shared/contract';

/** A channel's handler receives its input already parsed by the contract's schema. */
export type Handler<C extends ChannelName> = (
  input: z.output<Contract[C]['input']>,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

/** One handler per channel; the compiler refuses a table that misses one. */
export type HandlerTable = { [C in ChannelName]: Handler<C> };

/** The handlers of one domain (accounts, settings, …), merged into the full table by `createHandlers`. */
export type DomainHandlers<C extends ChannelName> = { [K in C]: Handler<K> };
