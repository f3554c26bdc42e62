import { type ErrorCode } from '../shared/errors';

/**
 * An error meant for the person using Recur: its message says what happened and what to do, and is safe to show and
 * to log. Anything else a handler throws is a bug, reported to the renderer as `internal` without details.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
