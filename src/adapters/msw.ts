/** msw request handlers over the core: one catch-all handler for the fake's origin. */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { FakeCore } from '../fake.js';
import { fromWebRequest, toWebResponse } from './web.js';

/** Creates the msw handlers that serve every request to the fake's origin. */
export function createHandlers(fake: FakeCore): HttpHandler[] {
  return [
    http.all(`${fake.baseUrl}/*`, async ({ request }) => {
      const response = await fake.handle(await fromWebRequest(request, fake.core.maxBodyBytes));
      if (response.networkError) return HttpResponse.error();
      return toWebResponse(response);
    }),
  ];
}
