/**
 * JSON text for the bodies the fake answers with. Hand-written for speed: on Node 20, JSON.stringify of a small
 * response (a code's four fields, a user's dozen) costs one to two microseconds, a large part of a request's own
 * work, and this gives the same text in less (a code's answer in about a third, a user's in four fifths, before the
 * text is flattened). It serializes plain objects, arrays and primitives
 * itself and hands anything else to JSON.stringify (a Date or any toJSON, a class instance, a boxed primitive, a
 * string that needs escapes, a nesting past MAX_DEPTH), so the text is always JSON.stringify's; test/unit/json.test.ts
 * holds the two equal on generated values.
 */

/** A string that JSON.stringify writes as itself in quotes: no quote, backslash, control character or surrogate. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes, so what it tests for
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
/** Past this depth a subtree goes to JSON.stringify, which also throws on a cycle as it should. */
const MAX_DEPTH = 32;

/** A string as JSON.stringify writes it. */
export const jsonString = (text: string): string => (PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));
/**
 * Keys as written before their values (`"key":`), made once per key: the same few dozen keys come on every answer.
 * Bounded in bytes: at most MAX_KEYS keys of at most MAX_KEY_LENGTH characters are kept (about 300 KB at most).
 */
const keys = new Map<string, string>();
const MAX_KEYS = 1024;
const MAX_KEY_LENGTH = 64;
const keyOf = (key: string): string => {
  let written = keys.get(key);
  if (written === undefined) {
    written = `${jsonString(key)}:`;
    if (keys.size < MAX_KEYS && key.length <= MAX_KEY_LENGTH) keys.set(key, written);
  }
  return written;
};

/** What JSON.stringify(value) gives (undefined for a value it leaves out, such as undefined or a function). */
export function toJson(value: unknown): string {
  return serialize(value, 0) ?? JSON.stringify(value);
}

function serialize(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) return JSON.stringify(value);
      if (Array.isArray(value)) return array(value as unknown[], depth);
      if (Object.getPrototypeOf(value) === Object.prototype) return object(value as Record<string, unknown>, depth);
      return JSON.stringify(value);
    default:
      // undefined, a function or a symbol: left out of an object, null in an array; a bigint throws as it does there.
      return typeof value === 'bigint' ? JSON.stringify(value) : undefined;
  }
}

function array(values: unknown[], depth: number): string {
  if (typeof (values as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(values);
  let out = '[';
  for (let i = 0; i < values.length; i++) out += `${i === 0 ? '' : ','}${serialize(values[i], depth + 1) ?? 'null'}`;
  return `${out}]`;
}

function object(fields: Record<string, unknown>, depth: number): string {
  if (typeof fields.toJSON === 'function') return JSON.stringify(fields);
  let out = '{';
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const text = serialize(fields[key], depth + 1);
    if (text === undefined) continue;
    out += out.length === 1 ? keyOf(key) + text : `,${keyOf(key)}${text}`;
  }
  return `${out}}`;
}
