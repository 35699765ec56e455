/** The fake's clock on its own: frozen and running, set, advance, and the vendor's timestamp format. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { ClockError, createClock, formatTimestamp, parseInstant } from '../../src/core/clock.js';

const START = '2026-03-01T09:00:00.000Z';
const START_MS = Date.parse(START);
const MACHINE = Date.parse('2030-01-01T00:00:00.000Z');

describe('clock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(MACHINE);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is frozen at its start instant when given one', () => {
    const clock = createClock({ start: START });
    expect(clock.isFrozen()).toBe(true);
    vi.setSystemTime(MACHINE + 60_000);
    expect(clock.now()).toBe(START_MS);
  });

  it('accepts the start as epoch milliseconds', () => {
    expect(createClock({ start: START_MS }).now()).toBe(START_MS);
  });

  it('follows the machine when given no start', () => {
    const clock = createClock();
    expect(clock.isFrozen()).toBe(false);
    expect(clock.now()).toBe(MACHINE);
    vi.setSystemTime(MACHINE + 1234);
    expect(clock.now()).toBe(MACHINE + 1234);
  });

  it('runs from its start at the machine pace when frozen is false', () => {
    const clock = createClock({ start: START, frozen: false });
    expect(clock.now()).toBe(START_MS);
    vi.setSystemTime(MACHINE + 5000);
    expect(clock.now()).toBe(START_MS + 5000);
  });

  it('moves forward by advance, frozen or running', () => {
    const frozen = createClock({ start: START });
    frozen.advance(90_000);
    expect(frozen.now()).toBe(START_MS + 90_000);
    const running = createClock({ start: START, frozen: false });
    running.advance(90_000);
    vi.setSystemTime(MACHINE + 10);
    expect(running.now()).toBe(START_MS + 90_010);
  });

  it('refuses to advance by a negative or non-finite amount', () => {
    const clock = createClock({ start: START });
    expect(() => clock.advance(-1)).toThrow(ClockError);
    expect(() => clock.advance(Number.NaN)).toThrow('Failed to advance the clock by NaN ms');
    expect(clock.now()).toBe(START_MS);
  });

  it('jumps to an instant with set, backwards too', () => {
    const clock = createClock({ start: START });
    clock.set('2025-01-01T00:00:00.000Z');
    expect(clock.now()).toBe(Date.parse('2025-01-01T00:00:00.000Z'));
    const running = createClock();
    running.set(START);
    vi.setSystemTime(MACHINE + 100);
    expect(running.now()).toBe(START_MS + 100);
  });

  it('stops where it is on freeze and runs on from there on unfreeze', () => {
    const clock = createClock({ start: START, frozen: false });
    vi.setSystemTime(MACHINE + 1000);
    clock.freeze();
    vi.setSystemTime(MACHINE + 60_000);
    expect(clock.now()).toBe(START_MS + 1000);
    clock.unfreeze();
    expect(clock.isFrozen()).toBe(false);
    expect(clock.now()).toBe(START_MS + 1000);
    vi.setSystemTime(MACHINE + 61_000);
    expect(clock.now()).toBe(START_MS + 2000);
  });

  it('throws an actionable error for an instant it cannot read', () => {
    expect(() => createClock({ start: 'next tuesday' })).toThrow(
      'Failed to read the instant "next tuesday": it is neither epoch milliseconds nor an ISO-8601 date.',
    );
    expect(() => parseInstant(Number.POSITIVE_INFINITY)).toThrow(ClockError);
  });

  it('formats timestamps as ISO-8601 UTC with milliseconds', () => {
    expect(formatTimestamp(START_MS)).toBe(START);
    expect(formatTimestamp(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(formatTimestamp(START_MS + 7)).toBe('2026-03-01T09:00:00.007Z');
  });
});

describe('formatTimestamp', () => {
  it('gives what toISOString gives for every instant, in any order of calls', () => {
    const end = Date.UTC(10_000, 0, 1);
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.integer({ min: 0, max: end - 1 }), fc.integer({ min: 1.7e12, max: 1.7e12 + 3 * 86_400_000 })),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (instants) => {
          for (const ms of instants) expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 2000 },
    );
    for (const ms of [0, 999, 86_399_999, 86_400_000, end - 1, 1.5, 1.7e12 + 0.25])
      expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves what toISOString cannot format, or formats otherwise, to it', () => {
    expect(formatTimestamp(Date.UTC(10_000, 0, 1))).toBe('+010000-01-01T00:00:00.000Z');
    expect(formatTimestamp(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(() => formatTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => formatTimestamp(9e15)).toThrow(RangeError);
  });
});
