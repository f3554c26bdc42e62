/**
 * How far a full sync has got and how long it has left, from its progress events. Stripe's list APIs give no totals,
 * so each resource's size is estimated from its density: objects fetched so far ÷ the share of its time range paged.
 * Resources differ by orders of magnitude (a handful of products, thousands of invoices), so the overall fraction is
 * weighted by those estimated sizes rather than averaged.
 */
export interface ProgressSample {
  counts: Record<string, { fetched: number }>;
  coverage: Record<string, number>;
}

/** Below this share of its range, a resource's density is too noisy to extrapolate from. */
const minimumCoverage = 0.02;

/** The overall fraction done (0–1), or undefined while some resource has not shown enough to estimate. */
export function overallFraction(sample: ProgressSample): number | undefined {
  let fetched = 0;
  let estimated = 0;
  for (const [resource, share] of Object.entries(sample.coverage)) {
    const count = sample.counts[resource]?.fetched ?? 0;
    if (share >= 1) {
      fetched += count;
      estimated += count;
      continue;
    }
    if (share < minimumCoverage) return undefined;
    fetched += count;
    estimated += count / share;
  }
  if (estimated === 0) return undefined;
  return Math.min(1, fetched / estimated);
}

/**
 * Seconds left, extrapolating the rate since the first estimate: (1 − f) ÷ ((f − f₀) ÷ elapsed). Undefined until the
 * sync has moved far enough (5 points, 3 s) for the rate to mean something.
 */
export function secondsLeft(first: { at: number; fraction: number }, now: { at: number; fraction: number }): number | undefined {
  const elapsed = (now.at - first.at) / 1000;
  const gained = now.fraction - first.fraction;
  if (elapsed < 3 || gained < 0.05) return undefined;
  return ((1 - now.fraction) * elapsed) / gained;
}

/** "About 3 min left", rounded the way people say it. */
export function describeTimeLeft(seconds: number | undefined): string {
  if (seconds === undefined) return 'Estimating time left…';
  if (seconds < 45) return 'Less than a minute left';
  if (seconds < 90) return 'About a minute left';
  if (seconds < 3600) return `About ${Math.round(seconds / 60)} min left`;
  const hours = seconds / 3600;
  return `About ${hours < 1.5 ? 'an hour' : `${Math.round(hours)} hours`} left`;
}
