import { hashKey } from './random';

/**
 * Stripe-looking ids that encode where an object lives in the simulated account, so any id can be resolved without
 * an index: `in_` + customer code (6) + invoice ordinal (3) + filler. The customer code is the customer's index run
 * through an invertible scramble keyed by the seed, so ids look random, differ between seeds, and decode exactly.
 */

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const customerCodeWidth = 6;
const modulus = 62 ** customerCodeWidth;
/** Odd and not a multiple of 31, so it is invertible modulo 62^6. */
const multiplier = 48_271_517;

function encode(value: number, width: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    text = alphabet[rest % 62] + text;
    rest = Math.floor(rest / 62);
  }
  if (rest !== 0) throw new Error(`${value} does not fit in ${width} base-62 digits`);
  return text;
}

function decode(text: string): number | undefined {
  let value = 0;
  for (const char of text) {
    const digit = alphabet.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 62 + digit;
  }
  return value;
}

function modularInverse(value: bigint, mod: bigint): bigint {
  let [oldR, r] = [value, mod];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % mod) + mod) % mod;
}

const inverse = modularInverse(BigInt(multiplier), BigInt(modulus));

export type CustomerScopedPrefix = 'cus' | 'sub' | 'si' | 'in' | 'il' | 'ch' | 're' | 'evt' | 'di' | 'pi';

export interface DecodedId {
  prefix: CustomerScopedPrefix;
  customerIndex: number;
  /** The ordinals after the customer code, e.g. [invoice, line] for `il_`. */
  ordinals: number[];
}

/** How many base-62 digits each ordinal takes, per prefix. */
const layouts: Record<CustomerScopedPrefix, number[]> = {
  cus: [],
  sub: [2],
  si: [2, 2],
  in: [3],
  il: [3, 2],
  ch: [3],
  re: [3],
  evt: [4],
  di: [2, 2],
  pi: [3],
};

/** Ids are 14 characters after the prefix (like Stripe's), the filler being a hash so neighbours look unrelated. */
const idBodyLength = 14;

export interface IdCodec {
  customerScoped(prefix: CustomerScopedPrefix, customerIndex: number, ...ordinals: number[]): string;
  decode(id: string): DecodedId | undefined;
}

export function createIdCodec(seed: number): IdCodec {
  const offset = hashKey(seed, 'ids') % modulus;
  // Exact in doubles while index × multiplier stays under 2^53, i.e. for any account under 180 million customers.
  const scramble = (index: number): number => (index * multiplier + offset) % modulus;
  const unscramble = (code: number): number =>
    Number((((BigInt(code) - BigInt(offset)) % BigInt(modulus) + BigInt(modulus)) * inverse) % BigInt(modulus));

  const fillerSeed = hashKey(seed, 'filler');
  /** FNV-1a over the id so far, then xorshift for more characters: cheap, since every object's id is built often. */
  const filler = (body: string, length: number): string => {
    let hash = fillerSeed;
    for (let i = 0; i < body.length; i++) hash = Math.imul(hash ^ body.charCodeAt(i), 0x01000193);
    let text = '';
    for (let i = 0; i < length; i++) {
      hash ^= hash << 13;
      hash ^= hash >>> 17;
      hash ^= hash << 5;
      text += alphabet[(hash >>> 0) % 62];
    }
    return text;
  };

  const customerScoped = (prefix: CustomerScopedPrefix, customerIndex: number, ...ordinals: number[]): string => {
    const widths = layouts[prefix];
    if (widths.length !== ordinals.length) throw new Error(`${prefix}_ ids take ${widths.length} ordinals`);
    let body = encode(scramble(customerIndex), customerCodeWidth);
    ordinals.forEach((ordinal, i) => (body += encode(ordinal, widths[i] ?? 0)));
    return `${prefix}_${body}${filler(`${prefix}${body}`, idBodyLength - body.length)}`;
  };

  return {
    customerScoped,
    decode(id) {
      const separator = id.indexOf('_');
      const prefix = id.slice(0, separator) as CustomerScopedPrefix;
      const widths = layouts[prefix];
      if (separator < 0 || !widths) return undefined;
      const body = id.slice(separator + 1);
      if (body.length !== idBodyLength) return undefined;
      const code = decode(body.slice(0, customerCodeWidth));
      if (code === undefined) return undefined;
      const ordinals: number[] = [];
      let position = customerCodeWidth;
      for (const width of widths) {
        const ordinal = decode(body.slice(position, position + width));
        if (ordinal === undefined) return undefined;
        ordinals.push(ordinal);
        position += width;
      }
      const decoded: DecodedId = { prefix, customerIndex: unscramble(code), ordinals };
      // The filler is checked too, so a made-up id that happens to decode is still "No such …".
      return customerScoped(prefix, decoded.customerIndex, ...ordinals) === id ? decoded : undefined;
    },
  };
}
