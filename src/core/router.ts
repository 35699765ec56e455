/** Matches raw request paths to the contract's operations; path templates come from the spec, not from code. */
import { applicationError, MESSAGES } from './errors.js';
import type { CoreResponse } from './http-types.js';
import type { SpecOperation } from './spec.js';

/** One operation of the contract, ready to match. */
export interface Route {
  method: string;
  template: string;
  operation: SpecOperation;
  /** Literal segments, or null where a parameter stands; its name is in `paramNames` at the same index. */
  segments: (string | null)[];
  paramNames: (string | null)[];
}

/** A matched request. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Longest raw path the fake reads (Spring's default header limits are of the same order). */
export const MAX_PATH_LENGTH = 8192;

/** How many matched paths the router remembers per method (clients call the same few paths again and again). */
const MATCH_CACHE_SIZE = 512;
/** The longest path it remembers (a vendor path with a user id is about 90 characters). */
const MATCH_CACHE_PATH_LENGTH = 256;

/** Builds the route table of a contract's operations under its base path. */
export function createRouter(
  basePath: string,
  operations: readonly { method: string; template: string; operation: SpecOperation }[],
): (method: string, rawPath: string) => RouteMatch | CoreResponse {
  const byLength = new Map<number, Route[]>();
  for (const { method, template, operation } of operations) {
    const parts = template.split('/').slice(1);
    const segments = parts.map((part) => (part.startsWith('{') ? null : part));
    const paramNames = parts.map((part) => (part.startsWith('{') ? part.slice(1, -1) : null));
    const routes = byLength.get(parts.length) ?? [];
    routes.push({ method: method.toUpperCase(), template, operation, segments, paramNames });
    byLength.set(parts.length, routes);
  }

  /**
   * Matches found before, by method and raw path: a hit skips the splitting, decoding and comparing below, which
   * is most of what routing costs on the standalone server's hot path. Only matches of paths up to
   * MATCH_CACHE_PATH_LENGTH characters are kept (their params are read, never changed); refusals are built fresh for
   * each request. Kept as fresh copies: a path is cut from the request's URL, and a cut string keeps the whole URL (up
   * to the 64 KiB a header section may hold) alive. Bounded: emptied when full.
   */
  const matched = new Map<string, Map<string, RouteMatch>>();
  const remember = (method: string, rawPath: string, match: RouteMatch): RouteMatch => {
    if (rawPath.length > MATCH_CACHE_PATH_LENGTH) return match;
    let paths = matched.get(method);
    if (!paths) {
      paths = new Map<string, RouteMatch>();
      matched.set(method, paths);
    }
    if (paths.size >= MATCH_CACHE_SIZE) paths.clear();
    const kept = {
      route: match.route,
      params: Object.freeze(JSON.parse(JSON.stringify(match.params)) as Record<string, string>),
    };
    paths.set(JSON.parse(JSON.stringify(rawPath)) as string, kept);
    return kept;
  };

  return (method, rawPath) => {
    const known = matched.get(method)?.get(rawPath);
    if (known) return known;
    if (rawPath.length > MAX_PATH_LENGTH)
      return applicationError(414, MESSAGES.uriTooLong, `the path is longer than ${MAX_PATH_LENGTH} characters`);
    if (rawPath.includes('//') || /\/\.\.?(\/|$)/.test(rawPath)) {
      return applicationError(400, MESSAGES.notNormalized, 'the path has an empty, "." or ".." segment');
    }
    if (!rawPath.startsWith(`${basePath}/`))
      return applicationError(404, MESSAGES.noRoute(rawPath.slice(0, 200)), 'no operation has this path');
    const raw = rawPath.slice(basePath.length).split('/').slice(1);
    let decoded: string[];
    try {
      decoded = raw.map((segment) => decodeURIComponent(segment));
    } catch {
      return applicationError(400, MESSAGES.malformedPath, 'a path segment has a malformed percent-encoding');
    }
    const allowed: string[] = [];
    for (const route of byLength.get(decoded.length) ?? []) {
      let params: Record<string, string> | undefined = {};
      for (let i = 0; i < decoded.length; i++) {
        const literal = route.segments[i];
        const value = decoded[i] ?? '';
        if (literal === null) {
          // A parameter: its decoded value may hold anything; encoded slashes stay inside the one segment.
          if (value === '') params = undefined;
          else params[route.paramNames[i] ?? ''] = value;
        } else if (literal !== raw[i]) {
          params = undefined;
        }
        if (!params) break;
      }
      if (!params) continue;
      if (route.method === method) return remember(method, rawPath, { route, params });
      allowed.push(route.method);
    }
    if (allowed.length > 0) {
      return applicationError(405, MESSAGES.methodNotAllowed(method), `this path allows ${allowed.join(', ')}`, {
        allow: allowed.join(', '),
      });
    }
    return applicationError(404, MESSAGES.noRoute(rawPath.slice(0, 200)), 'no operation has this path');
  };
}
