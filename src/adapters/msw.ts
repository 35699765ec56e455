/** msw request handlers over the core: one catch-all handler for the fake's origin. */
// msw/core/http, not msw: the package's root entry also loads its GraphQL and WebSocket support, which costs hundreds
// of milliseconds at import and is none of the fake's. Loaded on first use (msw-load.ts), not at import.
import type { HttpHandler } from 'msw';
import { loadMswHttp } from './msw-load.js';
import type { OriginHandler } from '../core/http-types.js';
import { fromWebRequest, toWebResponse } from './web.js';

/** How the handlers behave. */
export interface HandlerOptions {
  /** While it returns false the handlers match nothing and msw tries the next one (a nested helper's fake). */
  isActive?: () => boolean;
}

/** Creates the msw handlers that serve every request to the fake's origin. */
export function createHandlers(fake: OriginHandler, options: HandlerOptions = {}): HttpHandler[] {
  const isActive = options.isActive ?? (() => true);
  const http = loadMswHttp();
  return [
    // A predicate, not a path pattern: msw decodes path patterns and throws on a malformed percent-encoding.
    http.all(
      ({ request }) => isActive() && request.url.startsWith(`${fake.baseUrl}/`),
      async ({ request }) => {
        const read = await fromWebRequest(request, fake.maxBodyBytes);
        // A body that never arrived whole is no request: fail it as the network would, acting on nothing.
        if (!read) return Response.error();
        const response = await fake.handle(read);
        if (response.networkError) return Response.error();
        return toWebResponse(response);
      },
    ),
  ];
}
