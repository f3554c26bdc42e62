import { type Logger, type LogLevel } from '../ports';
import { redactValue } from './redact';

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface ConsoleLoggerOptions {
  /** Where lines go. Standard error by default, so a command's own output (a report, JSON) stays clean on stdout. */
  write?: (line: string) => void;
  minimumLevel?: LogLevel;
  /** `json`: one object per line, for log collectors; `text`: for people. */
  format?: 'text' | 'json';
  clock?: () => Date;
}

/** The command line's logger. Like every Recur logger it redacts Stripe keys and webhook secrets before writing. */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const minimum = levelRank[options.minimumLevel ?? 'info'];
  const clock = options.clock ?? (() => new Date());
  const log = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (levelRank[level] < minimum) return;
    const safeFields = redactValue(fields ?? {}) as Record<string, unknown>;
    const safeMessage = redactValue(message) as string;
    const time = clock().toISOString();
    if (options.format === 'json') {
      write(JSON.stringify({ time, level, message: safeMessage, ...safeFields }));
      return;
    }
    const details = Object.keys(safeFields).length > 0 ? ` ${JSON.stringify(safeFields)}` : '';
    write(`${time} ${level.toUpperCase().padEnd(5)} ${safeMessage}${details}`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
