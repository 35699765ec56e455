/**
 * Regression: X-Fake-Reason quoted client input (a JSON.parse message, JWT claims) verbatim, and a character
 * outside printable ASCII made the whole response invalid: Express answered 500, msw a stack trace, fetch threw.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, startMode, type Harness } from '../support/modes.js';

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned-looking token: what an attacker can send without any key. */
function forgedToken(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  return `${base64url(header)}.${base64url(claims)}.${Buffer.from('not a signature').toString('base64url')}`;
}

describe.each(MODES)('non-ASCII client input over %s', (mode) => {
  let fake: Harness;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 3, clock: { start: '2026-03-01T09:00:00.000Z' } });
  });
  afterEach(() => fake.stop());

  it('answers 400 with an escaped reason for malformed JSON holding a snowman', async () => {
    const before = fake.controls.exportState();
    const answer = await fake.call('POST', 'v1/users/lookup', undefined, { raw: '{"email": ☃}' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: '400 BAD_REQUEST', description: 'Malformed JSON request body.' });
    const reason = answer.headers.get('x-fake-reason') ?? '';
    expect(reason).toMatch(/^JSON\.parse: /);
    expect(reason).toMatch(/^[\x20-\x7e]+$/);
    expect(fake.controls.exportState()).toEqual(before);
  });

  it('answers 403 with an escaped reason for a forged token whose sub is not ASCII', async () => {
    const now = Math.floor(fake.tenant.clock.now() / 1000);
    const token = forgedToken(
      { alg: 'RS256', typ: 'JWT' },
      { sub: 'ré☃', aud: fake.apiKey.adminRestApiUrl, iat: now, exp: now + 60 },
    );
    const answer = await fake.call('POST', 'v1/users/lookup', { email: 'jane.doe@example.com' }, { token });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ status: 403, error: 'Forbidden', message: 'Access Id is not valid' });
    expect(answer.headers.get('x-fake-reason')).toBe('unknown access ID in sub: r\\u00e9\\u2603');
  });

  it('answers 403 for a forged token whose alg is not ASCII or whose typ is not a string', async () => {
    const now = Math.floor(fake.tenant.clock.now() / 1000);
    const claims = { sub: fake.apiKey.accessID, aud: fake.apiKey.adminRestApiUrl, iat: now, exp: now + 60 };
    const badAlg = await fake.call(
      'POST',
      'v1/users/lookup',
      { email: 'jane.doe@example.com' },
      {
        token: forgedToken({ alg: 'RS256☃' }, claims),
      },
    );
    expect(badAlg.status).toBe(403);
    expect(badAlg.headers.get('x-fake-reason')).toBe('unsupported alg "RS256\\u2603": only RS256 is accepted');
    const badTyp = await fake.call(
      'POST',
      'v1/users/lookup',
      { email: 'jane.doe@example.com' },
      {
        token: forgedToken({ alg: 'RS256', typ: 123 }, claims),
      },
    );
    expect(badTyp.status).toBe(403);
    expect(badTyp.headers.get('x-fake-reason')).toBe('unsupported typ 123: only JWT is accepted');
  });
});
