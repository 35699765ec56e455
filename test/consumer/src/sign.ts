/** Signs the vendor's RS256 JWT from a key file with node:crypto, as a client with no JWT library does. */
import { createSign } from 'node:crypto';

/** The fields of the vendor's API key file this client reads. */
export interface KeyFile {
  accessID: string;
  accessKey: string;
  adminRestApiUrl: string;
}

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token valid for an hour from the machine's clock. */
export function signJwt(key: KeyFile): string {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ typ: 'JWT', alg: 'RS256' })}.${part({ sub: key.accessID, aud: key.adminRestApiUrl, iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key.accessKey).toString('base64url')}`;
}

/** Calls the API and returns the parsed body, throwing on an error status. */
export async function call<T>(key: KeyFile, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${key.adminRestApiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${signJwt(key)}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return (text === '' ? null : JSON.parse(text)) as T;
}
