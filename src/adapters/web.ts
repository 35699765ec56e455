/** Translation between WHATWG Request/Response (fetch, msw) and the core's request and response. */
import type { CoreRequest, CoreResponse } from '../core/http-types.js';

const decoder = new TextDecoder();

/**
 * Reads a WHATWG Request into a core request, stopping at `maxBodyBytes` (the rest is never buffered). A body whose
 * stream fails before its end gives undefined: the request did not arrive whole, and nothing may act on it.
 */
export async function fromWebRequest(request: Request, maxBodyBytes: number): Promise<CoreRequest | undefined> {
  const core: CoreRequest = {
    method: request.method,
    // URL() normalises dot segments; the raw path is what a server would see, so take it from the string.
    path: rawPathOf(request.url) ?? new URL(request.url).pathname,
    query: queryOf(request.url),
    authorization: request.headers.get('authorization') ?? undefined,
    contentType: request.headers.get('content-type') ?? undefined,
    body: undefined,
  };
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBodyBytes) {
    core.bodyTooLarge = true;
    return core;
  }
  if (request.body === null) return core;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBodyBytes) {
        core.bodyTooLarge = true;
        void reader.cancel().catch(() => undefined);
        return core;
      }
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  if (size === 0) return core;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  core.body = decoder.decode(bytes);
  return core;
}

/** The path of a URL string exactly as written (still percent-encoded, dot segments kept), without the query. */
export function rawPathOf(url: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(url);
  return match ? (match[1] ?? '/') : undefined;
}

/** The query string of a URL string as written, without '?', or undefined when it has none. */
function queryOf(url: string): string | undefined {
  const start = url.indexOf('?');
  if (start === -1) return undefined;
  const end = url.indexOf('#', start);
  return url.slice(start + 1, end === -1 ? undefined : end);
}

/** Builds a WHATWG Response from a core response (network faults are the adapter's to handle). */
export function toWebResponse(response: CoreResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}
