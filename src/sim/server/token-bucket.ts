/**
 * A token bucket: `ratePerSecond` tokens a second, holding at most one second's worth, so a full bucket allows a burst
 * of `ratePerSecond` requests and then that many a second. Time comes from the caller (milliseconds) so tests can
 * freeze it and count exactly.
 */
export interface TokenBucket {
  /** True when a token is there to take (without taking it). */
  hasToken(nowMs: number): boolean;
  take(nowMs: number): void;
}

export function createTokenBucket(ratePerSecond: number, startMs: number): TokenBucket {
  const capacity = ratePerSecond;
  let tokens = capacity;
  let updatedAt = startMs;
  const refill = (nowMs: number): void => {
    if (nowMs > updatedAt) {
      tokens = Math.min(capacity, tokens + ((nowMs - updatedAt) / 1000) * ratePerSecond);
      updatedAt = nowMs;
    }
  };
  return {
    hasToken(nowMs) {
      refill(nowMs);
      return tokens >= 1;
    },
    take(nowMs) {
      refill(nowMs);
      tokens -= 1;
    },
  };
}
