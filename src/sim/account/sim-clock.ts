/**
 * The simulator's clock, in unix seconds. Frozen unless running: live mode runs it at real time times `speed`
 * (e.g. 3600 = an hour per second), so a month of business can pass during a test. Tests can also step it.
 */
export interface SimClock {
  now(): number;
  /** Starts (or re-rates) the clock from its current reading. */
  run(speed: number): void;
  stop(): void;
  /** Moves the clock forward by `seconds` (running or not). */
  advance(seconds: number): void;
  isRunning(): boolean;
}

export function createSimClock(start: number, realNow: () => number = () => Date.now()): SimClock {
  let base = start;
  let runningSince: number | null = null;
  let rate = 0;
  const now = (): number => (runningSince === null ? base : base + Math.floor(((realNow() - runningSince) / 1000) * rate));
  return {
    now,
    run(speed) {
      base = now();
      runningSince = realNow();
      rate = speed;
    },
    stop() {
      base = now();
      runningSince = null;
    },
    advance(seconds) {
      base += seconds;
    },
    isRunning: () => runningSince !== null,
  };
}
