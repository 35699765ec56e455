/** The token bucket on its own: burst, refill by the given clock reading, Retry-After, limits and keys. */
import { describe, expect, it } from 'vitest';
import { createThrottle } from '../../src/core/throttle.js';

const T0 = Date.parse('2026-03-01T09:00:00.000Z');

/** Takes `count` tokens at `now` and returns which succeeded. */
function takeMany(throttle: ReturnType<typeof createThrottle>, count: number, now: number, key = 'a'): boolean[] {
  return Array.from({ length: count }, () => throttle.take(key, now).ok);
}

describe('throttle', () => {
  it('lets a full burst through at one instant and refuses the next request', () => {
    const throttle = createThrottle({ requestsPerSecond: 1, burst: 3 });
    expect(takeMany(throttle, 3, T0)).toEqual([true, true, true]);
    expect(throttle.take('a', T0)).toEqual({ ok: false, retryAfterSeconds: 1, before: 0, after: 0 });
  });

  it('refills at requestsPerSecond by the clock reading it is given', () => {
    const throttle = createThrottle({ requestsPerSecond: 2, burst: 2 });
    takeMany(throttle, 2, T0);
    expect(throttle.take('a', T0 + 499).ok).toBe(false);
    expect(throttle.take('a', T0 + 500).ok).toBe(true);
    expect(throttle.take('a', T0 + 500).ok).toBe(false);
  });

  it('reports the bucket level before and after each take, and none when throttling is off', () => {
    const throttle = createThrottle({ requestsPerSecond: 2, burst: 3 });
    expect(throttle.take('a', T0)).toEqual({ ok: true, before: 3, after: 2 });
    expect(throttle.take('a', T0 + 250)).toEqual({ ok: true, before: 2.5, after: 1.5 });
    expect(createThrottle({ requestsPerSecond: 0, burst: 1 }).take('a', T0)).toEqual({
      ok: true,
      before: null,
      after: null,
    });
  });

  it('never holds more than the burst however long it waits', () => {
    const throttle = createThrottle({ requestsPerSecond: 10, burst: 4 });
    takeMany(throttle, 4, T0);
    expect(takeMany(throttle, 5, T0 + 3_600_000)).toEqual([true, true, true, true, false]);
  });

  it('says how many whole seconds until a token is back', () => {
    const throttle = createThrottle({ requestsPerSecond: 0.1, burst: 1 });
    expect(throttle.take('a', T0).ok).toBe(true);
    expect(throttle.take('a', T0)).toMatchObject({ ok: false, retryAfterSeconds: 10 });
    expect(throttle.take('a', T0 + 2500)).toMatchObject({ ok: false, retryAfterSeconds: 8 });
    expect(throttle.take('a', T0 + 9999)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    expect(throttle.take('a', T0 + 10_000)).toMatchObject({ ok: true });
  });

  it('answers Retry-After of at least 1 even when a token is a moment away', () => {
    const throttle = createThrottle({ requestsPerSecond: 1000, burst: 1 });
    throttle.take('a', T0);
    expect(throttle.take('a', T0)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
  });

  it('keeps one bucket per key', () => {
    const throttle = createThrottle({ requestsPerSecond: 1, burst: 1 });
    expect(throttle.take('a', T0).ok).toBe(true);
    expect(throttle.take('a', T0).ok).toBe(false);
    expect(throttle.take('b', T0).ok).toBe(true);
  });

  it('is off when requestsPerSecond is 0', () => {
    const throttle = createThrottle({ requestsPerSecond: 0, burst: 1 });
    expect(takeMany(throttle, 1000, T0).every(Boolean)).toBe(true);
  });

  it('refills every bucket on reset', () => {
    const throttle = createThrottle({ requestsPerSecond: 1, burst: 2 });
    takeMany(throttle, 2, T0);
    throttle.reset();
    expect(takeMany(throttle, 3, T0)).toEqual([true, true, false]);
  });

  it('caps a bucket at a lowered burst and reports the new limit', () => {
    const throttle = createThrottle({ requestsPerSecond: 1, burst: 10 });
    throttle.take('a', T0);
    throttle.setLimit({ requestsPerSecond: 1, burst: 2 });
    expect(throttle.limit()).toEqual({ requestsPerSecond: 1, burst: 2 });
    expect(takeMany(throttle, 3, T0)).toEqual([true, true, false]);
  });

  it('does not refill when the clock reading goes backwards', () => {
    const throttle = createThrottle({ requestsPerSecond: 1, burst: 1 });
    throttle.take('a', T0);
    expect(throttle.take('a', T0 - 60_000).ok).toBe(false);
  });
});

describe('a clock set back', () => {
  it('refills from the new time on instead of stalling until the old time comes back', () => {
    const throttle = createThrottle({ requestsPerSecond: 1, burst: 2 });
    const start = Date.UTC(2026, 2, 1, 9);
    expect(throttle.take('a', start + 60_000).ok).toBe(true);
    expect(throttle.take('a', start + 60_000).ok).toBe(true);
    expect(throttle.take('a', start).ok).toBe(false);
    expect(throttle.take('a', start + 1000)).toMatchObject({ ok: true });
  });
});
