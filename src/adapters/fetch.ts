/** A standard fetch function served by the core directly, with no interception: for clients that accept one. */
import type { FakeCore } from '../fake.js';
import { fromWebRequest, toWebResponse } from './web.js';

/**
 * Creates a fetch function over the fake. A network fault rejects the promise with a TypeError, as fetch does.
 * @example createClient<paths>({ baseUrl, fetch: createFetch(fake) })
 */
export function createFetch(fake: FakeCore): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const response = await fake.handle(await fromWebRequest(request, fake.core.maxBodyBytes));
    if (response.networkError)
      throw new TypeError(
        `fetch failed: connection ${response.networkError === 'reset' ? 'reset' : 'error'} (fault injected by cloud-admin-fake)`,
      );
    return toWebResponse(response);
  };
}
