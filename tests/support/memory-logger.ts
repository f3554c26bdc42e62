import { redactValue } from '../../src/core/log/redact';
import { type Logger, type LogLevel } from '../../src/core/ports';

export interface LogEntry {
  level: LogLevel;
  message: string;
  fields: unknown;
}

/** A Logger that keeps every line (redacted, as the real loggers write them) so tests can read what would be logged. */
export function createMemoryLogger(): Logger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    entries.push({ level, message, fields: redactValue(fields ?? {}) });
  };
  return {
    entries,
    text: () => entries.map((entry) => `${entry.level} ${entry.message} ${JSON.stringify(entry.fields)}`).join('\n'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
