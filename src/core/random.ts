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

const HEX_CODES = Array.from('0123456789abcdef', (char) => char.charCodeAt(0));
/** The characters a version-4 UUID's variant digit may be. */
const VARIANTS = '89ab';

/**
 * The scratch lists characters are drawn into, one per length, shared by every source: a draw fills one and makes it a
 * string before anything else runs, so no two draws are ever in one list at once.
 */
const scratches = new Map<number, number[]>();
const scratchOf = (length: number): number[] => {
  let scratch = scratches.get(length);
  if (!scratch) {
    scratch = new Array<number>(length).fill(0);
    if (scratches.size < 16) scratches.set(length, scratch);
  }
  return scratch;
};
const text = (scratch: number[]): string => String.fromCharCode.apply(null, scratch);
const DASH = 0x2d;

/**
 * A seeded source (mulberry32). A class, not an object of closures: every tenant keeps two and every seeded id makes
 * one, and an object with its methods on a prototype is one small object for the garbage collector to copy where the
 * closures were a dozen.
 */
class SeededRandom implements Random {
  // The state is kept as a signed 32-bit integer (the same 32 bits as the unsigned one mulberry32 names): V8 keeps an
  // integer under 2^31 in the field itself, where an unsigned one above it takes a heap number of its own, one per
  // draw (a UUID is 32 draws, and one is drawn on every request that issues a code). state() gives it unsigned.
  #a: number;

  constructor(seed: number) {
    this.#a = seed | 0;
  }

  /** The next 32 bits; next() is them over 2^32. */
  #nextBits(): number {
    this.#a = (this.#a + 0x6d2b79f5) | 0;
    let t = this.#a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  next(): number {
    return this.#nextBits() / 4294967296;
  }

  // Characters are drawn as codes into a scratch list of the string's length and made a string in one step: `+=` one
  // character at a time builds a new string per character, and ids and codes are drawn on every request that issues
  // one. The result is one flat string (a stored id costs 56 bytes, not a tree of parts).
  #draw(scratch: number[], at: number, length: number, alphabet: string): number {
    for (let i = 0; i < length; i++) scratch[at++] = alphabet.charCodeAt(Math.floor(this.next() * alphabet.length));
    return at;
  }

  // A hex digit drawn as Math.floor(next() * 16) is the top four bits of the draw (a division by a power of two is
  // exact), taken without the float arithmetic: a UUID is 31 draws.
  #drawHex(scratch: number[], at: number, length: number): number {
    for (let i = 0; i < length; i++) scratch[at++] = HEX_CODES[this.#nextBits() >>> 28] ?? 0;
    return at;
  }

  uuid(): string {
    const scratch = scratchOf(36);
    let at = this.#drawHex(scratch, 0, 8);
    scratch[at++] = DASH;
    at = this.#drawHex(scratch, at, 4);
    scratch[at++] = DASH;
    scratch[at++] = 0x34; // the version, 4
    at = this.#drawHex(scratch, at, 3);
    scratch[at++] = DASH;
    at = this.#draw(scratch, at, 1, VARIANTS);
    at = this.#drawHex(scratch, at, 3);
    scratch[at++] = DASH;
    this.#drawHex(scratch, at, 12);
    return text(scratch);
  }

  string(length: number, alphabet: string): string {
    // Past a code's or an id's size (or for an odd request) one character at a time, as before: the same text.
    if (!Number.isInteger(length) || length > 256 || alphabet === '') {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(this.next() * alphabet.length));
      return out;
    }
    const scratch = scratchOf(length);
    this.#draw(scratch, 0, length, alphabet);
    return text(scratch);
  }

  state(): number {
    return this.#a >>> 0;
  }
}

/**
 * Creates a seeded source (mulberry32: small, fast, and good enough for fake data).
 * @example createRandom(42).uuid()
 */
export function createRandom(seed: number): Random {
  return new SeededRandom(seed);
}
