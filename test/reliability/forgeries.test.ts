/**
 * The forgery catalogue, in every transport: tokens an attacker could make without the tenant's key (alg none, HS256
 * keyed with the public key, another key, kid/jku/jwk/x5u/crit headers, duplicate claims, claims of the wrong type,
 * aud variants, tampering). Every one answers the vendor's 403 envelope and changes nothing.
 */
import { createHmac, createPrivateKey, createPublicKey, createSign, generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, startMode, type Harness } from '../support/modes.js';
import { assertMatchesContract } from '../support/contract.js';
import { count, createTally, note, report } from './tally.js';

const JANE = 'jane.doe@example.com';
const tally = createTally();
afterAll(() => {
  report('forgeries', tally);
});

const b64 = (value: string | Buffer): string => Buffer.from(value).toString('base64url');
const part = (value: unknown): string => b64(typeof value === 'string' ? value : JSON.stringify(value));
const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

function rs(
  alg: 'RS256' | 'RS384' | 'RS512',
  input: string,
  key: Parameters<ReturnType<typeof createSign>['sign']>[0],
) {
  return createSign(`SHA${alg.slice(2)}`)
    .update(input)
    .sign(key)
    .toString('base64url');
}

/** A token from raw header and claims text (so duplicate keys survive), signed as `sign` says. */
function token(header: unknown, claims: unknown, sign: (input: string) => string): string {
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${sign(input)}`;
}

interface World {
  key: ReturnType<typeof createPrivateKey>;
  publicPem: string;
  claims: Record<string, unknown>;
  victim: string;
  url: string;
}

/** Each forgery: a name and how to make it from what an attacker knows (the public key, the claims' shape). */
const FORGERIES: [string, (w: World) => string][] = [
  ['alg none, no signature', (w) => `${part({ alg: 'none', typ: 'JWT' })}.${part(w.claims)}.`],
  ['alg none with the real signature kept', (w) => token({ alg: 'none' }, w.claims, (i) => rs('RS256', i, w.key))],
  ['alg "None"', (w) => `${part({ alg: 'None' })}.${part(w.claims)}.`],
  [
    'HS256 keyed with the public key PEM',
    (w) =>
      token({ alg: 'HS256', typ: 'JWT' }, w.claims, (i) =>
        createHmac('sha256', w.publicPem).update(i).digest('base64url'),
      ),
  ],
  [
    'HS256 keyed with an empty secret',
    (w) => token({ alg: 'HS256' }, w.claims, (i) => createHmac('sha256', '').update(i).digest('base64url')),
  ],
  ['RS256 signed with another key', (w) => token({ alg: 'RS256', typ: 'JWT' }, w.claims, (i) => rs('RS256', i, other))],
  [
    'RS384 with the right key (only RS256 is accepted)',
    (w) => token({ alg: 'RS384' }, w.claims, (i) => rs('RS384', i, w.key)),
  ],
  ['PS256 header over an RS256 signature', (w) => token({ alg: 'PS256' }, w.claims, (i) => rs('RS256', i, w.key))],
  ['alg "rs256" in lower case', (w) => token({ alg: 'rs256' }, w.claims, (i) => rs('RS256', i, w.key))],
  [
    'another key with a jwk header embedding its public key',
    (w) =>
      token({ alg: 'RS256', jwk: createPublicKey(other).export({ format: 'jwk' }) }, w.claims, (i) =>
        rs('RS256', i, other),
      ),
  ],
  [
    'another key with a jku header',
    (w) => token({ alg: 'RS256', jku: 'http://127.0.0.1:1/jwks.json' }, w.claims, (i) => rs('RS256', i, other)),
  ],
  [
    'another key with an x5u header',
    (w) => token({ alg: 'RS256', x5u: 'http://127.0.0.1:1/cert.pem' }, w.claims, (i) => rs('RS256', i, other)),
  ],
  [
    'another key with a kid naming the tenant',
    (w) => token({ alg: 'RS256', kid: w.claims.sub }, w.claims, (i) => rs('RS256', i, other)),
  ],
  [
    'another key with a kid path traversal',
    (w) => token({ alg: 'RS256', kid: '../../../../dev/null' }, w.claims, (i) => rs('RS256', i, other)),
  ],
  [
    'a crit header naming an unknown extension',
    (w) => token({ alg: 'RS256', crit: ['x-unknown'], 'x-unknown': 1 }, w.claims, (i) => rs('RS256', i, w.key)),
  ],
  [
    'crit b64:false (unencoded payload)',
    (w) => token({ alg: 'RS256', b64: false, crit: ['b64'] }, w.claims, (i) => rs('RS256', i, w.key)),
  ],
  ['typ JWS', (w) => token({ alg: 'RS256', typ: 'JWS' }, w.claims, (i) => rs('RS256', i, w.key))],
  [
    'duplicate sub, the victim last, signed with the attacker key',
    (w) => {
      const claims = JSON.stringify(w.claims)
        .replace('{', `{"sub":${JSON.stringify(w.claims.sub)},`)
        .replace(/"sub":("[^"]*")}?$/, '');
      const text = claims.replace(/,"sub":"[^"]*"/, `,"sub":${JSON.stringify(w.victim)}`);
      return token({ alg: 'RS256' }, text, (i) => rs('RS256', i, w.key));
    },
  ],
  [
    'the victim sub, signed with the attacker key',
    (w) => token({ alg: 'RS256' }, { ...w.claims, sub: w.victim }, (i) => rs('RS256', i, w.key)),
  ],
  ['sub as a number', (w) => token({ alg: 'RS256' }, { ...w.claims, sub: 1 }, (i) => rs('RS256', i, w.key))],
  [
    'sub as an array',
    (w) => token({ alg: 'RS256' }, { ...w.claims, sub: [w.claims.sub] }, (i) => rs('RS256', i, w.key)),
  ],
  ['iat as text', (w) => token({ alg: 'RS256' }, { ...w.claims, iat: 'now' }, (i) => rs('RS256', i, w.key))],
  ['exp as an object', (w) => token({ alg: 'RS256' }, { ...w.claims, exp: { n: 1 } }, (i) => rs('RS256', i, w.key))],
  [
    'exp missing',
    (w) => {
      const rest = { ...w.claims };
      delete rest.exp;
      return token({ alg: 'RS256' }, rest, (i) => rs('RS256', i, w.key));
    },
  ],
  [
    'a lifetime of a day',
    (w) => token({ alg: 'RS256' }, { ...w.claims, exp: Number(w.claims.iat) + 86_400 }, (i) => rs('RS256', i, w.key)),
  ],
  [
    'expired a day ago',
    (w) =>
      token(
        { alg: 'RS256' },
        { ...w.claims, iat: Number(w.claims.iat) - 90_000, exp: Number(w.claims.iat) - 86_400 },
        (i) => rs('RS256', i, w.key),
      ),
  ],
  [
    'issued in the future',
    (w) =>
      token(
        { alg: 'RS256' },
        { ...w.claims, iat: Number(w.claims.iat) + 7200, exp: Number(w.claims.iat) + 7300 },
        (i) => rs('RS256', i, w.key),
      ),
  ],
  [
    'aud of another host',
    (w) =>
      token({ alg: 'RS256' }, { ...w.claims, aud: 'https://evil.example/AdminInterface/restapi/' }, (i) =>
        rs('RS256', i, w.key),
      ),
  ],
  [
    'aud http instead of https (or the reverse)',
    (w) =>
      token(
        { alg: 'RS256' },
        {
          ...w.claims,
          aud: w.url.startsWith('https') ? w.url.replace('https', 'http') : w.url.replace('http', 'https'),
        },
        (i) => rs('RS256', i, w.key),
      ),
  ],
  [
    'aud in upper case',
    (w) => token({ alg: 'RS256' }, { ...w.claims, aud: w.url.toUpperCase() }, (i) => rs('RS256', i, w.key)),
  ],
  [
    'aud with a longer path',
    (w) => token({ alg: 'RS256' }, { ...w.claims, aud: `${w.url}v1/` }, (i) => rs('RS256', i, w.key)),
  ],
  ['aud as an empty list', (w) => token({ alg: 'RS256' }, { ...w.claims, aud: [] }, (i) => rs('RS256', i, w.key))],
  ['aud as a number', (w) => token({ alg: 'RS256' }, { ...w.claims, aud: 1 }, (i) => rs('RS256', i, w.key))],
  [
    'aud missing',
    (w) => {
      const rest = { ...w.claims };
      delete rest.aud;
      return token({ alg: 'RS256' }, rest, (i) => rs('RS256', i, w.key));
    },
  ],
  [
    'claims changed after signing',
    (w) => {
      const good = token({ alg: 'RS256' }, w.claims, (i) => rs('RS256', i, w.key));
      const [header, , signature] = good.split('.');
      return `${header ?? ''}.${part({ ...w.claims, sub: w.victim })}.${signature ?? ''}`;
    },
  ],
  [
    'the signature cut off',
    (w) => token({ alg: 'RS256' }, w.claims, (i) => rs('RS256', i, w.key)).replace(/\.[^.]*$/, '.'),
  ],
  [
    'a signature of another token',
    (w) => {
      const first = token({ alg: 'RS256' }, { ...w.claims, jti: 1 }, (i) => rs('RS256', i, w.key));
      return `${part({ alg: 'RS256' })}.${part({ ...w.claims, sub: w.victim })}.${first.split('.')[2] ?? ''}`;
    },
  ],
  ['four segments', (w) => `${token({ alg: 'RS256' }, w.claims, (i) => rs('RS256', i, w.key))}.x`],
  ['a header that is not JSON', (w) => `${b64('{alg:RS256')}.${part(w.claims)}.x`],
];

describe.each(MODES)('forged tokens over %s', (mode) => {
  let fake: Harness;
  let world: World;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 4, clock: { start: '2026-03-01T09:00:00.000Z' } });
    // The attacker holds one tenant's key (their own) and attacks the default tenant.
    const attacker = fake.core.createTenant();
    const iat = Math.floor(fake.tenant.clock.now() / 1000);
    const key = createPrivateKey(attacker.apiKey.accessKey);
    world = {
      key,
      publicPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString(),
      claims: { sub: attacker.accessId, aud: attacker.apiKey.adminRestApiUrl, iat, exp: iat + 3600 },
      victim: fake.apiKey.accessID,
      url: attacker.apiKey.adminRestApiUrl,
    };
  });
  afterEach(() => fake.stop());

  it.each(FORGERIES)('refuses %s with the 403 envelope and changes nothing', async (name, make) => {
    const forged = make(world);
    // Lifetimes and attacker-key forgeries aside, those keyed with the attacker's key must fail on it, the rest on
    // the victim's: either way a 403, and neither tenant changes.
    const before = JSON.stringify([fake.tenant.exportState(), fake.core.tenantIds()]);
    const id = fake.tenant.store.findByEmail(JANE)?.id ?? '';
    const answer = await fake.call(
      'PUT',
      `v1/users/${id}/emergencyTokencode`,
      { expirationDays: 1 },
      { token: forged },
    );
    count(tally, answer.status, () => `${mode} ${name} -> ${answer.status}`);
    if (answer.status !== 403) {
      tally.forgeriesAccepted += 1;
      note(tally, `accepted: ${mode} ${name} -> ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    expect(answer.status, name).toBe(403);
    assertMatchesContract('enableEmergencyTokencodeV1', 403, answer.body);
    expect(answer.body).toMatchObject({ status: 403, error: 'Forbidden' });
    expect(JSON.stringify([fake.tenant.exportState(), fake.core.tenantIds()])).toBe(before);
    if (JSON.stringify([fake.tenant.exportState(), fake.core.tenantIds()]) !== before)
      tally.stateChangesOnRejection += 1;
  });

  it('accepts the attacker token itself for the attacker tenant only (the catalogue is not refusing everything)', async () => {
    const good = token({ alg: 'RS256', typ: 'JWT' }, world.claims, (i) => rs('RS256', i, world.key));
    const answer = await fake.call('POST', 'v1/users/lookup', { email: JANE, searchUnsynched: false }, { token: good });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ emailAddress: JANE });
  });
});
