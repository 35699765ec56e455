/**
 * The conformance kit's checks: facts of the vendor's behaviour as the fake models them, each stated as a request and
 * the answer the contract (and the fake's message catalogue) expects. The same definitions run against a real tenant
 * (`cloud-admin-fake conformance`) and against the fake in the project's own tests.
 */
import { randomUUID } from 'node:crypto';
import { MESSAGES, statusCode } from '../../core/errors.js';
import { CLOCK_SKEW_SECONDS, MAX_LIFETIME_SECONDS } from '../../core/auth.js';
import { loadContract } from '../../core/contract.js';
import { pointerToken } from '../../core/validate.js';
import { explainSchemaFailure } from '../../core/schema-failure.js';
import type { SpecOperation } from '../../core/spec.js';
import type { TokenOptions } from '../../core/sign-token.js';

/** How a fact turned out. */
export type Verdict = 'holds' | 'drift' | 'could not check';

/** The contract's mark for a fact: how sure the fake's model is. */
export interface FidelityMark {
  fidelity: string;
  reason?: string;
}

/** One request of a check; `path` is relative to the key file's adminRestApiUrl. */
export interface CheckRequest {
  method: string;
  path: string;
  /** A JSON body, or `raw` text sent as is. */
  body?: unknown;
  raw?: string;
  /** The token: a valid one (default), one with overrides, one signed by a stranger's key, or none. */
  token?: 'valid' | 'none' | { options: TokenOptions; foreignKey?: boolean };
}

/** An answer as the kit saw it. */
export interface CheckAnswer {
  status: number;
  /** Parsed JSON, the text when it is not JSON, null when empty. */
  body: unknown;
  text: string;
}

/** What a check may use: the HTTP call, and values earlier checks of the run left (ids of the test user). */
export interface CheckContext {
  call(request: CheckRequest): Promise<CheckAnswer>;
  /** The test user's email (`--email`), if given. */
  email: string | undefined;
  /** An email no tenant has, and a user id none has: fresh for each run. */
  unknownEmail: string;
  unknownUserId: string;
  /** The kit's clock in epoch ms (tokens are signed at it). */
  now(): number;
  /** Values shared by the steps of the write workflow. */
  memory: Map<string, string>;
}

/** What a check found. */
export interface Observation {
  expected: string;
  observed: string;
  verdict: Verdict;
}

/** One fact the kit checks. */
export interface CheckDefinition {
  id: string;
  /** The fact, in words. */
  fact: string;
  /** Where its mark is in openapi/cloud-admin.yaml: an operationId or a JSON pointer. */
  markedBy: string;
  /** Needs the test user (`--email`). */
  needsEmail: boolean;
  /** Changes the tenant (runs only with `--allow-writes`). */
  writes: boolean;
  run(context: CheckContext): Promise<Observation>;
}

interface Located {
  pointer: string;
  operation: SpecOperation;
  template: string;
}

function locate(operationId: string): Located {
  for (const [template, item] of Object.entries(loadContract().spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation.operationId === operationId)
        return { pointer: `/paths/${pointerToken(template)}/${method}`, operation, template };
    }
  }
  throw new Error(`Failed to find operation ${operationId} in the contract.`);
}

/** The JSON pointer of the body schema the contract declares for an operation's status (following a $ref response). */
function responseSchemaPointer(operationId: string, status: number): string | undefined {
  const { pointer, operation } = locate(operationId);
  const response = operation.responses[String(status)] as { $ref?: string; content?: unknown } | undefined;
  if (!response) throw new Error(`Failed to define a check: ${operationId} declares no ${status}.`);
  const base = response.$ref ? response.$ref.replace(/^#/, '') : `${pointer}/responses/${status}`;
  const resolved = response.$ref
    ? (loadContract().spec.components.responses?.[response.$ref.split('/').pop() ?? ''] as
        { content?: unknown } | undefined)
    : response;
  return resolved?.content ? `${base}/content/${pointerToken('application/json')}/schema` : undefined;
}

/** The vendor description the contract gives for a body breaking `keyword` (x-error-descriptions). */
function bodyDescription(operationId: string, keyword: string): string {
  const descriptions = locate(operationId).operation.requestBody?.['x-error-descriptions'] ?? {};
  const text = descriptions[keyword] ?? descriptions.default;
  if (text === undefined) throw new Error(`Failed to define a check: ${operationId} has no x-error-descriptions.`);
  return text;
}

/** Reads the mark of a fact from the contract: the nearest x-fidelity at or above the pointer. */
export function markOf(markedBy: string): FidelityMark {
  const spec = loadContract().spec as unknown as Record<string, unknown>;
  const pointer = markedBy.startsWith('/') ? markedBy : locate(markedBy).pointer;
  const parts = pointer.split('/').slice(1);
  let found: FidelityMark = { fidelity: 'unmarked' };
  let node: unknown = spec;
  for (const part of parts) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    const record = node as Record<string, unknown> | undefined;
    if (typeof record?.['x-fidelity'] === 'string') {
      found = { fidelity: record['x-fidelity'] };
      if (typeof record['x-fidelity-reason'] === 'string') found.reason = record['x-fidelity-reason'];
    }
  }
  return found;
}

const short = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

/** What an answer must be: a status, a body valid against the contract, and some fields with exact values. */
interface Expectation {
  operationId: string;
  status: number;
  /** Fields of the body that must have exactly these values. */
  fields?: Record<string, unknown>;
  /** The body must be empty. */
  empty?: boolean;
}

/** The name of the component schema at a pointer (`ForbiddenError`), or undefined for an inline one. */
function schemaNameAt(pointer: string): string | undefined {
  let node: unknown = loadContract().spec;
  for (const part of pointer.split('/').slice(1))
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
}

/** Compares an answer with an expectation; says what differs. */
function judge(answer: CheckAnswer, expectation: Expectation): Observation {
  const schemaPointer = expectation.empty
    ? undefined
    : responseSchemaPointer(expectation.operationId, expectation.status);
  const schemaName = schemaPointer === undefined ? undefined : schemaNameAt(schemaPointer);
  const parts = [String(expectation.status)];
  if (expectation.empty) parts.push('empty body');
  else if (schemaPointer) parts.push(schemaName ?? 'body as the contract says');
  if (expectation.fields) parts.push(short(expectation.fields));
  const expected = parts.join(' ');
  const problems: string[] = [];
  if (answer.status !== expectation.status) problems.push(`status ${answer.status}`);
  else if (expectation.empty && answer.text !== '') problems.push(`a body: ${short(answer.text)}`);
  else if (schemaPointer) {
    const validate = loadContract().compiler.compile(schemaPointer);
    if (!validate(answer.body)) {
      const failure = explainSchemaFailure(validate.errors, { detail: true });
      problems.push(`body${failure.instancePath} ${failure.text}`);
    }
  }
  if (answer.status === expectation.status && expectation.fields) {
    const body = (answer.body ?? {}) as Record<string, unknown>;
    for (const [field, value] of Object.entries(expectation.fields)) {
      if (JSON.stringify(body[field]) !== JSON.stringify(value))
        problems.push(`${field} ${short(JSON.stringify(body[field] ?? null))}`);
    }
  }
  if (problems.length === 0) return { expected, observed: `${answer.status} as expected`, verdict: 'holds' };
  return { expected, observed: `${problems.join('; ')} - body ${short(answer.text || '(empty)')}`, verdict: 'drift' };
}

/** A check of one request against one expectation. */
function requestCheck(
  definition: Omit<CheckDefinition, 'run' | 'writes' | 'needsEmail'> & { needsEmail?: boolean; writes?: boolean },
  make: (context: CheckContext) => { request: CheckRequest; expectation: Expectation } | string,
): CheckDefinition {
  return {
    needsEmail: false,
    writes: false,
    ...definition,
    async run(context) {
      const made = make(context);
      if (typeof made === 'string') return { expected: '-', observed: made, verdict: 'could not check' };
      return judge(await context.call(made.request), made.expectation);
    },
  };
}

const LOOKUP = 'v1/users/lookup';
const v1Enable = (id: string) => `v1/users/${encodeURIComponent(id)}/emergencyTokencode`;
const v2Enable = (id: string) => `v2/users/${encodeURIComponent(id)}/emergencyTokencode`;
const userStatus = (id: string) => `v1/users/${encodeURIComponent(id)}/userStatus`;
const disable = (id: string, codeId: string) =>
  `v1/users/${encodeURIComponent(id)}/emergencyTokencode/${encodeURIComponent(codeId)}`;
const forbidden = (message: string) => ({ operationId: 'lookupUser', status: 403, fields: { status: 403, message } });
const SCHEME = '/components/securitySchemes/legacyJwt';
const notFound = (description: string) => ({ code: statusCode(404), description });
const badRequest = (operationId: string, keyword: string) => ({
  operationId,
  status: 400,
  fields: { code: statusCode(400), description: bodyDescription(operationId, keyword) },
});

/** Token checks: each a token the vendor refuses, sent with a lookup of an unknown email (which changes nothing). */
const tokenCheck = (
  id: string,
  fact: string,
  token: (context: CheckContext) => NonNullable<CheckRequest['token']>,
  message: string,
): CheckDefinition =>
  requestCheck({ id, fact, markedBy: SCHEME }, (context) => ({
    request: { method: 'POST', path: LOOKUP, body: { email: context.unknownEmail }, token: token(context) },
    expectation: forbidden(message),
  }));

const tokenChecks: CheckDefinition[] = [
  tokenCheck(
    'token-missing',
    'A call without an Authorization header answers 403',
    () => 'none',
    MESSAGES.forbiddenToken,
  ),
  tokenCheck(
    'token-bad-signature',
    'A token not signed by the key file answers 403',
    () => ({ options: {}, foreignKey: true }),
    MESSAGES.forbiddenToken,
  ),
  tokenCheck(
    'token-unknown-access-id',
    'A token for an access ID the tenant does not have answers 403 "Access Id is not valid"',
    (context) => ({ options: { sub: context.unknownUserId }, foreignKey: true }),
    MESSAGES.forbiddenAccessId,
  ),
  tokenCheck(
    'token-wrong-audience',
    'A token for another audience answers 403 "Invalid audience"',
    () => ({ options: { aud: 'https://audience.invalid/AdminInterface/restapi/' } }),
    MESSAGES.forbiddenAudience,
  ),
  tokenCheck(
    'token-expired',
    `A token expired more than ${CLOCK_SKEW_SECONDS} s ago answers 403 "${MESSAGES.forbiddenExpired}"`,
    (context) => ({
      options: { iat: Math.floor(context.now() / 1000) - MAX_LIFETIME_SECONDS - 2 * CLOCK_SKEW_SECONDS - 60 },
    }),
    MESSAGES.forbiddenExpired,
  ),
  tokenCheck(
    'token-lifetime-too-long',
    `A token living longer than ${MAX_LIFETIME_SECONDS} s (+${CLOCK_SKEW_SECONDS} s skew) answers 403`,
    () => ({ options: { lifetimeSeconds: MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS + 60 } }),
    MESSAGES.forbiddenToken,
  ),
];

/** Bad bodies, sent to a user id nobody has: whatever the tenant decides first, nothing changes. */
const bodyChecks: CheckDefinition[] = [
  requestCheck(
    {
      id: 'v1-expiration-out-of-range',
      fact: 'Enable v1 with expirationDays 8 answers 400',
      markedBy: 'enableEmergencyTokencodeV1',
    },
    (context) => ({
      request: { method: 'PUT', path: v1Enable(context.unknownUserId), body: { expirationDays: 8 } },
      expectation: badRequest('enableEmergencyTokencodeV1', 'maximum'),
    }),
  ),
  requestCheck(
    {
      id: 'v2-expiry-over-seven-days',
      fact: 'Enable v2 with a validity over 7 days answers 400',
      markedBy: 'enableEmergencyTokencodeV2',
    },
    (context) => ({
      request: { method: 'PUT', path: v2Enable(context.unknownUserId), body: { expiryUnit: 'days', expiryValue: 8 } },
      expectation: badRequest('enableEmergencyTokencodeV2', 'anyOf'),
    }),
  ),
  requestCheck(
    {
      id: 'user-status-two-properties',
      fact: 'User Status with a second property answers 400 "Wrong number of properties"',
      markedBy: 'setUserStatus',
    },
    (context) => ({
      request: { method: 'PUT', path: userStatus(context.unknownUserId), body: { userStatus: 'Enabled', note: 1 } },
      expectation: badRequest('setUserStatus', 'maxProperties'),
    }),
  ),
  requestCheck(
    { id: 'user-status-bad-value', fact: 'User Status with an unknown status answers 400', markedBy: 'setUserStatus' },
    (context) => ({
      request: { method: 'PUT', path: userStatus(context.unknownUserId), body: { userStatus: 'Sleeping' } },
      expectation: badRequest('setUserStatus', 'enum'),
    }),
  ),
  requestCheck(
    {
      id: 'malformed-json',
      fact: 'A body that is not JSON answers 400 "Malformed JSON request body."',
      markedBy: '/components/responses/BadRequest',
    },
    (context) => ({
      request: { method: 'PUT', path: v1Enable(context.unknownUserId), raw: '{"expirationDays":' },
      expectation: {
        operationId: 'enableEmergencyTokencodeV1',
        status: 400,
        fields: { code: statusCode(400), description: MESSAGES.malformedJson },
      },
    }),
  ),
];

/** Unknown users: 404s, which change nothing. */
const unknownChecks: CheckDefinition[] = [
  requestCheck(
    {
      id: 'lookup-unknown-email',
      fact: 'User Details of an unknown email answers 404 "User <email> not found"',
      markedBy: 'lookupUser',
    },
    (context) => ({
      request: { method: 'POST', path: LOOKUP, body: { email: context.unknownEmail } },
      expectation: {
        operationId: 'lookupUser',
        status: 404,
        fields: notFound(MESSAGES.userEmailNotFound(context.unknownEmail)),
      },
    }),
  ),
  requestCheck(
    {
      id: 'enable-unknown-user',
      fact: 'Enable v1 for an unknown user id answers 404 "User not found."',
      markedBy: 'enableEmergencyTokencodeV1',
    },
    (context) => ({
      request: { method: 'PUT', path: v1Enable(context.unknownUserId), body: { expirationDays: 1 } },
      expectation: {
        operationId: 'enableEmergencyTokencodeV1',
        status: 404,
        fields: notFound(MESSAGES.userNotFound),
      },
    }),
  ),
  requestCheck(
    {
      id: 'disable-unknown-user',
      fact: 'Disable for an unknown user id answers 404 "User not found."',
      markedBy: 'disableEmergencyTokencode',
    },
    (context) => ({
      request: { method: 'DELETE', path: disable(context.unknownUserId, context.unknownUserId) },
      expectation: { operationId: 'disableEmergencyTokencode', status: 404, fields: notFound(MESSAGES.userNotFound) },
    }),
  ),
  requestCheck(
    {
      id: 'user-status-unknown-user',
      fact: 'User Status for an unknown user id answers 404 "User <id> not found"',
      markedBy: 'setUserStatus',
    },
    (context) => ({
      request: { method: 'PUT', path: userStatus(context.unknownUserId), body: { userStatus: 'Enabled' } },
      expectation: {
        operationId: 'setUserStatus',
        status: 404,
        fields: notFound(MESSAGES.userIdNotFound(context.unknownUserId)),
      },
    }),
  ),
];

/** A step of the write workflow: skipped (could not check) when an earlier step left no value it needs. */
function step(
  definition: { id: string; fact: string; markedBy: string },
  needs: string[],
  make: (context: CheckContext, values: Record<string, string>) => { request: CheckRequest; expectation: Expectation },
  remember?: (answer: CheckAnswer, context: CheckContext) => void,
): CheckDefinition {
  return {
    ...definition,
    needsEmail: true,
    writes: true,
    async run(context) {
      const values: Record<string, string> = {};
      for (const name of needs) {
        const value = context.memory.get(name);
        if (value === undefined)
          return { expected: '-', observed: `an earlier step gave no ${name}`, verdict: 'could not check' };
        values[name] = value;
      }
      const { request, expectation } = make(context, values);
      const answer = await context.call(request);
      const observation = judge(answer, expectation);
      if (observation.verdict === 'holds') remember?.(answer, context);
      return observation;
    },
  };
}

const field = (answer: CheckAnswer, name: string): string | undefined => {
  const value = (answer.body as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : undefined;
};
const lookupOf = (context: CheckContext): CheckRequest => ({
  method: 'POST',
  path: LOOKUP,
  body: { email: context.email },
});
const remember = (context: CheckContext, name: string, value: string | undefined): void => {
  if (value !== undefined) context.memory.set(name, value);
};

/** The whole EAC workflow on the designated test user: enable v1, enable v2 (replacing it), disable. */
const writeChecks: CheckDefinition[] = [
  step(
    { id: 'workflow-lookup', fact: 'The test user can be looked up and is Enabled', markedBy: 'lookupUser' },
    [],
    (context) => ({
      request: lookupOf(context),
      expectation: { operationId: 'lookupUser', status: 200, fields: { userStatus: 'Enabled' } },
    }),
    (answer, context) => remember(context, 'userId', field(answer, 'id')),
  ),
  step(
    {
      id: 'workflow-enable-v1',
      fact: 'Enable v1 answers 200 with a server-generated code',
      markedBy: 'enableEmergencyTokencodeV1',
    },
    ['userId'],
    (_context, { userId = '' }) => ({
      request: { method: 'PUT', path: v1Enable(userId), body: { expirationDays: 1 } },
      expectation: { operationId: 'enableEmergencyTokencodeV1', status: 200 },
    }),
    (answer, context) => remember(context, 'v1CodeId', field(answer, 'emergencyTokencodeId')),
  ),
  step(
    {
      id: 'workflow-enabled-in-details',
      fact: 'After enable, User Details shows Enabled with the code id',
      markedBy: '/components/schemas/EmergencyAccessStatus',
    },
    ['v1CodeId'],
    (context, { v1CodeId }) => ({
      request: lookupOf(context),
      expectation: {
        operationId: 'lookupUser',
        status: 200,
        fields: { emergencyAccessStatus: 'Enabled', emergencyTokencodeId: v1CodeId },
      },
    }),
  ),
  step(
    {
      id: 'workflow-enable-v2',
      fact: 'Enable v2 for 1 hour answers 200 with the configuration used',
      markedBy: 'enableEmergencyTokencodeV2',
    },
    ['userId'],
    (_context, { userId = '' }) => ({
      request: { method: 'PUT', path: v2Enable(userId), body: { expiryUnit: 'hours', expiryValue: 1 } },
      expectation: { operationId: 'enableEmergencyTokencodeV2', status: 200 },
    }),
    (answer, context) => remember(context, 'v2CodeId', field(answer, 'emergencyTokencodeId')),
  ),
  step(
    {
      id: 'workflow-new-code-replaces',
      fact: "A new code replaces the user's previous one in User Details",
      markedBy: 'enableEmergencyTokencodeV1',
    },
    ['v2CodeId'],
    (context, { v2CodeId }) => ({
      request: lookupOf(context),
      expectation: { operationId: 'lookupUser', status: 200, fields: { emergencyTokencodeId: v2CodeId } },
    }),
  ),
  step(
    {
      id: 'workflow-disable',
      fact: 'Disable answers 200 with an empty body',
      markedBy: 'disableEmergencyTokencode',
    },
    ['userId', 'v2CodeId'],
    (_context, { userId = '', v2CodeId = '' }) => ({
      request: { method: 'DELETE', path: disable(userId, v2CodeId) },
      expectation: { operationId: 'disableEmergencyTokencode', status: 200, empty: true },
    }),
    (_answer, context) => context.memory.set('disabled', 'yes'),
  ),
  step(
    {
      id: 'workflow-disabled-in-details',
      fact: 'After disable, User Details shows Disabled and no code',
      markedBy: 'disableEmergencyTokencode',
    },
    ['disabled'],
    (context) => ({
      request: lookupOf(context),
      expectation: {
        operationId: 'lookupUser',
        status: 200,
        fields: { emergencyAccessStatus: 'Disabled', emergencyTokencodeId: null },
      },
    }),
  ),
];

/** Every check, read-only ones first, in the order the kit runs them. */
export const CHECKS: readonly CheckDefinition[] = [
  requestCheck(
    {
      id: 'lookup-known-user',
      fact: 'User Details of the test user answers 200 with the fields of the contract',
      markedBy: 'lookupUser',
      needsEmail: true,
    },
    (context) =>
      context.email === undefined
        ? 'no test user given (--email)'
        : {
            request: { method: 'POST', path: LOOKUP, body: { email: context.email } },
            expectation: { operationId: 'lookupUser', status: 200 },
          },
  ),
  ...unknownChecks,
  ...tokenChecks,
  ...bodyChecks,
  ...writeChecks,
];

/** Fresh unknown names for one run. */
export const unknownNames = (): { unknownEmail: string; unknownUserId: string } => ({
  unknownEmail: `conformance-${randomUUID().slice(0, 8)}@example.invalid`,
  unknownUserId: randomUUID(),
});
