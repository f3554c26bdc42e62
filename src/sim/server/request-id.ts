import { hashKey } from '../model/random';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `req_` + 14 base-62 characters, like Stripe's, derived from the seed and the request's ordinal (replayable). */
export function requestId(seed: number, ordinal: number): string {
  let text = '';
  for (let round = 0; text.length < 14; round++) {
    let value = hashKey(seed, 'request', ordinal, round);
    for (let i = 0; i < 5; i++) {
      text += alphabet[value % 62] ?? '0';
      value = Math.floor(value / 62);
    }
  }
  return `req_${text.slice(0, 14)}`;
}
