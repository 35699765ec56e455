/**
 * Regression: the clock could be set to the end of JavaScript time; then advancing answered 400 yet moved the
 * clock, and every vendor call answered 500 because no timestamp could be formatted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClockError, createClock, MAX_INSTANT_MS } from '../../src/core/clock.js';
import { startMode, type Harness } from '../support/modes.js';
import { control, originOf } from '../support/control.js';

describe('the clock range', () => {
  it('refuses instants before 1970 or after MAX_INSTANT_MS and stays where it was', () => {
    const clock = createClock({ start: '2026-03-01T09:00:00.000Z' });
    expect(() => clock.set(8_640_000_000_000_000)).toThrow(ClockError);
    expect(() => clock.set(-1)).toThrow(ClockError);
    expect(() => clock.set('+275760-09-13T00:00:00.000Z')).toThrow(/clock stays between 1970-01-01 and 9999-12-24/);
    expect(clock.now()).toBe(Date.UTC(2026, 2, 1, 9));
  });

  it('refuses to advance past MAX_INSTANT_MS and stays where it was', () => {
    const clock = createClock({ start: MAX_INSTANT_MS - 1000 });
    expect(() => clock.advance(1001)).toThrow(ClockError);
    expect(clock.now()).toBe(MAX_INSTANT_MS - 1000);
    clock.advance(1000);
    expect(clock.now()).toBe(MAX_INSTANT_MS);
  });

  it('refuses a start outside the range when the fake is created', () => {
    expect(() => createClock({ start: 8_640_000_000_000_000 })).toThrow(ClockError);
  });
});

describe('the clock range over the control plane', () => {
  let fake: Harness;
  beforeEach(async () => {
    fake = await startMode('express', { clock: { start: '2026-03-01T09:00:00.000Z' } });
  });
  afterEach(() => fake.stop());

  it('answers 400 to an out-of-range time and changes nothing, and vendor calls still work', async () => {
    const origin = originOf(fake.apiKey);
    const set = await control(origin, 'PUT', '/__fake/clock', { now: 8_640_000_000_000_000, frozen: false });
    expect(set.status).toBe(400);
    expect((set.body as { description: string }).description).toMatch(/clock stays between/);
    const clock = await control(origin, 'GET', '/__fake/clock');
    expect(clock.body).toEqual({ now: '2026-03-01T09:00:00.000Z', frozen: true });

    await control(origin, 'PUT', '/__fake/clock', { now: MAX_INSTANT_MS });
    const advance = await control(origin, 'POST', '/__fake/clock/advance', { ms: 1000 });
    expect(advance.status).toBe(400);
    expect((await control(origin, 'GET', '/__fake/clock')).body).toEqual({
      now: '9999-12-24T00:00:00.000Z',
      frozen: true,
    });

    const looked = await fake.call('POST', 'v1/users/lookup', { email: 'jane.doe@example.com' });
    expect(looked.status).toBe(200);
    const user = looked.body as { id: string };
    const enabled = await fake.call('PUT', `v1/users/${user.id}/emergencyTokencode`, { expirationDays: 7 });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ expirationDate: '9999-12-31T00:00:00.000Z' });
  });
});
