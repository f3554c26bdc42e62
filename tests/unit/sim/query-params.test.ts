import { describe, expect, it } from 'vitest';
import { keyFromAuthorization, maskKey } from '../../../src/sim/server/api-key';
import { parseQuery } from '../../../src/sim/server/query-params';

describe('Stripe form-encoded query parameters', () => {
  it('reads scalars, hashes, and lists in both the indexed form the SDK sends and the bare [] form', () => {
    const params = parseQuery('?limit=3&created[gte]=10&created[lt]=20&expand[1]=data.b&expand[0]=data.a&types[]=x&types[]=y');

    expect(Object.fromEntries(params)).toEqual({
      limit: { kind: 'scalar', value: '3' },
      created: { kind: 'hash', entries: { gte: '10', lt: '20' } },
      expand: { kind: 'list', values: ['data.a', 'data.b'] },
      types: { kind: 'list', values: ['x', 'y'] },
    });
  });

  it('accepts percent-encoded brackets and keeps deeper nesting as one hash key, to be refused by name', () => {
    const params = parseQuery('created%5Bgte%5D=5&metadata[a][b]=1&email=a%2Bb%40example.com');

    expect(params.get('created')).toEqual({ kind: 'hash', entries: { gte: '5' } });
    expect(params.get('metadata')).toEqual({ kind: 'hash', entries: { 'a][b': '1' } });
    expect(params.get('email')).toEqual({ kind: 'scalar', value: 'a+b@example.com' });
  });
});

describe('API keys', () => {
  it.each([
    ['Bearer sk_test_123', 'sk_test_123'],
    [`Basic ${Buffer.from('sk_test_123:').toString('base64')}`, 'sk_test_123'],
    ['Basic ', undefined],
    ['Token sk_test_123', undefined],
    [undefined, undefined],
  ])('%s carries %s', (header, key) => {
    expect(keyFromAuthorization(header)).toBe(key);
  });

  it('masks all but the prefix and the last four characters, one star each', () => {
    expect(maskKey('sk_test_abcdefgh1234')).toBe('sk_test_********1234');
    expect(maskKey('rk_live_xy')).toBe('rk_live_**');
    expect(maskKey('whatever9876')).toBe('********9876');
  });
});
