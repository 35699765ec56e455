/**
 * Query parameters checked against the contract: each operation's `in: query` parameters, coerced from text to
 * their schema's type, validated by it, defaults filled in; a failure is a 400 with the parameter's
 * `x-error-description`.
 */
import { applicationError } from './errors.js';
import type { CoreResponse } from './http-types.js';
import type { SpecDocument } from './spec.js';
import type { SchemaCompiler, Validator } from './validate.js';

/** One query parameter of an operation, ready to check. */
interface QueryParameter {
  name: string;
  type: string | undefined;
  default: unknown;
  description: string;
  validate: () => Validator;
}

/** How one operation's query is checked. */
export type QueryRule = QueryParameter[];

/** A checked query, or the error response that stops the request. */
export type ParsedQuery = { ok: true; value: Record<string, unknown> } | { ok: false; response: CoreResponse };

interface ParameterObject {
  $ref?: string;
  name?: string;
  in?: string;
  'x-error-description'?: string;
  schema?: { $ref?: string; type?: string; default?: unknown };
}

/** Follows a local `#/...` reference inside the spec. */
function resolve(spec: SpecDocument, ref: string): unknown {
  let node: unknown = spec;
  for (const token of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** The query rules of every operation that has query parameters, by operationId; validators compile on first use. */
export function compileQueryRules(spec: SpecDocument, compiler: SchemaCompiler): Map<string, QueryRule> {
  const rules = new Map<string, QueryRule>();
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) {
      const parameters = (operation as { parameters?: ParameterObject[] }).parameters ?? [];
      const rule: QueryRule = [];
      for (const listed of parameters) {
        const pointer = listed.$ref?.slice(1);
        const parameter = (listed.$ref ? resolve(spec, listed.$ref) : listed) as ParameterObject;
        if (parameter.in !== 'query' || parameter.name === undefined || pointer === undefined) continue;
        const schema = (
          parameter.schema?.$ref ? resolve(spec, parameter.schema.$ref) : parameter.schema
        ) as ParameterObject['schema'];
        let validate: Validator | undefined;
        rule.push({
          name: parameter.name,
          type: schema?.type,
          default: schema?.default,
          description: parameter['x-error-description'] ?? 'Invalid request parameter.',
          validate: () => (validate ??= compiler.compile(`${pointer}/schema`)),
        });
      }
      if (rule.length > 0) rules.set(operation.operationId, rule);
    }
  }
  return rules;
}

/**
 * Reads a value as its schema's type, as Spring's conversion does: integers from decimal digits, booleans from
 * true/false in any case; anything else stays text, so the schema refuses it.
 */
function coerce(text: string, type: string | undefined): unknown {
  if (type === 'integer' && /^[+-]?[0-9]{1,16}$/.test(text)) return Number(text);
  if (type === 'boolean' && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  return text;
}

/**
 * Checks a raw query string (form-decoded, so `+` reads as a space) against a rule. The first value of a repeated
 * parameter counts, an empty one counts as absent, and parameters the operation does not declare are ignored.
 */
export function parseQuery(query: string | undefined, rule: QueryRule): ParsedQuery {
  const search = new URLSearchParams(query ?? '');
  const value: Record<string, unknown> = {};
  for (const parameter of rule) {
    const text = search.get(parameter.name);
    if (text === null || text === '') {
      if (parameter.default !== undefined) value[parameter.name] = parameter.default;
      continue;
    }
    const coerced = coerce(text, parameter.type);
    const validate = parameter.validate();
    if (!validate(coerced)) {
      const reason = `query parameter ${parameter.name} ${validate.errors?.[0]?.message ?? 'is invalid'}`;
      return { ok: false, response: applicationError(400, parameter.description, reason) };
    }
    value[parameter.name] = coerced;
  }
  return { ok: true, value };
}
