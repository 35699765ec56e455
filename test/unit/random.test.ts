/** Seeded randomness on its own: same seed, same sequence; uuids and codes of the right shape. */
import { describe, expect, it } from 'vitest';
import { createRandom, hashString } from '../../src/core/random.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('random', () => {
  it('gives the same sequence for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const draw = (r: ReturnType<typeof createRandom>) => [r.next(), r.uuid(), r.string(8, 'ABC123'), r.next()];
    expect(draw(b)).toEqual(draw(a));
  });

  it('gives exactly the ids and codes it gave before (ids of exported worlds and scenario fixtures depend on it)', () => {
    const r = createRandom(42);
    const drawn = [
      r.uuid(),
      r.string(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'),
      r.uuid(),
      r.string(300, 'ab').slice(0, 20),
    ];
    expect(drawn).toEqual([
      '97da2849-d73e-4b43-aa90-7d090402c802',
      '4R3LQBBT',
      '93a34bd8-3441-4aab-b1f6-f210579e1be4',
      'babbabbbabababaabbbb',
    ]);
    expect(r.string(3, '')).toBe('');
    expect(r.next()).toBe(0.5919255402404815);
  });

  it('gives another sequence for another seed', () => {
    expect(createRandom(43).uuid()).not.toBe(createRandom(42).uuid());
  });

  it('draws numbers in [0, 1)', () => {
    const random = createRandom(7);
    const numbers = Array.from({ length: 10_000 }, () => random.next());
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...numbers)).toBeLessThan(1);
    expect(new Set(numbers).size).toBeGreaterThan(9_990);
  });

  it('draws version-4-shaped uuids', () => {
    const random = createRandom(1);
    const ids = Array.from({ length: 500 }, () => random.uuid());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(500);
  });

  it('draws strings of the asked length from the asked alphabet only', () => {
    const random = createRandom(3);
    const text = random.string(2000, 'XY7');
    expect(text).toHaveLength(2000);
    expect(text).toMatch(/^[XY7]+$/);
    expect(new Set(text).size).toBe(3);
    expect(random.string(0, 'XY7')).toBe('');
  });

  it('resumes the same sequence from its exported state', () => {
    const original = createRandom(99);
    original.uuid();
    const resumed = createRandom(original.state());
    expect(resumed.uuid()).toBe(original.uuid());
    expect(resumed.next()).toBe(original.next());
  });

  it('hashes strings with 32-bit FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
    expect(hashString('a', 1)).not.toBe(hashString('a'));
  });
});
