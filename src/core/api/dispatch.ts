import { type z } from 'zod';
import { isChannelName } from '../../shared/channels';
import { contract } from '../../shared/contract';
import { type ApiResult } from '../../shared/errors';
import { AppError } from '../app-error';
import { redactSecrets } from '../log/redact';
import { type Logger } from '../ports';
import { type HandlerTable } from './handler-table';

/** Problems and unknown field names named in one message; the rest are counted. */
const maxIssuesNamed = 5;
const maxKeysNamed = 3;
const maxNameLength = 40;

/**
 * Turns zod's issues into one sentence per problem, naming the field. Values are never echoed: they may be secrets.
 * Field names come from the sender too (zod lists every unknown key), so they are redacted and cut short, and only the
 * first few problems are spelled out: a request with thousands of made-up keys, or one key a megabyte long, must not
 * turn into an answer and a log line of the same size.
 */
export function describeIssues(error: z.ZodError): string {
  const described = error.issues.slice(0, maxIssuesNamed).map((issue) => {
    const message = issue.code === 'unrecognized_keys' ? describeUnknownKeys(issue.keys) : issue.message;
    return issue.path.length > 0 ? `${issue.path.map((part) => shortName(String(part))).join('.')}: ${message}` : message;
  });
  const more = error.issues.length - described.length;
  return described.join('; ') + (more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : '');
}

function describeUnknownKeys(keys: readonly string[]): string {
  const named = keys.slice(0, maxKeysNamed).map((key) => `"${shortName(key)}"`);
  const more = keys.length - named.length;
  return `Unrecognized key${keys.length === 1 ? '' : 's'}: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function shortName(name: string): string {
  const safe = redactSecrets(name);
  return safe.length > maxNameLength ? `${safe.slice(0, maxNameLength)}…` : safe;
}

/**
 * The single entry point from IPC (and from the e2e bridge) into the core. It parses the input with the channel's
 * schema before any handler sees it, parses the output before it leaves (stripping anything undeclared), and turns
 * every failure into a structured error. It never throws.
 */
export async function dispatch(
  handlers: HandlerTable,
  logger: Logger,
  channel: unknown,
  rawInput: unknown,
): Promise<ApiResult<unknown>> {
  if (!isChannelName(channel)) {
    // Describe without String(): a hostile object can make string conversion throw.
    const name = typeof channel === 'string' ? `"${channel.slice(0, 100)}"` : `of type ${typeof channel}`;
    logger.warn('IPC call to an unknown channel', { channel: name });
    return { ok: false, error: { code: 'unknown_channel', message: `Recur has no channel named ${name}.` } };
  }
  const spec = contract[channel];
  const input = spec.input.safeParse(rawInput);
  if (!input.success) {
    const message = `The request to ${channel} was not valid: ${describeIssues(input.error)}`;
    logger.warn('IPC input rejected', { channel, reason: message });
    return { ok: false, error: { code: 'invalid_input', message } };
  }
  try {
    // The table pairs each channel with its handler and the schema just produced that handler's input; indexing by a
    // union of channels loses the pairing for the compiler, so the call is widened here, once.
    const handler = handlers[channel] as (input: unknown) => unknown;
    const value: unknown = await handler(input.data);
    const output = spec.output.safeParse(value);
    if (!output.success) {
      logger.error('Handler answered outside its contract', { channel, reason: describeIssues(output.error) });
      return internalError(channel);
    }
    return { ok: true, value: output.data };
  } catch (error) {
    if (error instanceof AppError) {
      logger.info('IPC call refused', { channel, code: error.code, message: error.message });
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    logger.error('IPC handler failed', { channel, error });
    return internalError(channel);
  }
}

function internalError(channel: string): ApiResult<never> {
  return {
    ok: false,
    error: { code: 'internal', message: `Recur hit an unexpected problem answering ${channel}. The details are in the log.` },
  };
}
