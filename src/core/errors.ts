/** Every error response the fake sends, built by one helper in the vendor's shapes. */
import type { CoreResponse } from './http-types.js';
import { toJson } from './json.js';

/** Spring's reason phrases, as the vendor puts them in `code` (e.g. `404 NOT_FOUND`). */
const REASONS: Record<number, string> = {
  400: 'BAD_REQUEST',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

const JSON_TYPE = 'application/json';

/** The vendor's descriptions for the errors the fake sends (spec examples show the same texts). */
export const MESSAGES = {
  userNotFound: 'User not found.',
  userIdNotFound: (id: string) => `User ${id} not found`,
  userEmailNotFound: (email: string) => `User ${email} not found`,
  userDisabled: 'User is disabled.',
  alreadyMarkedDeleted: 'User is already marked deleted.',
  notMarkedDeleted: 'User is not marked deleted.',
  deleteEnabledUser: 'User is enabled; disable the user first.',
  userPendingDeletion: 'User is pending deletion.',
  deviceNotFound: (id: string) => `Device ${id} not found`,
  invalidDate: 'Invalid date.',
  invalidDateRange: 'Invalid date range.',
  malformedJson: 'Malformed JSON request body.',
  missingBody: 'Required request body is missing.',
  unsupportedMediaType: (type: string) => `Content type '${type}' not supported.`,
  payloadTooLarge: 'Request body is too large.',
  uriTooLong: 'Request URI is too long.',
  notNormalized: 'The request was rejected because the URL was not normalized.',
  malformedPath: 'The request was rejected because the URL contained a malformed percent-encoding.',
  noRoute: (path: string) => `No endpoint ${path}.`,
  methodNotAllowed: (method: string) => `Request method '${method}' not supported.`,
  tooManyRequests: 'Too many requests.',
  internalError: 'An internal error occurred.',
  /** The 403 messages: C-SPLUNK tells "Access Id" and "Invalid audience" failures apart by message. */
  forbiddenToken: 'Server failed to process provided access token',
  /** The Splunk add-on signs a new token only after a 403 with exactly this message (facts section 9). */
  forbiddenExpired: 'Expired Access Token is not allowed',
  forbiddenAccessId: 'Access Id is not valid',
  forbiddenAudience: 'Invalid audience',
} as const;

/** The longest X-Fake-Reason sent: clients refuse header sections past 16 KiB, and a reason is for people. */
export const MAX_REASON_LENGTH = 1024;

/**
 * Makes text safe for a header value: a reason may quote client input (a JSON.parse message, a JWT claim), and
 * a character outside printable ASCII would make Node and fetch refuse the whole response. It is cut to
 * MAX_REASON_LENGTH characters (ending in `...`), so a long input cannot make the answer unreadable.
 */
export function headerSafe(text: string): string {
  const safe = text
    .slice(0, MAX_REASON_LENGTH + 1)
    .replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return safe.length <= MAX_REASON_LENGTH ? safe : `${safe.slice(0, MAX_REASON_LENGTH - 3)}...`;
}

/** Returns the vendor's `code` for a status, e.g. `429 TOO_MANY_REQUESTS`. */
export function statusCode(status: number): string {
  return `${status} ${REASONS[status] ?? 'ERROR'}`;
}

/** Builds an application error `{code, description}`; `reason` goes to X-Fake-Reason for people debugging. */
export function applicationError(
  status: number,
  description: string,
  reason?: string,
  headers: Record<string, string> = {},
): CoreResponse {
  const all: Record<string, string> = { 'content-type': JSON_TYPE, ...headers };
  if (reason !== undefined) all['x-fake-reason'] = headerSafe(reason);
  return { status, headers: all, body: toJson({ code: statusCode(status), description }) };
}

/** Builds the Spring-style 403 envelope the vendor sends for token failures. */
export function forbidden(path: string, message: string, reason: string, nowMs: number): CoreResponse {
  return {
    status: 403,
    headers: { 'content-type': JSON_TYPE, 'x-fake-reason': headerSafe(reason) },
    body: toJson({ timestamp: nowMs, status: 403, error: 'Forbidden', message, path }),
  };
}

/** Builds a 200 (or other success) JSON response. */
export function jsonResponse(status: number, value: unknown): CoreResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: toJson(value) };
}

/** Builds a JSON response from its text, written by the operation itself (the v1 enable answer). */
export function jsonText(status: number, body: string): CoreResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body };
}

/** Builds a success with no body but the JSON content type the vendor's page lists (disable, D-DEAC). */
export function emptyJsonResponse(status: number): CoreResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: null };
}

/** Builds a success with no body. */
export function emptyResponse(status: number): CoreResponse {
  return { status, headers: {}, body: null };
}
