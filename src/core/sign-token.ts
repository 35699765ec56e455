/**
 * Signs the vendor's legacy JWT from a key file, exactly as a client of the real tenant does, with WebCrypto (through
 * jose), so it works in Node and in browsers alike.
 */
import { keysOf, loadJose, type ApiKeyFile } from './api-key.js';
import { MAX_LIFETIME_SECONDS } from './auth.js';

/** Claims to override, e.g. to forge a bad token in a test. */
export interface TokenOptions {
  /** Issued-at in epoch seconds; default now (from `now`). */
  iat?: number;
  /** Lifetime in seconds; default the most the vendor allows (3600, the contract's x-max-lifetime-seconds). */
  lifetimeSeconds?: number;
  /** Audience; default the key file's adminRestApiUrl. */
  aud?: string;
  /** Subject; default the key file's accessID. */
  sub?: string;
  /** The clock reading in epoch ms; default Date.now(). */
  now?: number;
}

/**
 * Signs `{sub: accessID, aud: adminRestApiUrl, iat, exp}` with RS256 and the key file's accessKey.
 * @example const token = await signToken(fake.apiKey); fetch(url, { headers: { authorization: `Bearer ${token}` } });
 */
export async function signToken(apiKey: ApiKeyFile, options: TokenOptions = {}): Promise<string> {
  const iat = options.iat ?? Math.floor((options.now ?? Date.now()) / 1000);
  const [{ SignJWT }, { sign }] = await Promise.all([loadJose(), keysOf(apiKey)]);
  return new SignJWT({
    sub: options.sub ?? apiKey.accessID,
    aud: options.aud ?? apiKey.adminRestApiUrl,
    iat,
    exp: iat + (options.lifetimeSeconds ?? MAX_LIFETIME_SECONDS),
  })
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256' })
    .sign(sign);
}
