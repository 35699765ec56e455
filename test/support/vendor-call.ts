/** A vendor call as a client makes it: a fresh token from the key file, JSON in, the status and JSON body out. */
import type { ApiKeyFile } from '../../src/core/api-key.js';
import { signToken } from '../../src/core/sign-token.js';

/** Calls `method path` (relative to adminRestApiUrl) with a token signed at the machine's time. */
export async function vendorCall(
  apiKey: ApiKeyFile,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${apiKey.adminRestApiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await signToken(apiKey)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Looks jane up. */
export const lookupJane = (apiKey: ApiKeyFile): Promise<{ status: number; body: unknown }> =>
  vendorCall(apiKey, 'POST', 'v1/users/lookup', { email: 'jane.doe@example.com' });
