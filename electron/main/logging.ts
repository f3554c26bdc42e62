import path from 'node:path';
import log from 'electron-log/main';
import type { LogMessage } from 'electron-log';
import { redactValue } from '../../src/core/log/redact';
import { type Logger, type LogLevel } from '../../src/core/ports';

/** Where main's log lives; Help → Open Log File opens it. */
export function logFilePath(dataDir: string): string {
  return path.join(dataDir, 'logs', 'main.log');
}

/**
 * The core's Logger on electron-log, writing to `<dataDir>/logs/main.log` (rotated at 1 MB into main.old.log).
 * Every part of every message passes through redactValue in a hook, which electron-log runs before any transport,
 * so a Stripe key or webhook secret never reaches the file or the console, whoever logged it.
 */
export function createElectronLogger(dataDir: string): Logger {
  const file = logFilePath(dataDir);
  log.transports.file.resolvePathFn = () => file;
  log.transports.file.level = 'info';
  // Account names and ids are the user's business: readable by the user only.
  log.transports.file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  // electron-log mirrors main's log into every window's DevTools console in development; main's log stays in main.
  // (electron-log leaves this transport out when it does not find itself in Electron, hence the check.)
  if (log.transports.ipc) log.transports.ipc.level = false;
  log.hooks.push(redactMessage);
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (fields === undefined) log[level](message);
    else log[level](message, fields);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

function redactMessage(message: LogMessage): LogMessage {
  return { ...message, data: message.data.map(redactPart) };
}

/** Errors are logged as their (redacted) stack, which reads better in a log file than an object dump. */
function redactPart(part: unknown): unknown {
  if (part instanceof Error) return String(redactValue(part.stack ?? `${part.name}: ${part.message}`));
  return redactValue(part);
}
