import { describe, expect, it } from 'vitest';
import { redactSecrets, redactValue } from '../../../src/core/log/redact';

describe('redacting secrets from anything written', () => {
  it.each([
    ['key sk_live_51H8abcdefghijklmnopQRST rejected', 'key [Stripe key …QRST] rejected'],
    ['sk_test_51H8abcdefghijklmnopQRST', '[Stripe key …QRST]'],
    ['Bearer rk_live_51H8abcdefghijklmnop1234', 'Bearer [Stripe key …1234]'],
    ['rk_test_51H8abcdefghijklmnop9876,whsec_Zm9vYmFyYmF6cXV4', '[Stripe key …9876],[webhook secret …cXV4]'],
    ['pk_live_51H8abcdefghijklmnopQRST is public', 'pk_live_51H8abcdefghijklmnopQRST is public'],
    ['no secrets here: sk_ alone, customer cus_123', 'no secrets here: sk_ alone, customer cus_123'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('redacts every string in nested fields, errors included, and survives cycles', () => {
    const fields: Record<string, unknown> = {
      request: { headers: { authorization: 'Bearer sk_live_51H8abcdefghijklmnopQRST' } },
      list: ['whsec_Zm9vYmFyYmF6cXV4'],
      error: new Error('Invalid API Key provided: sk_test_51H8abcdefghijklmnopWXYZ'),
      count: 3,
    };
    fields.self = fields;
    const text = JSON.stringify(redactValue(fields));
    expect(text).not.toMatch(/sk_(live|test)_|rk_(live|test)_|whsec_/);
    expect(text).toContain('[Stripe key …QRST]');
    expect(text).toContain('[Stripe key …WXYZ]');
    expect(text).toContain('"count":3');
    expect(text).toContain('[circular]');
  });
});
