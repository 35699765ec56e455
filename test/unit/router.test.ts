/** The router on its own, built from the contract: matches, parameters, 404, 405, 414 and unnormalised paths. */
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/core/contract.js';
import { MAX_PATH_LENGTH, type RouteMatch } from '../../src/core/router.js';
import type { CoreResponse } from '../../src/core/http-types.js';

const BASE = '/AdminInterface/restapi';
const route = (method: string, path: string): RouteMatch | CoreResponse => loadContract().route(method, path);

function matched(method: string, path: string): { operationId: string; params: Record<string, string> } {
  const result = route(method, path);
  if (!('route' in result)) throw new Error(`${method} ${path} did not match: ${result.body}`);
  return { operationId: result.route.operation.operationId, params: result.params };
}

function refused(method: string, path: string): { status: number; body: unknown; headers: Record<string, string> } {
  const result = route(method, path);
  if ('route' in result) throw new Error(`${method} ${path} matched ${result.route.operation.operationId}`);
  return { status: result.status, body: JSON.parse(result.body ?? 'null'), headers: result.headers };
}

describe('router', () => {
  it.each([
    ['POST', `${BASE}/v1/users/lookup`, 'lookupUser', {}],
    ['PUT', `${BASE}/v1/users/u-1/userStatus`, 'setUserStatus', { userId: 'u-1' }],
    ['PUT', `${BASE}/v1/users/u-1/emergencyTokencode`, 'enableEmergencyTokencodeV1', { userId: 'u-1' }],
    ['PUT', `${BASE}/v2/users/u-1/emergencyTokencode`, 'enableEmergencyTokencodeV2', { userId: 'u-1' }],
    [
      'DELETE',
      `${BASE}/v1/users/u-1/emergencyTokencode/c-9`,
      'disableEmergencyTokencode',
      { userId: 'u-1', emergencyTokencodeId: 'c-9' },
    ],
  ])('routes %s %s to %s', (method, path, operationId, params) => {
    expect(matched(method, path)).toEqual({ operationId, params });
  });

  it('decodes parameters and keeps an encoded slash inside its segment', () => {
    expect(matched('PUT', `${BASE}/v1/users/a%2Fb%20c/userStatus`).params).toEqual({ userId: 'a/b c' });
    expect(matched('PUT', `${BASE}/v1/users/%E3%83%A6/userStatus`).params).toEqual({ userId: 'ユ' });
  });

  it('matches literal segments exactly, case and encoding included', () => {
    // Not /v1/users/Lookup: Delete User Now's /v1/users/{userId} takes any third segment, so that path is a 405.
    expect(refused('GET', `${BASE}/v1/adminlog/Exportlogs`).status).toBe(404);
    expect(refused('GET', `${BASE}/v1/adminlog/%65xportlogs`).status).toBe(404);
    expect(refused('PUT', `${BASE}/v1/users/u-1/userstatus`).status).toBe(404);
  });

  it('answers 404 in the vendor shape for a path outside the base path', () => {
    expect(refused('POST', '/v1/users/lookup')).toEqual({
      status: 404,
      body: { code: '404 NOT_FOUND', description: 'No endpoint /v1/users/lookup.' },
      headers: { 'content-type': 'application/json', 'x-fake-reason': 'no operation has this path' },
    });
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-template-expression -- the same form as the neighbouring paths
    expect(refused('POST', `${BASE}`).status).toBe(404);
    expect(refused('POST', '/AdminInterface/restapiX/v1/users/lookup').status).toBe(404);
  });

  it('answers 404 for an empty parameter', () => {
    expect(refused('PUT', `${BASE}/v1/users/u-1/emergencyTokencode/`).status).toBe(404);
  });

  it('answers 405 listing the allowed methods for a known path', () => {
    // As Spring does, Allow names every method of every template the path matches: /v1/users/lookup is also
    // Delete User Now's /v1/users/{userId}.
    expect(refused('GET', `${BASE}/v1/users/lookup`)).toEqual({
      status: 405,
      body: { code: '405 METHOD_NOT_ALLOWED', description: "Request method 'GET' not supported." },
      headers: {
        'content-type': 'application/json',
        allow: 'POST, DELETE',
        'x-fake-reason': 'this path allows POST, DELETE',
      },
    });
    expect(refused('post', `${BASE}/v1/users/u-1/sync`).headers.allow).toBe('POST');
    expect(refused('DELETE', `${BASE}/v2/users/u-1/emergencyTokencode`).headers.allow).toBe('PUT');
  });

  it('answers 414 for a path over the limit and routes one at the limit', () => {
    const prefix = `${BASE}/v1/users/`;
    const suffix = '/userStatus';
    const id = 'a'.repeat(MAX_PATH_LENGTH - prefix.length - suffix.length);
    expect(matched('PUT', `${prefix}${id}${suffix}`).params.userId).toHaveLength(id.length);
    expect(refused('PUT', `${prefix}${id}a${suffix}`)).toMatchObject({
      status: 414,
      body: { code: '414 URI_TOO_LONG', description: 'Request URI is too long.' },
    });
  });

  it.each([
    `${BASE}/v1/users//userStatus`,
    `${BASE}/v1/users/../users/lookup`,
    `${BASE}/v1/./users/lookup`,
    `${BASE}/v1/users/..`,
  ])('answers 400 for the unnormalised path %s', (path) => {
    expect(refused('POST', path)).toMatchObject({
      status: 400,
      body: {
        code: '400 BAD_REQUEST',
        description: 'The request was rejected because the URL was not normalized.',
      },
    });
  });

  it('answers 400 for a malformed percent-encoding', () => {
    expect(refused('PUT', `${BASE}/v1/users/%E0%A4%A/userStatus`)).toMatchObject({
      status: 400,
      body: {
        code: '400 BAD_REQUEST',
        description: 'The request was rejected because the URL contained a malformed percent-encoding.',
      },
    });
  });

  it('keeps dots inside a segment as data', () => {
    expect(matched('PUT', `${BASE}/v1/users/jane..doe/userStatus`).params).toEqual({ userId: 'jane..doe' });
    expect(matched('PUT', `${BASE}/v1/users/.hidden/userStatus`).params).toEqual({ userId: '.hidden' });
  });
});

describe('router: matches remembered per path', () => {
  it('gives the same operation and params for a path asked again, frozen so no caller can change them', () => {
    const path = `${BASE}/v1/users/remembered-1/emergencyTokencode`;
    const first = route('PUT', path);
    const again = route('PUT', path);
    expect(again).toBe(first);
    expect(matched('PUT', path)).toEqual({
      operationId: 'enableEmergencyTokencodeV1',
      params: { userId: 'remembered-1' },
    });
    expect(Object.isFrozen((again as RouteMatch).params)).toBe(true);
  });

  it('still refuses another method on a remembered path with 405 and its Allow header', () => {
    const path = `${BASE}/v1/users/remembered-2/userStatus`;
    expect(matched('PUT', path).operationId).toBe('setUserStatus');
    const answer = refused('PATCH', path);
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('PUT');
  });

  it('answers a long path that it does not remember the same way each time', () => {
    const path = `${BASE}/v1/users/${'x'.repeat(300)}/userStatus`;
    const first = route('PUT', path);
    const again = route('PUT', path);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('forgets everything once it holds its bound, and matches as before', () => {
    const paths = Array.from({ length: 600 }, (_, i) => `${BASE}/v1/users/bound-${i}/userStatus`);
    const first = route('PUT', paths[0] ?? '');
    expect(route('PUT', paths[0] ?? '')).toBe(first);
    for (const [i, path] of paths.entries()) expect(matched('PUT', path).params).toEqual({ userId: `bound-${i}` });
    // The map was emptied when it filled: the first path is matched afresh, with the same result.
    const afresh = route('PUT', paths[0] ?? '');
    expect(afresh).not.toBe(first);
    expect(afresh).toEqual(first);
  });
});
