/** Reads a JSON request body and checks it against its operation's rule: 413, 415, 400 in the vendor's shape. */
import type { BodyRule } from './contract.js';
import { applicationError, MESSAGES } from './errors.js';
import type { CoreRequest, CoreResponse } from './http-types.js';
import { explainSchemaFailure } from './schema-failure.js';
import type { Validator } from './validate.js';

/** A parsed body, or the error response that stops the request. */
export type Parsed = { ok: true; value: unknown } | { ok: false; response: CoreResponse };

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;
// The Content-Type judged last: a client sends the same one on every request.
let lastType = 'application/json';
let lastIsJson = true;

/** Whether a Content-Type names JSON (application/json or a +json type, parameters allowed). */
export function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  if (contentType !== lastType) {
    lastIsJson = JSON_TYPE.test(contentType.trim());
    lastType = contentType;
  }
  return lastIsJson;
}

/** Bodies up to this many characters are remembered once they pass (see `lastPassed`). */
const REMEMBERED_CHARS = 1024;
/**
 * The last body that passed its rule, as its text, its rule and what parsing gave (frozen). A client sends the same
 * body again and again (the same lookup, the same expiry for each user it enables), and an equal text under the same
 * rule parses and validates to an equal value: it is taken as it is, without JSON.parse and the validator, which
 * cost a request more than the rest of its body's checks. Frozen all the way down, so the one value that requests
 * share cannot change; a body over REMEMBERED_CHARS is not remembered (nor frozen member by member).
 */
let lastPassed: { text: string; rule: BodyRule; parsed: Parsed } | undefined;

/** Freezes a parsed JSON value and everything in it. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  for (const member of Object.values(value)) deepFreeze(member);
  Object.freeze(value);
}

/** Whether a body is over the limit; counts bytes only when the character count cannot decide. */
function isOver(body: string | undefined, maxBodyBytes: number): boolean {
  if (body === undefined || body.length * 3 <= maxBodyBytes) return false;
  return body.length > maxBodyBytes || new TextEncoder().encode(body).byteLength > maxBodyBytes;
}

/** Answers a body that fails its schema: the vendor's description for the keyword, the place and ajv's words. */
export function refuseInvalidBody(errors: Validator['errors'], rule: BodyRule): CoreResponse {
  const failure = explainSchemaFailure(errors);
  const description = rule.descriptions[failure.keyword] ?? rule.descriptions.default ?? 'Invalid request body.';
  return applicationError(400, description, `body${failure.instancePath} ${failure.text}`);
}

/**
 * Checks and parses a request body against its operation's rule; `refuseInvalid` answers a body that fails the
 * schema (the vendor's way by default). With `remember`, the value may be the frozen one of the last equal body (see
 * `lastPassed`): for callers that only read what they are given, as the vendor operations do.
 */
export function parseBody(
  request: CoreRequest,
  rule: BodyRule,
  maxBodyBytes: number,
  refuseInvalid: (errors: Validator['errors'], rule: BodyRule) => CoreResponse = refuseInvalidBody,
  remember = false,
): Parsed {
  if (request.bodyTooLarge || isOver(request.body, maxBodyBytes))
    return {
      ok: false,
      response: applicationError(413, MESSAGES.payloadTooLarge, 'the body is over x-max-body-bytes'),
    };
  if (!isJson(request.contentType)) {
    const type = request.contentType ?? 'application/octet-stream';
    return {
      ok: false,
      response: applicationError(
        415,
        MESSAGES.unsupportedMediaType(type.slice(0, 100)),
        'send Content-Type: application/json',
      ),
    };
  }
  if (request.body === undefined || request.body.trim() === '') {
    return { ok: false, response: applicationError(400, MESSAGES.missingBody, 'the body is empty') };
  }
  if (remember && lastPassed?.rule === rule && lastPassed.text === request.body) return lastPassed.parsed;
  let value: unknown;
  try {
    value = JSON.parse(request.body);
  } catch (error) {
    return {
      ok: false,
      response: applicationError(400, MESSAGES.malformedJson, `JSON.parse: ${(error as Error).message.slice(0, 200)}`),
    };
  }
  if (!rule.validate(value)) return { ok: false, response: refuseInvalid(rule.validate.errors, rule) };
  const parsed: Parsed = { ok: true, value };
  if (remember && request.body.length <= REMEMBERED_CHARS) {
    deepFreeze(value);
    lastPassed = { text: request.body, rule, parsed: Object.freeze(parsed) };
  }
  return parsed;
}
