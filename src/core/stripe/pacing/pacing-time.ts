/**
 * The time source pacing runs on: a monotonic clock in milliseconds and a way to wait. Production uses the process's
 * monotonic clock and timers; tests pass a manual clock so every wait is counted, never measured.
 */
export interface PacingTime {
  /** Milliseconds on a monotonic clock (only differences matter). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemPacingTime: PacingTime = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
