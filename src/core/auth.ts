/** Verifies the vendor's legacy bearer JWT (RS256, signed with the API key file's accessKey). */
import { MESSAGES } from './errors.js';
import { loadSpec } from './spec.js';
import { loadJose } from './api-key.js';

/** The legacy JWT's security scheme in the contract, with the limits the fake enforces. */
const scheme = loadSpec().components.securitySchemes?.legacyJwt as
  { 'x-clock-skew-seconds': number; 'x-max-lifetime-seconds': number } | undefined;
if (!scheme) throw new Error('Failed to read the legacyJwt security scheme from openapi/cloud-admin.yaml.');

/** The clock skew the vendor tolerates (D-JWT), from the contract's `x-clock-skew-seconds`. */
export const CLOCK_SKEW_SECONDS = scheme['x-clock-skew-seconds'];
/** How long after issue a token may expire (D-JWT), from the contract's `x-max-lifetime-seconds`. */
export const MAX_LIFETIME_SECONDS = scheme['x-max-lifetime-seconds'];

/** What the authenticator needs to know about one access ID. */
export interface AccessKey {
  accessId: string;
  /** The public key tokens of this access ID are verified with (imported on first use). */
  verifyKey(): Promise<CryptoKey>;
  /** The `aud` values accepted for this key (see `audiencesFor`). */
  audiences: ReadonlySet<string>;
  /** The clock this key's tenant lives by. */
  now(): number;
}

/**
 * The outcome of checking an Authorization header, with the key the token named (found once, so callers need not
 * look the tenant up again).
 */
export type AuthResult<K extends AccessKey = AccessKey> =
  { ok: true; accessId: string; key: K } | { ok: false; message: string; reason: string; accessId?: string; key?: K };

/** Checks bearer tokens; a verified token is cached until it expires, so reuse costs one map lookup. */
export interface Authenticator<K extends AccessKey = AccessKey> {
  /**
   * Checks a token. `judgeTimes: false` skips iat/exp (the control plane: a tenant whose clock was moved far
   * from the token's iat can still be controlled, and moved back).
   */
  verify(authorization: string | undefined, options?: { judgeTimes?: boolean }): Promise<AuthResult<K>>;
  /**
   * The same check without waiting, when it needs no signature verified (a header that is no bearer token, or a
   * token verified before); undefined when it does (then call `verify`). The request path takes it to stay
   * synchronous for the tokens clients reuse.
   */
  check(authorization: string | undefined, options?: { judgeTimes?: boolean }): AuthResult<K> | undefined;
  /** Forgets cached verifications, e.g. after a key is removed. */
  clearCache(): void;
}

interface Verified {
  accessId: string;
  iat: number;
  exp: number;
}

/** Largest number of verified tokens kept; real clients reuse one token for up to an hour. */
const CACHE_LIMIT = 10_000;

/**
 * The sets made, by API URL: the tenants of a fake share one URL, so they share one set (four strings and a set less
 * per tenant for the garbage collector to copy). Given out as read-only sets, as nothing changes them.
 */
const audienceSets = new Map<string, ReadonlySet<string>>();

/**
 * The audiences accepted for an adminRestApiUrl: the URL with or without one trailing slash (D-JWT), and its
 * origin with or without a slash, which an open-source client sends and the vendor evidently accepts.
 */
export function audiencesFor(adminRestApiUrl: string): ReadonlySet<string> {
  let audiences = audienceSets.get(adminRestApiUrl);
  if (!audiences) {
    const trimmed = adminRestApiUrl.replace(/\/$/, '');
    const origin = new URL(trimmed).origin;
    audiences = new Set([trimmed, `${trimmed}/`, origin, `${origin}/`]);
    if (audienceSets.size >= 64) audienceSets.clear();
    audienceSets.set(adminRestApiUrl, audiences);
  }
  return audiences;
}

const fail = (
  reason: string,
  message: string = MESSAGES.forbiddenToken,
): { ok: false; message: string; reason: string } => ({
  ok: false,
  message,
  reason,
});

/** Reads a NumericDate claim; the vendor's own sample sends them as strings, so integer strings pass. */
function numericClaim(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^[0-9]{1,12}$/.test(value)) return Number(value);
  return undefined;
}

/**
 * The vendor's time rules (D-JWT), each marked in the contract under the scheme's `x-token-rules`: exp not in
 * the past and at most one hour ahead, iat at most one hour in the past, each with the 60 s skew. A future iat
 * passes (the vendor's SE library signs iat = exp = now + 58 min) and nbf is ignored ("All other claims are
 * ignored"). A token that is too old gets the message the Splunk add-on waits for before it signs a new one.
 */
function checkTimes(token: Verified, nowMs: number): { ok: false; message: string; reason: string } | undefined {
  const now = nowMs / 1000;
  if (token.exp < now - CLOCK_SKEW_SECONDS) {
    return fail(
      `expired: exp ${token.exp} is before now ${Math.floor(now)} minus ${CLOCK_SKEW_SECONDS} s skew`,
      MESSAGES.forbiddenExpired,
    );
  }
  if (token.iat < now - MAX_LIFETIME_SECONDS - CLOCK_SKEW_SECONDS) {
    return fail(
      `issued too long ago: iat ${token.iat} is more than ${MAX_LIFETIME_SECONDS} s (+${CLOCK_SKEW_SECONDS} s skew) before now ${Math.floor(now)}`,
      MESSAGES.forbiddenExpired,
    );
  }
  if (token.exp > now + MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
    return fail(
      `expires too far ahead: exp ${token.exp} is more than ${MAX_LIFETIME_SECONDS} s (+${CLOCK_SKEW_SECONDS} s skew) after now ${Math.floor(now)}`,
    );
  }
  return undefined;
}

/** The default of check's options (shared, frozen): check runs on every request. */
const JUDGE_TIMES: { judgeTimes?: boolean } = Object.freeze({});

/** Creates an authenticator over a lookup of keys by access ID (the JWT's `sub`). */
export function createAuthenticator<K extends AccessKey>(
  findKey: (accessId: string) => K | undefined,
): Authenticator<K> {
  const cache = new Map<string, Verified>();
  // The answer for a token accepted for a key, one per key (it names the key and its access ID alone), not a new
  // object per request. Weak: a deleted tenant's key is not kept alive by it (nor by the cache, whose entries hold
  // only an access ID and times).
  const accepted = new WeakMap<K, AuthResult<K>>();

  async function verifyFresh(token: string): Promise<AuthResult<K> | Verified> {
    const { compactVerify, decodeJwt, decodeProtectedHeader } = await loadJose();
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      return fail('malformed token: not a compact JWS with a JSON header and claims');
    }
    if (header.alg !== 'RS256')
      return fail(`unsupported alg ${JSON.stringify(header.alg ?? null)}: only RS256 is accepted`);
    // A JWT is never an unencoded-payload JWS (RFC 7797), and the vendor's tokens name no critical extension.
    if (header.crit !== undefined || header.b64 !== undefined)
      return fail('unsupported crit or b64 header: a JWT carries neither');
    // A missing typ passes (java-jwt 3.1.0, used by the vendor's SE library, sends none); any other is refused.
    if (header.typ !== undefined && (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT')) {
      return fail(`unsupported typ ${JSON.stringify(header.typ)}: only JWT is accepted`);
    }
    if (typeof claims.sub !== 'string' || claims.sub === '')
      return fail('missing sub claim (the access ID)', MESSAGES.forbiddenAccessId);
    const key = findKey(claims.sub);
    if (!key) return fail(`unknown access ID in sub: ${claims.sub.slice(0, 64)}`, MESSAGES.forbiddenAccessId);
    const sub = claims.sub;
    const known = (reason: string, message?: string): AuthResult<K> => ({
      ...fail(reason, message),
      accessId: sub,
      key,
    });
    let publicKey: CryptoKey;
    try {
      publicKey = await key.verifyKey();
    } catch (error) {
      return known(`the tenant's key cannot verify: ${(error as Error).message}`);
    }
    try {
      await compactVerify(token, publicKey, { algorithms: ['RS256'] });
    } catch {
      return known('bad signature: not signed by the accessKey of this access ID');
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((aud) => typeof aud === 'string' && key.audiences.has(aud))) {
      return known(
        `wrong audience ${JSON.stringify(claims.aud ?? null)}: expected adminRestApiUrl or its origin`,
        MESSAGES.forbiddenAudience,
      );
    }
    const iat = numericClaim(claims.iat);
    const exp = numericClaim(claims.exp);
    if (iat === undefined) return known('missing or non-numeric iat claim');
    if (exp === undefined) return known('missing or non-numeric exp claim');
    if (exp - iat > MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
      return known(
        `lifetime too long: exp - iat is ${exp - iat} s, at most ${MAX_LIFETIME_SECONDS} s (+${CLOCK_SKEW_SECONDS} s skew) allowed`,
      );
    }
    if (exp < iat) return known('exp is before iat');
    return { accessId: claims.sub, iat, exp };
  }

  // The last header and the token in it: a client resends the same header for up to an hour, so the regular
  // expression runs, and the token string's hash for the cache is computed, once per token rather than per request.
  let lastAuthorization: string | undefined;
  let lastToken = '';

  /** The token of a `Bearer <JWT>` header, or why the header is not one. */
  function tokenOf(authorization: string | undefined): string | AuthResult<K> {
    if (authorization === undefined || authorization === '') return fail('missing Authorization header');
    if (authorization === lastAuthorization) return lastToken;
    const match = /^Bearer +(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) return fail('Authorization header is not "Bearer <JWT>"');
    lastAuthorization = authorization;
    lastToken = match[1];
    return lastToken;
  }

  /** Judges a verified token now: its access ID must still name a key, and its times must hold. */
  function judge(token: string, verified: Verified, options: { judgeTimes?: boolean }): AuthResult<K> {
    const key = findKey(verified.accessId);
    if (!key) {
      cache.delete(token);
      return fail(`unknown access ID in sub: ${verified.accessId}`, MESSAGES.forbiddenAccessId);
    }
    if (options.judgeTimes !== false) {
      const timed = checkTimes(verified, key.now());
      if (timed !== undefined) {
        cache.delete(token);
        return { ...timed, accessId: verified.accessId, key };
      }
    }
    let result = accepted.get(key);
    if (result === undefined) {
      result = Object.freeze({ ok: true, accessId: verified.accessId, key });
      accepted.set(key, result);
    }
    return result;
  }

  function check(
    authorization: string | undefined,
    options: { judgeTimes?: boolean } = JUDGE_TIMES,
  ): AuthResult<K> | undefined {
    const token = tokenOf(authorization);
    if (typeof token !== 'string') return token;
    const verified = cache.get(token);
    return verified === undefined ? undefined : judge(token, verified, options);
  }

  return {
    check,
    async verify(authorization, options = {}) {
      const settled = check(authorization, options);
      if (settled) return settled;
      const token = tokenOf(authorization) as string;
      const result = await verifyFresh(token);
      if ('ok' in result) return result;
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(token, result);
      return judge(token, result, options);
    },
    clearCache: () => cache.clear(),
  };
}
