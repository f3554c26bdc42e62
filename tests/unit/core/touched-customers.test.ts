import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { customersTouchedBy, mergeTouched } from '../../../src/core/stripe/sync/touched-customers';

const eventOf = (object: Record<string, unknown>) => ({ data: { object } }) as unknown as Pick<Stripe.Event, 'data'>;

describe('touched customers', () => {
  it.each([
    [{ object: 'subscription', id: 'sub_1', customer: 'cus_1' }, ['cus_1']],
    [{ object: 'invoice', id: 'in_1', customer: { id: 'cus_2', object: 'customer' } }, ['cus_2']],
    [{ object: 'customer', id: 'cus_3' }, ['cus_3']],
    [{ object: 'discount', id: 'di_1', customer: 'cus_4' }, ['cus_4']],
    [{ object: 'charge', id: 'ch_1', customer: 'cus_5' }, []],
    [{ object: 'refund', id: 're_1' }, []],
    [{ object: 'invoice', id: 'in_2', customer: null }, []],
  ])('an event on %j moves the history of %j', (object, customers) => {
    const touched = customersTouchedBy(eventOf(object));
    expect(touched === 'all' ? 'all' : [...touched]).toEqual(customers);
  });

  it.each(['price', 'plan', 'product', 'coupon', 'promotion_code'])('an event on a %s can move anyone', (type) => {
    expect(customersTouchedBy(eventOf({ object: type, id: 'x' }))).toBe('all');
  });

  it('merges tallies, `all` absorbing the rest', () => {
    expect([...(mergeTouched(new Set(['a']), new Set(['b', 'a'])) as Set<string>)]).toEqual(['a', 'b']);
    expect(mergeTouched(new Set(['a']), 'all')).toBe('all');
    const alone = new Set(['a']);
    expect(mergeTouched(alone, new Set())).toBe(alone);
  });
});
