/**
 * The control plane's guard: its own host names only, no foreign origin, JSON writes only, loopback clients only
 * (unless a token is set), and the control token when one is.
 */
import { timingSafeEqual } from 'node:crypto';
import { isJson } from '../core/body.js';
import { loadControlContract } from '../core/contract.js';
import { applicationError, MESSAGES } from '../core/errors.js';
import type { CoreRequest, CoreResponse } from '../core/http-types.js';

/** Who may use the control plane. */
export interface ControlPlaneOptions {
  /** Answer only loopback clients (the default when the server binds loopback). */
  loopbackOnly: boolean;
  /** When set, every call must send it in X-Fake-Control-Token. Required when `loopbackOnly` is false. */
  token?: string | undefined;
  /**
   * The host names the server answers to (lowercase, IPv6 without brackets): the bound address, the loopback
   * names and any given with --allow-host. When set, a request whose Host (or Origin) names another is refused, so
   * a DNS-rebound or cross-site page cannot drive the control plane. Undefined skips the check (no server).
   */
  hosts?: ReadonlySet<string> | undefined;
  /** The port the server listens on: an Origin must name it too. */
  port?: number | undefined;
}

/** The host names every server answers to besides its bound address. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** The host name of a Host header value (`name:port`, `[v6]:port`), lowercase, without brackets or port. */
export function hostNameOf(host: string): string {
  const bracketed = /^\[([^\]]*)\](?::[0-9]*)?$/.exec(host);
  if (bracketed) return (bracketed[1] ?? '').toLowerCase();
  return host.replace(/:[0-9]*$/, '').toLowerCase();
}

/** Whether an Origin header names this server: one of its host names and its port. */
function isOwnOrigin(origin: string, hosts: ReadonlySet<string>, port: number | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const defaultPort = url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '';
  if (port !== undefined && (url.port || defaultPort) !== String(port)) return false;
  return hosts.has(hostNameOf(url.host));
}

const isWrite = (method: string): boolean => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

/**
 * The answer that refuses a request from a web page: a Host that is not the server's own (DNS rebinding), a foreign
 * Origin or a cross-site fetch, and a write that is not JSON (a form or text/plain POST needs no preflight).
 * Everything here is decided from the headers, before any body is read.
 */
function refuseWebPage(options: ControlPlaneOptions, request: CoreRequest): CoreResponse | undefined {
  if (options.hosts) {
    const name = request.host === undefined ? '' : hostNameOf(request.host);
    if (!options.hosts.has(name))
      return applicationError(
        403,
        `The control plane answers requests for its own host names only, not "${name.slice(0, 100)}" (add one with --allow-host).`,
      );
    if (request.origin !== undefined && !isOwnOrigin(request.origin, options.hosts, options.port))
      return applicationError(
        403,
        `The control plane refuses requests from another origin: ${request.origin.slice(0, 100)}.`,
      );
  }
  if (request.fetchSite !== undefined && request.fetchSite !== 'same-origin' && request.fetchSite !== 'none')
    return applicationError(
      403,
      `The control plane refuses ${request.fetchSite.slice(0, 20)} requests from web pages.`,
    );
  if (isWrite(request.method)) {
    const declared = request.bodyDeclared ?? (request.body !== undefined && request.body !== '');
    if (request.contentType !== undefined ? !isJson(request.contentType) : declared)
      return applicationError(
        415,
        MESSAGES.unsupportedMediaType((request.contentType ?? 'application/octet-stream').slice(0, 100)),
        'control-plane writes are JSON only: send Content-Type: application/json',
      );
  }
  return undefined;
}

/** Whether a bind host or a peer address is loopback (localhost, IPv4, IPv6, or IPv4-mapped IPv6). */
export const isLoopbackAddress = (address: string | undefined): boolean =>
  address !== undefined &&
  (address === 'localhost' || address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/** Compares the control token in constant time. */
function isToken(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

let pages: ReadonlySet<string> | undefined;
/** The paths of the pages a browser opens by address (getDashboard, getDocs), which may carry `?token=`. */
function pagePaths(): ReadonlySet<string> {
  const contract = loadControlContract();
  pages ??= new Set(
    contract.operations
      .filter(({ operation }) => operation.operationId === 'getDashboard' || operation.operationId === 'getDocs')
      .map(({ template }) => `${contract.basePath}${template}`),
  );
  return pages;
}

/** The `token` query parameter of a page's address, if any. */
function pageToken(request: CoreRequest): string | undefined {
  if (request.method !== 'GET' || request.query === undefined || !pagePaths().has(request.path)) return undefined;
  return new URLSearchParams(request.query).get('token') ?? undefined;
}

/** The 403 that stops a control request from this client, or undefined when it may pass. */
export function guard(
  options: ControlPlaneOptions,
  request: CoreRequest,
  remoteAddress: string | undefined,
): CoreResponse | undefined {
  if (!options.loopbackOnly && !options.token)
    return applicationError(
      403,
      'The control plane is off: the server binds a non-loopback address and has no control token (start it with --control-token).',
    );
  if (options.loopbackOnly && !isLoopbackAddress(remoteAddress))
    return applicationError(403, 'The control plane answers loopback clients only.');
  // The header, else the pages' cookie, else (opening a page) the `token` query parameter.
  const sent = request.controlToken ?? request.cookieToken ?? pageToken(request);
  if (options.token && !isToken(sent, options.token)) {
    return applicationError(
      403,
      sent === undefined
        ? 'The control plane needs the X-Fake-Control-Token header.'
        : 'The X-Fake-Control-Token header does not match the control token.',
    );
  }
  return refuseWebPage(options, request);
}
