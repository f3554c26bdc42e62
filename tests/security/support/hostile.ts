/**
 * Hostile values for the security suites, and a small seeded generator that combines them.
 *
 * No property-testing library: what these suites need is a fixed, reproducible corpus of known-bad shapes plus a few
 * hundred seeded random combinations of them, which a 30-line PRNG and the lists below give without a dependency.
 * A failure prints the seed and the case index, and the same seed replays the same inputs.
 */

/** mulberry32: tiny, fast, and good enough to pick test cases; the same seed always gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  return items[Math.floor(random() * items.length)] as T;
}

/** SQL written to break out of a quoted string, a LIKE pattern or an identifier. */
export const sqlPayloads = [
  "'); DROP TABLE customers;--",
  "Robert'); DROP TABLE accounts; --",
  "' OR '1'='1",
  '" OR ""="',
  "1; DELETE FROM sync_logs WHERE 1=1; --",
  "x' UNION SELECT key_last4, id, 1, 1 FROM accounts --",
  '%_%\\',
  "'||(SELECT sqlite_version())||'",
] as const;

export const htmlPayloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(document.domain)>', '"><svg/onload=alert(1)>', 'javascript:alert(1)'] as const;

/** Spreadsheet formula starts (OWASP "CSV Injection"), including the tab and carriage-return prefixed forms. */
export const csvPayloads = ["=cmd|' /C calc'!A0", '+1', '-1+1', '@SUM(1)', '\t=1+1', '\r=1+1', '=HYPERLINK("http://evil.example","x")'] as const;

export const pathPayloads = ['../../etc/passwd', '..\\..\\Windows\\System32\\config\\SAM', '/etc/shadow', 'acc_../../../../tmp/x', 'cus_..%2F..%2Fetc', 'file:///etc/passwd', 'C:\\Windows\\win.ini', '\\\\attacker\\share\\x'] as const;

export const oddStrings = ['', ' ', '\u0000', 'acc_\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000', '\u202eevil', '😀'.repeat(100), 'null', 'undefined', 'NaN', '__proto__', 'constructor'] as const;

/** Every hostile string above, one list. */
export const hostileStrings: readonly string[] = [...sqlPayloads, ...htmlPayloads, ...csvPayloads, ...pathPayloads, ...oddStrings];

/** A string of `length` characters (1 MiB by default): past every max() in the contract. */
export function hugeString(length = 1024 * 1024, prefix = ''): string {
  return prefix + 'A'.repeat(Math.max(0, length - prefix.length));
}

/** `{ a: { a: … } }`, `depth` levels, built without recursion (so building it cannot overflow the stack). */
export function deeplyNested(depth: number, key = 'a'): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = { [key]: value };
  return value;
}

export function deeplyNestedArray(depth: number): unknown {
  let value: unknown = [];
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

/** Objects whose own keys are `__proto__`/`constructor`/`prototype`, as JSON.parse (and structured clone) make them. */
export function prototypePollutionObjects(base: Record<string, unknown> = {}): Record<string, unknown>[] {
  const json = JSON.stringify(base);
  const withKeys = (extra: string): Record<string, unknown> => JSON.parse(json === '{}' ? `{${extra}}` : `${json.slice(0, -1)},${extra}}`) as Record<string, unknown>;
  return [
    withKeys('"__proto__":{"polluted":true,"isAdmin":true}'),
    withKeys('"constructor":{"prototype":{"polluted":true}}'),
    withKeys('"prototype":{"polluted":true}'),
    withKeys('"__proto__":null'),
    withKeys('"toString":"x","valueOf":1,"hasOwnProperty":"x"'),
  ];
}

/** Non-string leaves: wrong types and the numbers JSON cannot carry. */
export const hostileLeaves: readonly unknown[] = [
  null,
  undefined,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  [],
  {},
  [1, 2, 3],
  { nested: { deeper: 'x' } },
];

/**
 * A random value built from the hostile pools, up to `depth` levels of objects and arrays, using `keys` (the schema's
 * own field names, so the generator gets past "unknown key" into each field's own checks) and hostile key names.
 */
export function randomHostileValue(random: () => number, keys: readonly string[], depth = 3): unknown {
  const roll = random();
  if (depth <= 0 || roll < 0.45) return random() < 0.5 ? pick(random, hostileStrings) : pick(random, hostileLeaves);
  if (roll < 0.55) return hugeString(1 + Math.floor(random() * 20_000), pick(random, ['', 'acc_', 'cus_', 'sk_test_', 'whsec_', '=']));
  if (roll < 0.65) return Array.from({ length: Math.floor(random() * 4) }, () => randomHostileValue(random, keys, depth - 1));
  const value: Record<string, unknown> = {};
  const fields = 1 + Math.floor(random() * 4);
  for (let field = 0; field < fields; field++) {
    const key = random() < 0.7 && keys.length > 0 ? pick(random, keys) : pick(random, ['extra', '', 'constructor', 'toString', '__defineGetter__', 'a'.repeat(300), '$where', 'accountId ']);
    value[key] = randomHostileValue(random, keys, depth - 1);
  }
  return value;
}
