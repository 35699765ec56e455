/** A standard fetch function served by the core directly, with no interception: for clients that accept one. */
import type { OriginHandler } from '../core/http-types.js';
import { fromWebRequest, toWebResponse } from './web.js';

/**
 * Creates a fetch function over the fake. It answers requests under the fake's baseUrl only, like the msw handlers;
 * any other URL, and a network fault, rejects the promise with a TypeError, as fetch does.
 * @example createClient<paths>({ baseUrl, fetch: createFetch(fake) })
 */
export function createFetch(fake: OriginHandler): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    if (!request.url.startsWith(`${fake.baseUrl}/`))
      throw new TypeError(
        `Failed to fetch ${request.url}: this fetch serves only the fake at ${fake.baseUrl}. Call the fake's adminRestApiUrl, or use the global fetch for other hosts.`,
      );
    const read = await fromWebRequest(request, fake.maxBodyBytes);
    // A body that never arrived whole is no request: reject as fetch does, acting on nothing.
    if (!read) throw new TypeError('fetch failed: the request body could not be read whole (nothing was done)');
    const response = await fake.handle(read);
    if (response.networkError)
      throw new TypeError(
        `fetch failed: connection ${response.networkError === 'reset' ? 'reset' : 'error'} (fault injected by cloud-admin-fake)`,
      );
    return toWebResponse(response);
  };
}
