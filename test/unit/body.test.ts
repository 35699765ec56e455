/** Request bodies on their own: the checks parseBody makes, and the last passing body it remembers for the vendor. */
import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import { loadContract } from '../../src/core/contract.js';
import type { CoreRequest } from '../../src/core/http-types.js';

const contract = loadContract();
const rule = (operationId: string) => {
  const found = contract.bodyRules.get(operationId);
  if (!found) throw new Error(`no body rule for ${operationId}`);
  return found;
};
const enable = rule('enableEmergencyTokencodeV1');
const lookup = rule('lookupUser');
const highRisk = rule('updateHighRiskUsers');

const request = (body: string | undefined, contentType = 'application/json'): CoreRequest => ({
  method: 'PUT',
  path: '/AdminInterface/restapi/v1/users/u/emergencyTokencode',
  query: undefined,
  controlToken: undefined,
  tenantName: undefined,
  cookieToken: undefined,
  authorization: undefined,
  contentType,
  host: undefined,
  origin: undefined,
  fetchSite: undefined,
  bodyDeclared: body !== undefined,
  // A fresh string each time, as a server reads it off the wire.
  body: body === undefined ? undefined : (JSON.parse(JSON.stringify(body)) as string),
  bodyTooLarge: false,
});

const parse = (body: string | undefined, which = enable, contentType?: string) =>
  parseBody(request(body, contentType), which, contract.maxBodyBytes, undefined, true);

describe('parseBody, remembering the last body that passed', () => {
  it('gives the same frozen value for an equal text under the same rule, and the same answers as without', () => {
    const first = parse('{"expirationDays":3}');
    const again = parse('{"expirationDays":3}');
    expect(first).toEqual({ ok: true, value: { expirationDays: 3 } });
    expect(again).toBe(first);
    expect(Object.isFrozen(again)).toBe(true);
    expect(Object.isFrozen((again as { value: object }).value)).toBe(true);
    const unremembered = parseBody(request('{"expirationDays":3}'), enable, contract.maxBodyBytes);
    expect(unremembered).toEqual(first);
    expect(unremembered).not.toBe(first);
    expect(Object.isFrozen((unremembered as { value: object }).value)).toBe(false);
  });

  it('freezes nested values all the way down', () => {
    const text = '{"action":"add","users":["user-1","user-2"]}';
    const parsed = parse(text, highRisk);
    expect(parsed).toEqual({ ok: true, value: { action: 'add', users: ['user-1', 'user-2'] } });
    expect(parse(text, highRisk)).toBe(parsed);
    const value = (parsed as { value: { action: string; users: string[] } }).value;
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.users)).toBe(true);
    expect(() => value.users.push('user-3')).toThrow(TypeError);
    expect(() => {
      value.action = 'remove';
    }).toThrow(TypeError);
    expect(value).toEqual({ action: 'add', users: ['user-1', 'user-2'] });
  });

  it('still checks everything that is not the text: another rule, the content type, the size, a bad body after a good one', () => {
    const good = parse('{"expirationDays":3}');
    expect(good.ok).toBe(true);
    // The same text under another rule is judged by that rule (lookup requires an email).
    const other = parse('{"expirationDays":3}', lookup);
    expect(other.ok).toBe(false);
    expect(other).toMatchObject({ response: { status: 400 } });
    // The same text sent as text/plain is still refused.
    expect(parse('{"expirationDays":3}', enable, 'text/plain')).toMatchObject({ ok: false, response: { status: 415 } });
    const tooLarge = parseBody(
      { ...request('{"expirationDays":3}'), bodyTooLarge: true },
      enable,
      contract.maxBodyBytes,
      undefined,
      true,
    );
    expect(tooLarge).toMatchObject({ ok: false, response: { status: 413 } });
    // A failing body is never remembered: the next equal text fails again, and the good one still passes.
    for (let i = 0; i < 2; i++) expect(parse('{"expirationDays":"x"}').ok).toBe(false);
    expect(parse('{"expirationDays":3}')).toEqual(good);
  });

  it('remembers a body of up to 1024 characters and not one longer', () => {
    /** `{"expirationDays":3}` padded with spaces to `length` characters. */
    const padded = (length: number) => `{"expirationDays":3${' '.repeat(length - 20)}}`;
    expect(padded(1024)).toHaveLength(1024);
    const atBound = parse(padded(1024));
    expect(atBound).toEqual({ ok: true, value: { expirationDays: 3 } });
    expect(parse(padded(1024))).toBe(atBound);
    const over = padded(1025);
    const first = parse(over);
    expect(first).toEqual(atBound);
    const again = parse(over);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(Object.isFrozen((again as { value: object }).value)).toBe(false);
  });
});
