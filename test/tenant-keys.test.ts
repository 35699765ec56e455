/**
 * Every access ID has an accessKey of its own. Every tenant and the default key used to share one RSA key, so a
 * client holding one tenant's key file could sign tokens for another tenant's access ID and pass.
 */
import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFake } from '../src/create-fake.js';
import { MODES, startMode, type Harness } from './support/modes.js';

const START = '2026-03-01T09:00:00.000Z';
const NOW_S = Date.parse(START) / 1000;
const JANE = 'jane.doe@example.com';

describe.each(MODES)('tenant keys over %s', (mode) => {
  let fake: Harness;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
  });
  afterEach(() => fake.stop());

  it('gives two tenants of one fake different accessKeys', () => {
    const other = fake.core.createTenant().apiKey;
    expect(other.accessID).not.toBe(fake.apiKey.accessID);
    expect(other.accessKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(other.accessKey).not.toBe(fake.apiKey.accessKey);
  });

  it("refuses a token signed with one tenant's accessKey for another tenant's access ID", async () => {
    const other = fake.core.createTenant({ clock: { start: START } }).apiKey;
    const forged = await new SignJWT({
      sub: other.accessID,
      aud: other.adminRestApiUrl,
      iat: NOW_S,
      exp: NOW_S + 3600,
    })
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256' })
      .sign(createPrivateKey(fake.apiKey.accessKey));
    const answer = await fake.call('POST', 'v1/users/lookup', { email: JANE }, { token: forged });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('x-fake-reason')).toBe('bad signature: not signed by the accessKey of this access ID');
    expect(answer.body).toMatchObject({
      status: 403,
      error: 'Forbidden',
      path: '/AdminInterface/restapi/v1/users/lookup',
    });

    const genuine = await new SignJWT({
      sub: other.accessID,
      aud: other.adminRestApiUrl,
      iat: NOW_S,
      exp: NOW_S + 3600,
    })
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256' })
      .sign(createPrivateKey(other.accessKey));
    const accepted = await fake.call('POST', 'v1/users/lookup', { email: JANE }, { token: genuine });
    expect(accepted.status).toBe(200);
  });
});

describe('keys of fakes made again', () => {
  it('gives the same key file to a fake made again with the same seed, without generating a new key', () => {
    const first = createFake({ seed: 4242 });
    const again = createFake({ seed: 4242 });
    // Two generated RSA keys are never equal: the same key is the cached one, so no 0.1 s spent generating it.
    expect(again.apiKey).toEqual(first.apiKey);
    expect(again.createTenant().apiKey.accessKey).toBe(first.createTenant().apiKey.accessKey);
  });

  it('gives fakes with different seeds different access IDs and keys', () => {
    const one = createFake({ seed: 4243 }).apiKey;
    const two = createFake({ seed: 4244 }).apiKey;
    expect(two.accessID).not.toBe(one.accessID);
    expect(two.accessKey).not.toBe(one.accessKey);
  });
});
