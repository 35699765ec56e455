/**
 * Explains in words why a value fails its schema: the one place that reads ajv's errors. A broken compound rule (an
 * `anyOf` with a description, such as an expiry of 1 minute to 7 days) is told in the rule's own words.
 */
import type { ErrorObject } from 'ajv';

/** Why a value fails its schema. */
export interface SchemaFailure {
  /** The failing keyword (`anyOf` for a broken rule); vendor descriptions are chosen by it. */
  keyword: string;
  /** Where in the value, as a JSON pointer (`''` for the top level). */
  instancePath: string;
  /** What is wrong, a sentence that goes on after the place's name: ajv's words, or "breaks a rule: <rule>". */
  text: string;
  /** The broken rule's description without its full stop, when a compound rule failed. */
  rule?: string;
}

/** How to explain a failure. */
export interface ExplainOptions {
  /** The document holding the schemas, to read a broken compound rule's description from; without it, ajv's words. */
  rules?: unknown;
  /** Add the offending property name or the allowed values to ajv's words. */
  detail?: boolean;
}

const unescapeToken = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * The rule behind a failed `anyOf`, read from the description of the schema that holds it in `document` (ajv's own
 * words, "must match a schema in anyOf", leave a person guessing; its first error names just one branch). Undefined
 * when the failure is another keyword's or the schema has no description.
 */
function brokenRule(
  errors: ErrorObject[] | null | undefined,
  document: unknown,
): { instancePath: string; rule: string } | undefined {
  // With allErrors off, ajv stops at the first failing keyword: an anyOf's own error comes after its branches'.
  const last = errors?.[errors.length - 1];
  if (last?.keyword !== 'anyOf') return undefined;
  const pointer = last.schemaPath.slice(last.schemaPath.indexOf('#') + 1);
  let node: unknown = document;
  for (const token of pointer.split('/').slice(1, -1).map(unescapeToken)) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined;
  }
  const description = (node as { description?: unknown } | undefined)?.description;
  if (typeof description !== 'string') return undefined;
  return { instancePath: last.instancePath, rule: description.trim().replace(/\.$/, '') };
}

/** The offending property or the allowed values, as ajv's params name them. */
function detailOf(error: ErrorObject): string {
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  if (typeof params.additionalProperty === 'string') return ` "${params.additionalProperty}"`;
  if (params.allowedValues !== undefined)
    return ` (${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')})`;
  return '';
}

/**
 * Says why a value failed its schema, from the errors of the validator that refused it.
 * @example const { instancePath, text } = explainSchemaFailure(validate.errors, { rules: spec }); // '/expiryValue', 'breaks a rule: ...'
 */
export function explainSchemaFailure(
  errors: ErrorObject[] | null | undefined,
  options: ExplainOptions = {},
): SchemaFailure {
  if (options.rules !== undefined) {
    const broken = brokenRule(errors, options.rules);
    if (broken) {
      return {
        keyword: 'anyOf',
        instancePath: broken.instancePath,
        text: `breaks a rule: ${broken.rule}`,
        rule: broken.rule,
      };
    }
  }
  const first = errors?.[0];
  if (!first) return { keyword: 'unknown', instancePath: '', text: 'does not match the schema' };
  const detail = options.detail ? detailOf(first) : '';
  return {
    keyword: first.keyword,
    instancePath: first.instancePath,
    text: `${first.message ?? 'is invalid'}${detail}`,
  };
}
