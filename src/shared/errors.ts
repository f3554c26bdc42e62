/**
 * Error codes a channel can answer with. The renderer switches on the code; the message is written for people and
 * says what happened and what to do.
 */
export const errorCodes = [
  /** The input did not match the channel's schema. */
  'invalid_input',
  /** No such channel. */
  'unknown_channel',
  /** The request came from a frame that is not the app's own window. */
  'forbidden_sender',
  /** The thing named in the input does not exist (an account id, say). */
  'not_found',
  /** A Stripe key that is malformed, or that Stripe rejected. */
  'invalid_key',
  /** The request conflicts with the current state (a duplicate account, say). */
  'conflict',
  /** A dependency is not available right now (the OS keychain, the database). */
  'unavailable',
  /** A bug: the details went to the log, never to the renderer. */
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
}

/** What every channel answers: never a thrown exception across the process boundary. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };
