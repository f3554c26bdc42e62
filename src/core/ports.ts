import { type EventName } from '../shared/channels';
import { type EventPayload } from '../shared/events';
import { type KeyStorage } from '../shared/contract';

/**
 * The core's only view of the world outside plain Node. Electron implements these in electron/main; the CLI and the
 * tests implement them with environment variables, memory and the console.
 */

/** Where Stripe keys and webhook secrets live. Names are opaque (`stripe-key:acc_…`). */
export interface SecretStore {
  /** How this store keeps secrets, for the connect screen. */
  describe(): Promise<KeyStorage>;
  get(name: string): Promise<string | undefined>;
  /**
   * Keeps a secret: on disk when `persist` is true and the store can write one, otherwise in memory for this session.
   * Callers pass `persist: false` unless the user agreed, whenever `describe()` says `requiresConsentToStore`.
   */
  set(name: string, value: string, options: { persist: boolean }): Promise<{ persisted: boolean }>;
  /** Whether the secret is on disk (survives a restart) or only in memory. */
  isPersisted(name: string): Promise<boolean>;
  delete(name: string): Promise<void>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured log lines. Implementations redact Stripe keys and webhook secrets before anything is written. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Time, injectable so tests and the simulator's clock can drive it. */
export interface Clock {
  now(): Date;
}

/** Main→renderer events. */
export interface Notifier {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/**
 * The built-in Stripe simulator behind the demo account, started on first use. The core only needs where it listens
 * and the key it accepts; the Electron shell (and the e2e bridge) provide it from src/sim.
 */
export interface DemoStripe {
  endpoint(): Promise<{ apiBase: string; apiKey: string }>;
  stop(): Promise<void>;
}

/** What a save dialog is asked to offer. */
export interface SaveLocationRequest {
  /** The dialog's title, e.g. "Export Customers". */
  title: string;
  /** The file name offered, e.g. `recur-customers-2026-01-01-2026-01-31.csv`. */
  suggestedName: string;
  /** The file type shown in the dialog's filter, e.g. "CSV (comma-separated values)". */
  filterName: string;
  /** Extensions the filter accepts, without the dot. */
  extensions: string[];
}

/**
 * The desktop's file dialogs. The core decides what to write; only the user picks where (Electron's save dialog), so
 * the renderer never hands main a path to write to.
 */
export interface FileDialogs {
  /** The path the user chose, or null when they cancelled. */
  chooseSaveLocation(request: SaveLocationRequest): Promise<string | null>;
  /** Shows the file in the system's file manager (Finder, Explorer, …). */
  revealInFolder(filePath: string): void;
}

export const systemClock: Clock = { now: () => new Date() };

export const silentNotifier: Notifier = { emit: () => undefined };
