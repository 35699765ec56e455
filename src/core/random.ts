/** Seeded randomness: the same seed gives the same ids and codes, in the same order. */

/** A deterministic source of random numbers in [0, 1). */
export interface Random {
  /** The next number in [0, 1). */
  next(): number;
  /** A version-4-shaped UUID drawn from this source. */
  uuid(): string;
  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string;
  /** The internal state, so a world can be exported and resumed. */
  state(): number;
}

/** Hashes a string to 32 bits (FNV-1a), to derive stable seeds such as a user id from an email. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const HEX = '0123456789abcdef';

/**
 * Creates a seeded source (mulberry32: small, fast, and good enough for fake data).
 * @example createRandom(42).uuid()
 */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += HEX.charAt(Math.floor(next() * 16));
    return out;
  };
  return {
    next,
    // Joined, not concatenated: a join makes one flat string, where `+` would leave a tree of string parts that
    // costs a stored id about 400 bytes instead of 56 (it matters with --users 100000). Same draws, same order.
    uuid: () => [hex(8), hex(4), `4${hex(3)}`, `${HEX[8 + Math.floor(next() * 4)]}${hex(3)}`, hex(12)].join('-'),
    string(length, alphabet) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(next() * alphabet.length));
      return out;
    },
    state: () => a,
  };
}
