/** The control plane's guard: loopback clients only (unless a token is set), and the control token when one is. */
import { timingSafeEqual } from 'node:crypto';
import { loadControlContract } from '../core/contract.js';
import { applicationError } from '../core/errors.js';
import type { CoreRequest, CoreResponse } from '../core/http-types.js';

/** Who may use the control plane. */
export interface ControlPlaneOptions {
  /** Answer only loopback clients (the default when the server binds loopback). */
  loopbackOnly: boolean;
  /** When set, every call must send it in X-Fake-Control-Token. Required when `loopbackOnly` is false. */
  token?: string | undefined;
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
  return undefined;
}
