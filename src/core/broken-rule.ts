/** Explains a failed compound rule (an `anyOf`, such as an expiry of 1 minute to 7 days) in the rule's own words. */
import type { ErrorObject } from 'ajv';

/** A rule a value broke: where in the value (a JSON pointer), and the rule's description without its full stop. */
export interface BrokenRule {
  instancePath: string;
  rule: string;
}

const unescapeToken = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * The rule behind a failed `anyOf`, read from the description of the schema that holds it in `document` (ajv's own
 * words, "must match a schema in anyOf", leave a person guessing; its first error names just one branch). Undefined
 * when the failure is another keyword's or the schema has no description.
 * @example brokenRule(validate.errors, loadControlContract().spec)?.rule // 'The validity lies between 1 minute and 7 days: ...'
 */
export function brokenRule(errors: ErrorObject[] | null | undefined, document: unknown): BrokenRule | undefined {
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
