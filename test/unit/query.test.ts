/** Query parameters against the contract: coercion, defaults, bounds and the 400 each parameter names. */
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/core/contract.js';
import { compileQueryRules, parseQuery, type QueryRule } from '../../src/core/query.js';

const contract = loadContract();
const rules = compileQueryRules(contract.spec, contract.compiler);
const rule = (operationId: string): QueryRule => {
  const found = rules.get(operationId);
  if (!found) throw new Error(`no query rule for ${operationId}`);
  return found;
};

describe('query parameters', () => {
  it('has rules exactly for the operations that declare query parameters', () => {
    expect([...rules.keys()].sort()).toEqual([
      'exportAdminLog',
      'exportUserEventLog',
      'listDevicesV1',
      'listDevicesV2',
      'searchUsersV1',
      'searchUsersV2',
    ]);
  });

  it('fills in the defaults of the contract when a parameter is absent or empty', () => {
    expect(parseQuery(undefined, rule('searchUsersV2'))).toEqual({ ok: true, value: { pageSize: 25, pageNumber: 0 } });
    expect(parseQuery('pageSize=&other=1', rule('searchUsersV1'))).toEqual({ ok: true, value: { pageSize: 25 } });
    expect(parseQuery('', rule('listDevicesV1'))).toEqual({ ok: true, value: { includeBrowsers: true } });
    expect(parseQuery('', rule('listDevicesV2'))).toEqual({ ok: true, value: { includeBrowsers: false } });
    expect(parseQuery('', rule('exportAdminLog'))).toEqual({ ok: true, value: { pageNumber: 0, pageSize: 100 } });
  });

  it('reads integers and booleans as their types and takes the first of repeated values', () => {
    expect(parseQuery('pageSize=5&pageNumber=2&pageSize=9', rule('searchUsersV2'))).toEqual({
      ok: true,
      value: { pageSize: 5, pageNumber: 2 },
    });
    expect(parseQuery('includeBrowsers=FALSE', rule('listDevicesV1'))).toEqual({
      ok: true,
      value: { includeBrowsers: false },
    });
  });

  it('accepts the instants real clients send', () => {
    for (const instant of [
      '2026-03-01T09:00:00.000Z',
      '2026-03-01T09:00:00.5-00:00',
      '2026-03-01T09:00:00.000%2B01:00',
      '2026-03-01T09:00:00%2B0100',
    ]) {
      expect(parseQuery(`startTimeAfter=${instant}`, rule('exportAdminLog')).ok).toBe(true);
    }
  });

  it('refuses out-of-range and malformed values with the parameter description', () => {
    const refused = (query: string, operationId: string) => {
      const parsed = parseQuery(query, rule(operationId));
      if (parsed.ok) throw new Error(`accepted ${query}`);
      return {
        status: parsed.response.status,
        body: JSON.parse(parsed.response.body ?? 'null') as unknown,
        reason: parsed.response.headers['x-fake-reason'],
      };
    };
    expect(refused('pageSize=26', 'searchUsersV1')).toEqual({
      status: 400,
      body: { code: '400 BAD_REQUEST', description: 'Invalid page size.' },
      reason: 'query parameter pageSize must be <= 25',
    });
    expect(refused('pageSize=0', 'searchUsersV2').body).toMatchObject({ description: 'Invalid page size.' });
    expect(refused('pageSize=2.5', 'searchUsersV2').body).toMatchObject({ description: 'Invalid page size.' });
    expect(refused('pageNumber=-1', 'searchUsersV2').body).toMatchObject({ description: 'Invalid page number.' });
    expect(refused('pageSize=101', 'exportAdminLog').body).toMatchObject({ description: 'Invalid page size.' });
    expect(refused('includeBrowsers=yes', 'listDevicesV1').body).toMatchObject({
      description: 'Invalid includeBrowsers value.',
    });
    expect(refused('startTimeAfter=yesterday', 'exportUserEventLog').body).toMatchObject({
      description: 'Invalid date.',
    });
    // An unencoded + is form-decoded to a space, as Spring reads it.
    expect(refused('endTimeOnOrBefore=2026-03-01T09:00:00.000+01:00', 'exportAdminLog').body).toMatchObject({
      description: 'Invalid date.',
    });
  });
});
