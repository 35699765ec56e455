/** Token checks in every transport: each 403 with its envelope and precise reason, and the tokens that pass. */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, overHttp, startMode, type Answer, type Harness } from './support/modes.js';

const START = '2026-03-01T09:00:00.000Z';
const START_MS = Date.parse(START);
const NOW_S = START_MS / 1000;
const JANE = 'jane.doe@example.com';
const LOOKUP_PATH = '/AdminInterface/restapi/v1/users/lookup';
const TOKEN_MESSAGE = 'Server failed to process provided access token';
const EXPIRED_MESSAGE = 'Expired Access Token is not allowed';

/** A key pair that is not the tenant's: tokens it signs have a valid shape and a bad signature. */
const stranger: KeyObject = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(MODES)('authentication over %s', (mode) => {
  let fake: Harness;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
  });
  afterEach(() => fake.stop());

  const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    sub: fake.apiKey.accessID,
    aud: fake.apiKey.adminRestApiUrl,
    iat: NOW_S,
    exp: NOW_S + 3600,
    ...overrides,
  });
  const signRs256 = (payload: Record<string, unknown>, key: KeyObject): Promise<string> =>
    new SignJWT(payload).setProtectedHeader({ typ: 'JWT', alg: 'RS256' }).sign(key);
  const tenantKey = (): KeyObject => createPrivateKey(fake.apiKey.accessKey);

  const lookupWith = (token: string | null, headers: Record<string, string> = {}): Promise<Answer> =>
    fake.call('POST', 'v1/users/lookup', { email: JANE }, { token, headers });

  function expectForbidden(answer: Answer, reason: string | RegExp, message: string = TOKEN_MESSAGE): void {
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      timestamp: START_MS,
      status: 403,
      error: 'Forbidden',
      message,
      path: LOOKUP_PATH,
    });
    expect(answer.headers.get('content-type')).toBe('application/json');
    if (typeof reason === 'string') expect(answer.headers.get('x-fake-reason')).toBe(reason);
    else expect(answer.headers.get('x-fake-reason')).toMatch(reason);
  }

  function expectJane(answer: Answer): void {
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-fake-reason')).toBeNull();
    expect(answer.body).toMatchObject({ emailAddress: JANE, userStatus: 'Enabled' });
  }

  it('returns 403 when the Authorization header is missing', async () => {
    expectForbidden(await lookupWith(null), 'missing Authorization header');
  });

  it('returns 403 when the Authorization header is not a Bearer token', async () => {
    const answer = await lookupWith(null, { authorization: 'Basic dXNlcjpwYXNzd29yZA==' });
    expectForbidden(answer, 'Authorization header is not "Bearer <JWT>"');
  });

  it('returns 403 when the Bearer scheme carries no token', async () => {
    expectForbidden(await lookupWith(null, { authorization: 'Bearer' }), 'Authorization header is not "Bearer <JWT>"');
  });

  it('returns 403 when the token is not a JWT', async () => {
    expectForbidden(
      await lookupWith('not-a.jwt.at-all'),
      'malformed token: not a compact JWS with a JSON header and claims',
    );
  });

  it('returns 403 when the token is unsigned (alg none)', async () => {
    const token = `${base64url({ typ: 'JWT', alg: 'none' })}.${base64url(claims())}.`;
    expectForbidden(await lookupWith(token), 'unsupported alg "none": only RS256 is accepted');
  });

  it('returns 403 when the token is signed with HS256', async () => {
    const secret = new TextEncoder().encode('a shared secret that is long enough for HS256');
    const token = await new SignJWT(claims()).setProtectedHeader({ typ: 'JWT', alg: 'HS256' }).sign(secret);
    expectForbidden(await lookupWith(token), 'unsupported alg "HS256": only RS256 is accepted');
  });

  it('returns 403 when the token is signed by another key with the right access ID', async () => {
    const token = await signRs256(claims(), stranger);
    expectForbidden(await lookupWith(token), 'bad signature: not signed by the accessKey of this access ID');
  });

  it('returns 403 with an "Access Id" message when sub names no access ID the fake knows', async () => {
    const answer = await lookupWith(await fake.token({ sub: 'no-such-access-id' }));
    expectForbidden(answer, 'unknown access ID in sub: no-such-access-id', 'Access Id is not valid');
    expect((answer.body as { message: string }).message).toContain('Access Id');
  });

  it('returns 403 with an "Invalid audience" message when aud is another host', async () => {
    const aud = 'https://other-tenant.access.securid.com/AdminInterface/restapi/';
    const answer = await lookupWith(await fake.token({ aud }));
    expectForbidden(answer, `wrong audience "${aud}": expected adminRestApiUrl or its origin`, 'Invalid audience');
    expect((answer.body as { message: string }).message).toContain('Invalid audience');
  });

  it('returns 403 with an "Invalid audience" message when aud is another path on the right host', async () => {
    const aud = `${new URL(fake.apiKey.adminRestApiUrl).origin}/AdminInterface/other/`;
    const answer = await lookupWith(await fake.token({ aud }));
    expectForbidden(answer, `wrong audience "${aud}": expected adminRestApiUrl or its origin`, 'Invalid audience');
  });

  it('accepts aud equal to adminRestApiUrl without its trailing slash', async () => {
    const aud = fake.apiKey.adminRestApiUrl.replace(/\/$/, '');
    expect(aud.endsWith('/restapi')).toBe(true);
    expectJane(await lookupWith(await fake.token({ aud })));
  });

  it('accepts aud equal to the origin of adminRestApiUrl', async () => {
    const aud = new URL(fake.apiKey.adminRestApiUrl).origin;
    if (overHttp(mode)) expect(aud).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+$/);
    expectJane(await lookupWith(await fake.token({ aud })));
  });

  it('accepts an aud array that holds adminRestApiUrl', async () => {
    const token = await signRs256(
      claims({ aud: ['https://elsewhere.example.com/', fake.apiKey.adminRestApiUrl] }),
      tenantKey(),
    );
    expectJane(await lookupWith(token));
  });

  it('returns 403 "Expired Access Token is not allowed" when the token expired more than 60 s ago', async () => {
    const answer = await lookupWith(await fake.token({ iat: NOW_S - 3661 }));
    expectForbidden(answer, `expired: exp ${NOW_S - 61} is before now ${NOW_S} minus 60 s skew`, EXPIRED_MESSAGE);
  });

  it('accepts a token that expired exactly 60 s ago (clock skew)', async () => {
    expectJane(await lookupWith(await fake.token({ iat: NOW_S - 3660 })));
  });

  it('returns 403 "Expired Access Token is not allowed" when iat is more than 1 h + 60 s in the past', async () => {
    const answer = await lookupWith(await fake.token({ iat: NOW_S - 3661, lifetimeSeconds: 3660 }));
    expectForbidden(
      answer,
      `issued too long ago: iat ${NOW_S - 3661} is more than 3600 s (+60 s skew) before now ${NOW_S}`,
      EXPIRED_MESSAGE,
    );
  });

  it('accepts a token issued in the future, as the vendor forbids only an old iat', async () => {
    expectJane(await lookupWith(await fake.token({ iat: NOW_S + 600, lifetimeSeconds: 60 })));
  });

  it('accepts iat = exp = now + 58 min with no typ, as the vendor SE library (java-jwt 3.1.0) signs', async () => {
    const at = NOW_S + 58 * 60;
    const token = await new SignJWT(claims({ iat: at, exp: at }))
      .setProtectedHeader({ alg: 'RS256' })
      .sign(tenantKey());
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toEqual({ alg: 'RS256' });
    expectJane(await lookupWith(token));
  });

  it('accepts exp exactly 1 h + 60 s ahead (clock skew)', async () => {
    expectJane(await lookupWith(await fake.token({ iat: NOW_S + 60 })));
  });

  it('returns 403 when exp is more than 1 h + 60 s ahead', async () => {
    const answer = await lookupWith(await fake.token({ iat: NOW_S + 61 }));
    expectForbidden(
      answer,
      `expires too far ahead: exp ${NOW_S + 3661} is more than 3600 s (+60 s skew) after now ${NOW_S}`,
    );
  });

  it('ignores nbf, as the vendor ignores every other claim', async () => {
    const token = await signRs256(claims({ nbf: NOW_S + 3000, jti: 'ignored', scope: 42 }), tenantKey());
    expectJane(await lookupWith(token));
  });

  it('returns 403 when typ is present and not JWT', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ typ: 'at+jwt', alg: 'RS256' }).sign(tenantKey());
    expectForbidden(await lookupWith(token), 'unsupported typ "at+jwt": only JWT is accepted');
  });

  it('accepts the scheme word in any case ("bearer") and typ in any case ("jwt")', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ typ: 'jwt', alg: 'RS256' }).sign(tenantKey());
    expectJane(await lookupWith(null, { authorization: `bearer ${token}` }));
  });

  it('returns 403 when exp is before iat', async () => {
    const token = await signRs256(claims({ iat: NOW_S, exp: NOW_S - 1 }), tenantKey());
    expectForbidden(await lookupWith(token), 'exp is before iat');
  });

  it('accepts a lifetime of 3601 s, as clients that read the clock twice produce', async () => {
    expectJane(await lookupWith(await fake.token({ lifetimeSeconds: 3601 })));
  });

  it('accepts a lifetime of 3660 s (one hour plus the skew)', async () => {
    expectJane(await lookupWith(await fake.token({ lifetimeSeconds: 3660 })));
  });

  it('returns 403 when the lifetime is 3661 s', async () => {
    const answer = await lookupWith(await fake.token({ lifetimeSeconds: 3661 }));
    expectForbidden(answer, 'lifetime too long: exp - iat is 3661 s, at most 3600 s (+60 s skew) allowed');
  });

  it('returns 403 when exp is missing', async () => {
    const token = await signRs256(claims({ exp: undefined }), tenantKey());
    expectForbidden(await lookupWith(token), 'missing or non-numeric exp claim');
  });

  it('reuses one token for many calls', async () => {
    const token = await fake.token();
    for (let i = 0; i < 20; i++) expectJane(await lookupWith(token));
    expect(fake.controls.journal({ operationId: 'lookupUser', status: 200 })).toHaveLength(20);
  });

  it('refuses a cached token once the clock passes its expiry plus the skew', async () => {
    const token = await fake.token();
    expectJane(await lookupWith(token));
    fake.tenant.clock.advance(3660 * 1000);
    const stillValid = await lookupWith(token);
    expect(stillValid.status).toBe(200);
    fake.tenant.clock.advance(1000);
    const answer = await lookupWith(token);
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ timestamp: START_MS + 3661 * 1000, message: EXPIRED_MESSAGE });
    expect(answer.headers.get('x-fake-reason')).toBe(
      `expired: exp ${NOW_S + 3600} is before now ${NOW_S + 3661} minus 60 s skew`,
    );
  });

  it('changes nothing when an enable is refused for its token', async () => {
    const before = fake.controls.exportState();
    const id = fake.controls.user(JANE)?.id ?? '';
    const answer = await fake.call(
      'PUT',
      `v1/users/${id}/emergencyTokencode`,
      { expirationDays: 7 },
      { token: await fake.token({ sub: 'intruder' }) },
    );
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ path: `/AdminInterface/restapi/v1/users/${id}/emergencyTokencode` });
    expect(fake.controls.exportState()).toEqual(before);
    expect(fake.controls.user(JANE)).toMatchObject({ emergencyAccessStatus: 'Disabled', emergencyTokencodeId: null });
  });
});
