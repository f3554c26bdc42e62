import { type PacingTime, systemPacingTime } from './pacing-time';

/**
 * A client-side token bucket: `ratePerSecond` tokens a second, holding at most `capacity`, starting full. Stripe meters
 * each scope (the account, each endpoint) with a bucket of its own; ours mirror them a little below their rates so a
 * request we send finds a token waiting on Stripe's side.
 */
export interface TokenBucketOptions {
  ratePerSecond: number;
  /** The largest burst; at least 1, or no token could ever be whole. */
  capacity: number;
  time?: PacingTime;
}

export interface TokenBucket {
  /** Waits until a token is there and takes it. Takers are served first come, first served. */
  take(): Promise<void>;
  /** Takes a token if one is there now. */
  tryTake(): boolean;
  /** Milliseconds until a whole token is there (0 when one is). */
  msUntilToken(): number;
  /** Tokens now, fractions included. */
  available(): number;
  /** Changes the rate and capacity from now on; tokens above the new capacity are dropped. */
  setRate(ratePerSecond: number, capacity: number): void;
  /** Empties the bucket: the server just told us its own is empty. */
  drain(): void;
  readonly ratePerSecond: number;
  readonly capacity: number;
}

/** Float refills can land a hair under 1 after waiting exactly the computed time. */
const wholeToken = 1 - 1e-9;

export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const time = options.time ?? systemPacingTime;
  let rate = positive(options.ratePerSecond, 'ratePerSecond');
  let capacity = Math.max(1, positive(options.capacity, 'capacity'));
  let tokens = capacity;
  let updatedAt = time.now();
  let queueTail: Promise<void> = Promise.resolve();

  const refill = (): void => {
    const now = time.now();
    if (now > updatedAt) tokens = Math.min(capacity, tokens + ((now - updatedAt) / 1000) * rate);
    updatedAt = Math.max(updatedAt, now);
  };

  const bucket: TokenBucket = {
    get ratePerSecond() {
      return rate;
    },
    get capacity() {
      return capacity;
    },
    available() {
      refill();
      return tokens;
    },
    msUntilToken() {
      refill();
      if (tokens >= wholeToken) return 0;
      return Math.ceil(((1 - tokens) * 1000) / rate);
    },
    tryTake() {
      refill();
      if (tokens < wholeToken) return false;
      tokens -= 1;
      return true;
    },
    async take() {
      const ahead = queueTail;
      let leave = (): void => undefined;
      queueTail = new Promise<void>((resolve) => (leave = resolve));
      await ahead;
      try {
        while (!bucket.tryTake()) await time.sleep(bucket.msUntilToken());
      } finally {
        leave();
      }
    },
    setRate(ratePerSecond, newCapacity) {
      refill();
      rate = positive(ratePerSecond, 'ratePerSecond');
      capacity = Math.max(1, positive(newCapacity, 'capacity'));
      tokens = Math.min(tokens, capacity);
    },
    drain() {
      refill();
      tokens = Math.min(tokens, 0);
    },
  };
  return bucket;
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
