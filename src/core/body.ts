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
 * schema (the vendor's way by default).
 */
export function parseBody(
  request: CoreRequest,
  rule: BodyRule,
  maxBodyBytes: number,
  refuseInvalid: (errors: Validator['errors'], rule: BodyRule) => CoreResponse = refuseInvalidBody,
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
  return { ok: true, value };
}
