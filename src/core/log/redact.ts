/**
 * Stripe secrets in any text Recur writes (logs, sync_logs, error messages) are replaced by a label and their last four
 * characters: enough to tell keys apart, useless to anyone reading the file. The label carries no `sk_`/`rk_`/`whsec_`
 * prefix, so any such prefix found in a written file is a leak.
 *
 * Matches secret and restricted API keys in either mode and webhook signing secrets. Publishable keys (`pk_`) are
 * public by design and left alone.
 */
const secretPattern = /\b(sk|rk)_(live|test)_[A-Za-z0-9]{4,}|\bwhsec_[A-Za-z0-9+/=]{4,}/g;

export function redactSecrets(text: string): string {
  return text.replace(secretPattern, (secret) => {
    const label = secret.startsWith('whsec_') ? 'webhook secret' : 'Stripe key';
    return `[${label} …${secret.slice(-4)}]`;
  });
}

/**
 * Redacts every string inside a structured value (log fields, error objects). Returns a new value; cycles are cut.
 */
export function redactValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactSecrets(value.message), stack: value.stack ? redactSecrets(value.stack) : undefined };
  }
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, seen)]));
}
