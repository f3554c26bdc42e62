import { describe, expect, it } from 'vitest';
import { checkStripeKey } from '../../../src/shared/stripe-key';

describe('checkStripeKey', () => {
  it.each([
    ['sk_live_51H8abcdefghijklmnopQRST', { mode: 'live', kind: 'secret', last4: 'QRST' }],
    ['sk_test_51H8abcdefghijklmnopQRST', { mode: 'test', kind: 'secret', last4: 'QRST' }],
    ['rk_live_51H8abcdefghijklmnop1234', { mode: 'live', kind: 'restricted', last4: '1234' }],
    ['  rk_test_51H8abcdefghijklmnop9876\n', { mode: 'test', kind: 'restricted', last4: '9876' }],
  ])('accepts %s', (key, facts) => {
    expect(checkStripeKey(key)).toEqual({ ok: true, facts });
  });

  it.each([
    ['', 'Paste a Stripe API key.'],
    ['pk_live_51H8abcdefghijklmnopQRST', 'publishable key'],
    ['whsec_abcdefghijklmnop', 'webhook signing secret'],
    ['sk_prod_51H8abcdefghijklmnopQRST', 'does not look like a Stripe API key'],
    ['sk_live_short', 'does not look like a Stripe API key'],
    ['sk_live_51H8abcdefghij klmnopQRST', 'does not look like a Stripe API key'],
    ['rk_test_51H8abcdefghijklmnop;DROP', 'does not look like a Stripe API key'],
  ])('refuses %j with a reason that never repeats the key', (key, reason) => {
    const check = checkStripeKey(key);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.reason).toContain(reason);
    if (key) expect(check.reason).not.toContain(key.trim());
  });
});
