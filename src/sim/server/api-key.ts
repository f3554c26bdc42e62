/** Stripe API keys as the server sees them: read from the request, classified, and masked for error messages. */

export type KeyMode = 'test' | 'live';

const prefixPattern = /^(?:sk|rk)_(?:test|live)_/;

/**
 * The key a request carries. The stripe SDK sends `Authorization: Bearer <key>`; curl's `-u sk_test_…:` sends HTTP
 * basic auth with the key as the user name, which Stripe also accepts.
 */
export function keyFromAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const [scheme, credentials] = header.trim().split(/\s+/, 2);
  if (credentials === undefined || scheme === undefined) return undefined;
  if (scheme.toLowerCase() === 'bearer') return credentials;
  if (scheme.toLowerCase() !== 'basic') return undefined;
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const user = decoded.split(':', 1)[0];
  return user === undefined || user === '' ? undefined : user;
}

/** `sk_test_…` and `rk_test_…` keys are test mode; everything else is treated as live. */
export function keyMode(key: string): KeyMode {
  return /^(?:sk|rk)_test_/.test(key) ? 'test' : 'live';
}

/**
 * Stripe keeps the prefix and the last four characters and stars out the rest, one star per hidden character
 * (`sk_test_********************************abcd`), as seen in the "Invalid API Key provided" messages quoted in the wild.
 */
export function maskKey(key: string): string {
  const prefix = prefixPattern.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  if (rest.length <= 4) return prefix + '*'.repeat(rest.length);
  return prefix + '*'.repeat(rest.length - 4) + rest.slice(-4);
}
