/** Bad requests in every transport: each gets a 4xx in the vendor's shape, and none changes the world. */
import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TenantState } from '../src/domain/tenant.js';
import { assertApplicationError } from './support/contract.js';
import { MODES, overHttp, startMode, type Answer, type Harness } from './support/modes.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';
const BASE_PATH = '/AdminInterface/restapi/';
const MALFORMED_PATH = 'The request was rejected because the URL contained a malformed percent-encoding.';
const NOT_NORMALIZED = 'The request was rejected because the URL was not normalized.';

/** Sends a path byte for byte over node:http, so no client normalises it first (fetch resolves `..`). */
function rawHttp(url: string, method: string, rawPath: string, token: string): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path: rawPath, headers: { authorization: `Bearer ${token}` } });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers))
          if (typeof value === 'string') headers.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers, body: text === '' ? null : (JSON.parse(text) as unknown) });
      });
    });
    req.end();
  });
}

function expectError(answer: Answer, status: number, description: string | RegExp): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  const body = answer.body as { code: string; description: string };
  expect(body.code).toBe(`${status} ${codeName(status)}`);
  if (typeof description === 'string') expect(body.description).toBe(description);
  else expect(body.description).toMatch(description);
}

function codeName(status: number): string {
  const names: Record<number, string> = {
    400: 'BAD_REQUEST',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    413: 'PAYLOAD_TOO_LARGE',
    414: 'URI_TOO_LONG',
    415: 'UNSUPPORTED_MEDIA_TYPE',
  };
  return names[status] ?? 'UNLISTED';
}

describe.each(MODES)('bad input over %s', (mode) => {
  let fake: Harness;
  let before: TenantState;
  let janeId: string;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    janeId = fake.controls.user(JANE)?.id ?? '';
    expect(janeId).toMatch(/^[0-9a-f-]{36}$/);
    before = fake.controls.exportState();
  });
  afterEach(async () => {
    try {
      // Every test here sends only bad requests: the world must be exactly as it started, and nothing is a 5xx.
      expect(fake.controls.exportState()).toEqual(before);
      const journal = fake.controls.journal();
      expect(journal.length).toBeGreaterThan(0);
      for (const entry of journal) expect(entry.status).toBeLessThan(500);
    } finally {
      await fake.stop();
    }
  });

  describe('bodies', () => {
    it('returns 400 for malformed JSON', async () => {
      const answer = await fake.call('POST', 'v1/users/lookup', undefined, { raw: '{"email": "jane.doe@' });
      expectError(answer, 400, 'Malformed JSON request body.');
      expect(answer.headers.get('x-fake-reason')).toMatch(/^JSON\.parse: /);
    });

    it('returns 415 for a body that is not sent as JSON', async () => {
      const answer = await fake.call('POST', 'v1/users/lookup', undefined, {
        raw: 'email=jane.doe@example.com',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectError(answer, 415, "Content type 'application/x-www-form-urlencoded' not supported.");
      expect(answer.headers.get('x-fake-reason')).toBe('send Content-Type: application/json');
    });

    it('returns 415 for an enable sent as text/plain even when the text is JSON', async () => {
      const answer = await fake.call('PUT', `v1/users/${janeId}/emergencyTokencode`, undefined, {
        raw: '{"expirationDays":7}',
        headers: { 'content-type': 'text/plain' },
      });
      expectError(answer, 415, "Content type 'text/plain' not supported.");
    });

    it('returns 413 for a body over 1 MiB', async () => {
      const raw = JSON.stringify({ email: JANE, padding: 'x'.repeat(1024 * 1024) });
      const answer = await fake.call('POST', 'v1/users/lookup', undefined, { raw });
      expectError(answer, 413, 'Request body is too large.');
    });

    it('accepts a body of exactly 1 MiB', async () => {
      const skeleton = JSON.stringify({ email: JANE, padding: '' });
      const raw = JSON.stringify({ email: JANE, padding: 'x'.repeat(1024 * 1024 - skeleton.length) });
      expect(raw.length).toBe(1024 * 1024);
      const answer = await fake.call('POST', 'v1/users/lookup', undefined, { raw });
      expect(answer.status).toBe(200);
    });

    it('returns 400 for an empty body', async () => {
      const answer = await fake.call('PUT', `v1/users/${janeId}/emergencyTokencode`, undefined, {
        raw: '',
        headers: { 'content-type': 'application/json' },
      });
      expectError(answer, 400, 'Required request body is missing.');
    });

    it.each([
      ['no email', {}],
      ['an empty email', { email: '' }],
      ['a numeric email', { email: 42 }],
      ['an email over 320 characters', { email: `${'a'.repeat(310)}@example.com` }],
      ['searchUnsynched as a string', { email: JANE, searchUnsynched: 'false' }],
      ['an array body', [JANE]],
    ])('returns 400 "Invalid request body." for a lookup with %s', async (_case, body) => {
      expectError(await fake.call('POST', 'v1/users/lookup', body), 400, 'Invalid request body.');
    });
  });

  describe('routes', () => {
    it('returns 404 for a path no operation has', async () => {
      const answer = await fake.call('POST', 'v1/groups/search', { emailLike: 'jane' }, { operationId: null });
      expectError(answer, 404, 'No endpoint /AdminInterface/restapi/v1/groups/search.');
      expect(answer.headers.get('x-fake-reason')).toBe('no operation has this path');
    });

    it('returns 404 for a known path with a trailing slash', async () => {
      expectError(
        await fake.call('POST', 'v1/users/lookup/', { email: JANE }),
        404,
        'No endpoint /AdminInterface/restapi/v1/users/lookup/.',
      );
    });

    it('returns 405 with an Allow header for a known path and another method', async () => {
      const answer = await fake.call('GET', 'v1/users/lookup');
      expectError(answer, 405, "Request method 'GET' not supported.");
      // The path also matches Delete User Now's /v1/users/{userId}; Spring lists both methods.
      expect(answer.headers.get('allow')).toBe('POST, DELETE');
    });

    it('returns 405 allowing PUT when enable is sent as DELETE without a tokencode id', async () => {
      const answer = await fake.call('DELETE', `v1/users/${janeId}/emergencyTokencode`);
      expectError(answer, 405, "Request method 'DELETE' not supported.");
      expect(answer.headers.get('allow')).toBe('PUT');
    });

    it('returns 405 allowing DELETE when disable is sent as PUT', async () => {
      const answer = await fake.call('PUT', `v1/users/${janeId}/emergencyTokencode/some-id`, { expirationDays: 1 });
      expectError(answer, 405, "Request method 'PUT' not supported.");
      expect(answer.headers.get('allow')).toBe('DELETE');
    });
  });

  describe('odd user ids in the path', () => {
    /** Sends every operation that takes a user id, with `segment` as the id, and checks each answer. */
    async function expectEveryOperation(
      segment: string,
      expected: { status: number; userStatus: string; other: string; routed: boolean },
    ): Promise<void> {
      const operationId = expected.routed ? {} : { operationId: null };
      const status = await fake.call('PUT', `v1/users/${segment}/userStatus`, { userStatus: 'Disabled' }, operationId);
      expectError(status, expected.status, expected.userStatus);
      const v1 = await fake.call('PUT', `v1/users/${segment}/emergencyTokencode`, { expirationDays: 1 }, operationId);
      expectError(v1, expected.status, expected.other);
      const v2 = await fake.call('PUT', `v2/users/${segment}/emergencyTokencode`, {}, operationId);
      expectError(v2, expected.status, expected.other);
      const disable = await fake.call('DELETE', `v1/users/${segment}/emergencyTokencode/x`, undefined, operationId);
      expectError(disable, expected.status, expected.other);
    }

    it('returns 404 for a 5000-character id', async () => {
      const id = 'a'.repeat(5000);
      await expectEveryOperation(id, {
        status: 404,
        userStatus: `User ${id} not found`,
        other: 'User not found.',
        routed: true,
      });
    });

    it('returns 414 for a path over 8192 characters', async () => {
      const id = 'a'.repeat(9000);
      await expectEveryOperation(id, {
        status: 414,
        userStatus: 'Request URI is too long.',
        other: 'Request URI is too long.',
        routed: false,
      });
    });

    it('returns 404 for an id holding an encoded slash, kept inside the one segment', async () => {
      await expectEveryOperation(`${janeId.slice(0, 8)}%2F${janeId.slice(9)}`, {
        status: 404,
        userStatus: `User ${janeId.slice(0, 8)}/${janeId.slice(9)} not found`,
        other: 'User not found.',
        routed: true,
      });
    });

    it('returns 404 for an id of an encoded NUL', async () => {
      await expectEveryOperation('%00', {
        status: 404,
        userStatus: 'User \u0000 not found',
        other: 'User not found.',
        routed: true,
      });
    });

    it('returns 404 for a unicode id', async () => {
      const id = 'ユーザー😀';
      await expectEveryOperation(encodeURIComponent(id), {
        status: 404,
        userStatus: `User ${id} not found`,
        other: 'User not found.',
        routed: true,
      });
    });

    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
      'returns 404 for the id %s, which is an Object.prototype name',
      async (id) => {
        await expectEveryOperation(id, {
          status: 404,
          userStatus: `User ${id} not found`,
          other: 'User not found.',
          routed: true,
        });
      },
    );

    it('returns 400 for a malformed percent-encoding', async () => {
      await expectEveryOperation('%E0%A4%A', {
        status: 400,
        userStatus: MALFORMED_PATH,
        other: MALFORMED_PATH,
        routed: false,
      });
    });

    it('returns 400 for an empty segment (//)', async () => {
      const answer = await fake.call('PUT', 'v1/users//userStatus', { userStatus: 'Disabled' }, { operationId: null });
      expectError(answer, 400, NOT_NORMALIZED);
      expect(answer.headers.get('x-fake-reason')).toBe('the path has an empty, "." or ".." segment');
    });

    // Over HTTP the raw bytes reach the server; fetch and msw normalise dot segments inside the client, so in
    // those modes the core is handed the raw path directly, as a server adapter would hand it.
    it('returns 400 for a raw dot segment (..) sent byte for byte', async () => {
      for (const path of [`v1/users/${janeId}/../${janeId}/userStatus`, `v1/users/./${janeId}/userStatus`]) {
        const token = await fake.token();
        const answer = overHttp(mode)
          ? await rawHttp(fake.apiKey.adminRestApiUrl, 'DELETE', `${BASE_PATH}${path}`, token)
          : await fake.core
              .handle({
                method: 'DELETE',
                path: `${BASE_PATH}${path}`,
                authorization: `Bearer ${token}`,
                contentType: undefined,
                body: undefined,
              })
              .then((response) => ({
                status: response.status,
                headers: new Headers(response.headers),
                body: JSON.parse(response.body ?? 'null') as unknown,
              }));
        assertApplicationError(answer.body);
        expectError(answer, 400, NOT_NORMALIZED);
      }
    });
  });

  describe('types and ranges', () => {
    it.each([0, 8, -1, '8', '0', 3.5, true, null, [], {}, 'abc', ' 7', '07', '7\n', 'seven'].map((value) => [value]))(
      'returns 400 "Invalid expiration date." for expirationDays %j',
      async (expirationDays) => {
        const answer = await fake.call('PUT', `v1/users/${janeId}/emergencyTokencode`, { expirationDays });
        expectError(answer, 400, 'Invalid expiration date.');
        expect(answer.headers.get('x-fake-reason')).toMatch(/^body/);
      },
    );

    it('returns 400 "Invalid expiration date." when expirationDays is missing', async () => {
      expectError(
        await fake.call('PUT', `v1/users/${janeId}/emergencyTokencode`, { expirationdays: 7 }),
        400,
        'Invalid expiration date.',
      );
    });

    it.each([
      ['a unit without a value', { expiryUnit: 'hours' }],
      ['a value without a unit', { expiryValue: 2 }],
      ['more than 7 days in minutes', { expiryUnit: 'minutes', expiryValue: 10081 }],
      ['more than 7 days in hours', { expiryUnit: 'hours', expiryValue: 169 }],
      ['more than 7 days', { expiryUnit: 'days', expiryValue: 8 }],
      ['a value of 0', { expiryUnit: 'days', expiryValue: 0 }],
      ['a negative value', { expiryUnit: 'minutes', expiryValue: -5 }],
      ['an upper-case unit', { expiryUnit: 'DAYS', expiryValue: 1 }],
      ['an unknown unit', { expiryUnit: 'weeks', expiryValue: 1 }],
      ['a value as a string', { expiryUnit: 'hours', expiryValue: '5' }],
      ['a fractional value', { expiryUnit: 'hours', expiryValue: 1.5 }],
      ['oneTimeUse as a string', { oneTimeUse: 'true' }],
      ['an array body', []],
      ['a null body', null],
    ])('returns 400 "Invalid expiry configuration." for v2 with %s', async (_case, body) => {
      const answer = await fake.call('PUT', `v2/users/${janeId}/emergencyTokencode`, body);
      expectError(answer, 400, 'Invalid expiry configuration.');
    });

    it('returns 400 "Wrong number of properties in the request body." for userStatus with an extra property', async () => {
      const answer = await fake.call('PUT', `v1/users/${janeId}/userStatus`, {
        userStatus: 'Disabled',
        reason: 'left',
      });
      expectError(answer, 400, 'Wrong number of properties in the request body.');
    });

    it('returns 400 "Wrong number of properties in the request body." for userStatus with no property', async () => {
      expectError(
        await fake.call('PUT', `v1/users/${janeId}/userStatus`, {}),
        400,
        'Wrong number of properties in the request body.',
      );
    });

    it.each(['enabled', 'DISABLED', '', 'Locked', true, null])(
      'returns 400 "Invalid user status." for userStatus %j',
      async (userStatus) => {
        const answer = await fake.call('PUT', `v1/users/${janeId}/userStatus`, { userStatus });
        expectError(answer, 400, 'Invalid user status.');
      },
    );

    it('returns 400 "Invalid user status." when the one property is not userStatus', async () => {
      expectError(
        await fake.call('PUT', `v1/users/${janeId}/userStatus`, { status: 'Disabled' }),
        400,
        'Invalid user status.',
      );
    });
  });
});

describe.each(MODES)('prototype pollution over %s', (mode) => {
  let fake: Harness;
  let janeId: string;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    janeId = fake.controls.user(JANE)?.id ?? '';
  });
  afterEach(async () => {
    try {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    } finally {
      await fake.stop();
    }
  });

  it('ignores a __proto__ key in an enable body and still applies expirationDays', async () => {
    const answer = await fake.call('PUT', `v1/users/${janeId}/emergencyTokencode`, undefined, {
      raw: '{"__proto__":{"polluted":1},"expirationDays":3}',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ expirationDate: '2026-03-04T09:00:00.000Z' });
  });

  it('ignores a constructor.prototype key in an enable body', async () => {
    const answer = await fake.call('PUT', `v1/users/${janeId}/emergencyTokencode`, undefined, {
      raw: '{"constructor":{"prototype":{"polluted":1}},"expirationDays":3}',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ expirationDate: '2026-03-04T09:00:00.000Z' });
  });

  it('takes no v2 setting from a __proto__ key', async () => {
    const answer = await fake.call('PUT', `v2/users/${janeId}/emergencyTokencode`, undefined, {
      raw: '{"__proto__":{"polluted":1,"oneTimeUse":true,"expiryUnit":"minutes","expiryValue":1}}',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      oneTimeUse: false,
      configurationsUsed: { expiryValue: 3, expiryUnit: 'days', oneTimeUse: false },
      expirationDate: '2026-03-04T09:00:00.000Z',
    });
  });

  it('counts a __proto__ key as a property of a userStatus body', async () => {
    const before = fake.controls.exportState();
    const answer = await fake.call('PUT', `v1/users/${janeId}/userStatus`, undefined, {
      raw: '{"__proto__":{"polluted":1},"userStatus":"Disabled"}',
    });
    expectError(answer, 400, 'Wrong number of properties in the request body.');
    expect(fake.controls.exportState()).toEqual(before);
  });

  it('does not look a user up through a __proto__ email', async () => {
    const answer = await fake.call('POST', 'v1/users/lookup', { email: '__proto__' });
    expectError(answer, 404, 'User __proto__ not found');
  });
});
