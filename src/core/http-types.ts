/** The transport-free request and response the core works on; adapters translate to and from these. */
import type { EventSink } from './event-hub.js';

/**
 * The cookie in which the pages (/__fake/ui, /__fake/docs) hold the control token: a browser cannot send a header
 * with a navigation, an EventSource or a script tag, so a page opened as `/__fake/ui?token=...` gets it set (HttpOnly,
 * SameSite=Strict, for /__fake/ only) and its requests carry it.
 */
export const PAGE_TOKEN_COOKIE = 'cloud-admin-fake-token';

/** A request as the core sees it: adapters fill it from msw, fetch or Node's http. */
export interface CoreRequest {
  method: string;
  /** The raw path, still percent-encoded, without the query string. */
  path: string;
  /** The query string without '?', if any. */
  query?: string | undefined;
  /** The X-Fake-Control-Token header, if any (control plane only). */
  controlToken?: string | undefined;
  /** The control token a page holds in its cookie (see PAGE_TOKEN_COOKIE), if any (control plane only). */
  cookieToken?: string | undefined;
  /** The X-Fake-Tenant header, if any: the access ID of the tenant a control call acts on (control plane only). */
  tenantName?: string | undefined;
  /** The Authorization header, if any. */
  authorization: string | undefined;
  /** The Content-Type header, if any. */
  contentType: string | undefined;
  /** The Host header, if any (the control plane answers only its own names). */
  host?: string | undefined;
  /** The Origin header, if any (the control plane refuses a foreign one). */
  origin?: string | undefined;
  /** The Sec-Fetch-Site header, if any (a browser's word on where the request comes from). */
  fetchSite?: string | undefined;
  /** Set by an adapter that decides before reading: the request declares a body (Content-Length or chunked). */
  bodyDeclared?: boolean;
  /** The body as text; undefined when there is none. */
  body: string | undefined;
  /** Set by an adapter that stopped reading because the body passed the size limit. */
  bodyTooLarge?: boolean;
}

/** A response as the core produces it. */
export interface CoreResponse {
  status: number;
  /** Built for this response alone: the pipeline and the transports add theirs in place rather than copy it. */
  headers: Record<string, string>;
  /** JSON text, or null for an empty body. */
  body: string | null;
  /** When set, the transport must fail the connection instead of answering (a fault). */
  networkError?: 'error' | 'reset';
  /** When set, the transport waits this long before answering (a fault). */
  delayMs?: number;
  /**
   * When set, the body is a stream that stays open (server-sent events): the transport sends the headers, hands
   * `subscribe` a sink over the open response, and calls what it returns once the client goes away.
   */
  stream?: { subscribe(sink: EventSink): () => void };
}

/** What an adapter is given: the one thing that answers requests, and the largest body it reads. */
export interface RequestHandler {
  handle(request: CoreRequest): Promise<CoreResponse>;
  /**
   * Like handle, but gives the response itself when the request is decided in one synchronous step (most are), so
   * an adapter that can send at once saves a promise and a turn of the microtask queue per request. Optional.
   */
  decide?(request: CoreRequest): CoreResponse | Promise<CoreResponse>;
  /** The largest body an adapter should read; past it the adapter sets `bodyTooLarge` instead. */
  readonly maxBodyBytes: number;
}

/** A request handler that answers one origin (the in-process adapters serve that origin only). */
export interface OriginHandler extends RequestHandler {
  /** The origin answered, e.g. `https://fake-tenant.access.securid.com`. */
  readonly baseUrl: string;
}
