/** The tenant clock drives code expiry, throttle refill, JWT time checks and every timestamp the fake writes. */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { createFake } from '../src/create-fake.js';
import { signToken } from '../src/core/sign-token.js';
import { MODES, startMode, type Harness } from './support/modes.js';
import { advanceClock, journalOf, setClock } from './support/control.js';

const START = '2026-03-01T09:00:00.000Z';
const START_MS = Date.parse(START);
const DAY_MS = 86_400_000;
const JANE = 'jane.doe@example.com';

describe.each(MODES)('the tenant clock over %s', (mode) => {
  let fake: Harness;
  afterEach(() => fake.stop());

  it('shows a code as Expired once the clock passes its expiry, and not a millisecond before', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    const jane = (await fake.call('POST', 'v1/users/lookup', { email: JANE })).body as { id: string };
    const enabled = await fake.call('PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 1 });
    expect(enabled.body).toMatchObject({ expirationDate: '2026-03-02T09:00:00.000Z' });

    await advanceClock(fake, DAY_MS);
    const atExpiry = await fake.call('POST', 'v1/users/lookup', { email: JANE });
    expect(atExpiry.body).toMatchObject({ emergencyAccessStatus: 'Enabled', offlineEmergencyAccessStatus: 'Enabled' });

    await advanceClock(fake, 1);
    const after = await fake.call('POST', 'v1/users/lookup', { email: JANE });
    expect(after.body).toMatchObject({
      emergencyAccessStatus: 'Expired',
      offlineEmergencyAccessStatus: 'Expired',
      emergencyTokencodeExpiration: '2026-03-02T09:00:00.000Z',
    });
  });

  it('refills the throttle by the tenant clock, not by real time', async () => {
    fake = await startMode(mode, {
      seed: 7,
      clock: { start: START },
      throttle: { requestsPerSecond: 20, burst: 2 },
    });
    const lookup = () => fake.call('POST', 'v1/users/lookup', { email: JANE });
    expect((await lookup()).status).toBe(200);
    expect((await lookup()).status).toBe(200);
    const throttled = await lookup();
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual({ code: '429 TOO_MANY_REQUESTS', description: 'Too many requests.' });
    expect(throttled.headers.get('retry-after')).toBe('1');

    // Real time refills 20 tokens a second; 150 ms would give three, but the frozen tenant clock gives none.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await lookup()).status).toBe(429);

    await advanceClock(fake, 50);
    expect((await lookup()).status).toBe(200);
    expect((await lookup()).status).toBe(429);
  });

  it('refuses a token signed at real time once the tenant clock is moved 2 h ahead', async () => {
    const now = Date.now();
    fake = await startMode(mode, { seed: 7, clock: { start: now } });
    const realTimeToken = await signToken(fake.apiKey);
    const before = await fake.call('POST', 'v1/users/lookup', { email: JANE }, { token: realTimeToken });
    expect(before.status).toBe(200);

    await advanceClock(fake, 2 * 3_600_000);
    const refused = await fake.call('POST', 'v1/users/lookup', { email: JANE }, { token: realTimeToken });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      timestamp: now + 2 * 3_600_000,
      status: 403,
      error: 'Forbidden',
      message: 'Expired Access Token is not allowed',
      path: '/AdminInterface/restapi/v1/users/lookup',
    });
    expect(refused.headers.get('x-fake-reason')).toMatch(/^expired: exp [0-9]+ is before now [0-9]+ minus 60 s skew$/);

    const fresh = await fake.call('POST', 'v1/users/lookup', { email: JANE }, { token: await fake.token() });
    expect(fresh.status).toBe(200);
  });

  it('stamps code expiry and journal times from the tenant clock', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    await setClock(fake, '2030-01-01T00:00:00.000Z');
    const jane = (await fake.call('POST', 'v1/users/lookup', { email: JANE })).body as { id: string };
    const enabled = await fake.call('PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 3 });
    expect(enabled.body).toMatchObject({
      expirationDate: '2030-01-04T00:00:00.000Z',
      offlineExpirationDate: '2030-01-04T00:00:00.000Z',
    });
    const times = (await journalOf(fake)).map((entry) => entry.time);
    expect(times).toEqual(['2030-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z']);
  });
});

describe('the in-process clock', () => {
  it('signs fake.token() at the tenant clock: iat is the clock, exp an hour later', async () => {
    const fake = createFake({ clock: { start: START } });
    fake.clock.advance(30_000);
    const claims = decodeJwt(await fake.token());
    expect(claims).toMatchObject({ sub: fake.apiKey.accessID, iat: START_MS / 1000 + 30, exp: START_MS / 1000 + 3630 });
  });

  it('runs from its start when frozen is false, and stops where it is when frozen', async () => {
    const fake = createFake({ clock: { start: START, frozen: false } });
    expect(fake.clock.isFrozen()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 30));
    fake.clock.freeze();
    const stopped = fake.clock.now();
    expect(stopped).toBeGreaterThanOrEqual(START_MS + 25);
    expect(stopped).toBeLessThan(START_MS + 5_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.clock.now()).toBe(stopped);
  });

  it('gives a tenant created later its own clock, started like the fake’s', () => {
    const fake = createFake({ clock: { start: START } });
    fake.clock.advance(DAY_MS);
    const tenant = fake.createTenant();
    expect(new Date(tenant.clock.now()).toISOString()).toBe(START);
    tenant.clock.advance(60_000);
    expect(new Date(fake.clock.now()).toISOString()).toBe('2026-03-02T09:00:00.000Z');
  });
});
