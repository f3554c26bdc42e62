/**
 * What can be told about a Stripe API key from its text alone. Recur accepts secret (`sk_`) and restricted (`rk_`)
 * keys in live or test mode, and recommends a restricted read-only key.
 */
export interface StripeKeyFacts {
  mode: 'live' | 'test';
  kind: 'secret' | 'restricted';
  last4: string;
}

export type StripeKeyCheck = { ok: true; facts: StripeKeyFacts } | { ok: false; reason: string };

const keyPattern = /^(sk|rk)_(live|test)_[A-Za-z0-9]{16,247}$/;

/** Checks a pasted key's format. The reason never repeats the key, so it is safe to show and to log. */
export function checkStripeKey(raw: string): StripeKeyCheck {
  const key = raw.trim();
  if (key.length === 0) return { ok: false, reason: 'Paste a Stripe API key.' };
  if (/^pk_(live|test)_/.test(key)) {
    return {
      ok: false,
      reason: 'That is a publishable key (pk_…), which cannot read your data. Use a restricted key (rk_…) or a secret key (sk_…).',
    };
  }
  if (/^whsec_/.test(key)) {
    return { ok: false, reason: 'That is a webhook signing secret (whsec_…), not an API key. Use a restricted key (rk_…) or a secret key (sk_…).' };
  }
  const match = keyPattern.exec(key);
  if (!match) {
    return {
      ok: false,
      reason: 'That does not look like a Stripe API key. Keys start with rk_live_, rk_test_, sk_live_ or sk_test_ followed by letters and digits.',
    };
  }
  return {
    ok: true,
    facts: {
      kind: match[1] === 'rk' ? 'restricted' : 'secret',
      mode: match[2] === 'live' ? 'live' : 'test',
      last4: key.slice(-4),
    },
  };
}
