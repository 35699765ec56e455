/** Validates responses against the OpenAPI contracts, so every test checks bodies against the spec. */
import { loadContract, loadControlContract, type Contract } from '../../src/core/contract.js';
import { pointerToken, type Validator } from '../../src/core/validate.js';

const cache = new Map<string, Validator | null>();

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
}

function responsePointer(contract: Contract, operationId: string, status: number): string | undefined {
  for (const [template, item] of Object.entries(contract.spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation.operationId !== operationId) continue;
      const response = operation.responses[String(status)] as ResponseObject | undefined;
      if (!response) return undefined;
      if (response.$ref) return response.$ref.slice(1);
      return `/paths/${pointerToken(template)}/${method}/responses/${status}`;
    }
  }
  throw new Error(`No operation ${operationId} in the contract.`);
}

function resolve(contract: Contract, pointer: string): ResponseObject {
  let node: unknown = contract.spec;
  for (const token of pointer.split('/').slice(1)) {
    node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node as ResponseObject;
}

/**
 * Asserts that `body` is what the contract declares for `operationId` and `status`; throws with the ajv errors if not.
 * A status the operation does not declare fails too, and so does a media type it does not declare for that status
 * (`mediaType`, the response's Content-Type without parameters; a body that is not JSON is given as its text).
 * `control` selects the control-plane contract.
 */
export function assertMatchesContract(
  operationId: string,
  status: number,
  body: unknown,
  control = false,
  mediaType = 'application/json',
): void {
  const contract = control ? loadControlContract() : loadContract();
  const key = `${control ? 'control' : 'vendor'} ${operationId} ${status} ${mediaType}`;
  let validate = cache.get(key);
  if (validate === undefined) {
    const pointer = responsePointer(contract, operationId, status);
    if (pointer === undefined) throw new Error(`${operationId} does not declare status ${status} in the contract.`);
    const content = resolve(contract, pointer).content;
    if (content !== undefined && mediaType !== 'application/json' && content[mediaType] === undefined)
      throw new Error(`${operationId} ${status} does not declare the media type ${mediaType}.`);
    const hasSchema = content?.[mediaType]?.schema !== undefined;
    validate = hasSchema ? contract.compiler.compile(`${pointer}/content/${pointerToken(mediaType)}/schema`) : null;
    cache.set(key, validate);
  }
  if (validate === null) {
    if (body !== null && body !== '')
      throw new Error(`${operationId} ${status} declares no body, got ${JSON.stringify(body)}`);
    return;
  }
  if (!validate(body)) {
    throw new Error(
      `${operationId} ${status} does not match the contract: ${JSON.stringify(validate.errors)} in ${JSON.stringify(body)}`,
    );
  }
}

let applicationError: Validator | undefined;

/** Asserts `body` is the vendor's application error `{code, description}` (for answers outside any operation). */
export function assertApplicationError(body: unknown): void {
  applicationError ??= loadContract().compiler.compile('/components/schemas/ApplicationError');
  if (!applicationError(body)) throw new Error(`Not an application error: ${JSON.stringify(body)}`);
}

/** The value, or a thrown error naming what was missing (a test's precondition, instead of a `!`). */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Expected ${what}, found none.`);
  return value;
}
