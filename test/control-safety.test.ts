/** Control-plane safety: loopback only by default, a token off loopback, and bad input answered 4xx, never 5xx. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { createControlPlane } from '../src/control-plane/pipeline.js';
import { FakeCore } from '../src/cloud-admin/fake-core.js';
import { loadContract } from '../src/core/contract.js';
import { signToken } from '../src/core/sign-token.js';
import type { ApiKeyFile } from '../src/core/api-key.js';
import type { TenantState } from '../src/domain/tenant.js';
import { control, ensureBuilt, listeningUrl, runCli, stopCli, type CliRun } from './support/control.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';

/** The vendor API still answers when the control plane does not. */
async function lookupJane(apiKey: ApiKeyFile): Promise<number> {
  const response = await fetch(`${apiKey.adminRestApiUrl}v1/users/lookup`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await signToken(apiKey, { now: Date.parse(START) })}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ email: JANE }),
  });
  return response.status;
}

describe('a server that binds a non-loopback address', () => {
  let running: RunningServer;
  afterEach(() => running.close());

  it('turns the control plane off without a control token, even for loopback clients, and says so', async () => {
    running = await startServer({ host: '0.0.0.0', port: 0, clock: { start: START } });
    expect(running.notes).toContain(
      'control plane /__fake/ disabled: the server binds a non-loopback address and no --control-token was given',
    );
    const answer = await control(running.url, 'GET', '/__fake/clock');
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body).toEqual({
      code: '403 FORBIDDEN',
      description:
        'The control plane is off: the server binds a non-loopback address and has no control token (start it with --control-token).',
    });
    const withHeader = await control(running.url, 'POST', '/__fake/reset', undefined, { controlToken: 'guess' });
    expect(withHeader.status).toBe(403);
    expect(await lookupJane(running.apiKey)).toBe(200);
  });

  it('requires the X-Fake-Control-Token header when started with a control token', async () => {
    running = await startServer({ host: '0.0.0.0', port: 0, clock: { start: START }, controlToken: 's3cret' });
    expect(running.notes).toContain('control plane /__fake/ requires the header X-Fake-Control-Token');
    const missing = await control(running.url, 'GET', '/__fake/clock');
    expect(missing).toMatchObject({
      status: 403,
      body: { code: '403 FORBIDDEN', description: 'The control plane needs the X-Fake-Control-Token header.' },
    });
    const wrong = await control(running.url, 'GET', '/__fake/clock', undefined, { controlToken: 's3cre' });
    expect(wrong).toMatchObject({
      status: 403,
      body: { description: 'The X-Fake-Control-Token header does not match the control token.' },
    });
    const right = await control(running.url, 'GET', '/__fake/clock', undefined, { controlToken: 's3cret' });
    expect(right).toMatchObject({ status: 200, body: { now: START, frozen: true } });
  });
});

describe('a server that binds loopback', () => {
  it('answers loopback clients only, and says so', async () => {
    const running = await startServer({ port: 0, clock: { start: START } });
    try {
      expect(running.notes).toContain('control plane /__fake/ answers loopback clients only');
      expect((await control(running.url, 'GET', '/__fake/clock')).status).toBe(200);
    } finally {
      await running.close();
    }
    const plane = createControlPlane(new FakeCore({ clock: { start: START } }), { loopbackOnly: true });
    const request = {
      method: 'GET',
      path: '/__fake/clock',
      authorization: undefined,
      contentType: undefined,
      body: undefined,
    };
    const remote = await plane(request, '192.0.2.10');
    expect(remote).toMatchObject({ status: 403 });
    expect(JSON.parse(remote?.body ?? '')).toEqual({
      code: '403 FORBIDDEN',
      description: 'The control plane answers loopback clients only.',
    });
    expect((await plane(request, '::ffff:127.0.0.1'))?.status).toBe(200);
    expect((await plane(request, '::1'))?.status).toBe(200);
    expect(plane({ ...request, path: '/AdminInterface/restapi/v1/users/lookup' }, '192.0.2.10')).toBeUndefined();
  });
});

describe('what the command line prints at start', () => {
  let dir: string;
  let run: CliRun | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cloud-admin-fake-safety-'));
    await ensureBuilt();
  }, 120_000);
  afterEach(async () => {
    if (run) await stopCli(run);
    run = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says the control plane is off when binding 0.0.0.0 without a token', async () => {
    run = runCli(['--port', '0', '--host', '0.0.0.0', '--key-file', join(dir, 'off', 'api.key')], {
      CLOUD_ADMIN_FAKE_CONTROL_TOKEN: '',
    });
    const url = await listeningUrl(run);
    expect(run.stdout()).toMatch(
      /^cloud-admin-fake: control plane \/__fake\/ disabled: the server binds a non-loopback address and no --control-token was given$/m,
    );
    expect((await control(url, 'GET', '/__fake/clock')).status).toBe(403);
  });

  it('says the control plane needs the header when CLOUD_ADMIN_FAKE_CONTROL_TOKEN is set, and honours it', async () => {
    run = runCli(['--port', '0', '--host', '0.0.0.0', '--key-file', join(dir, 'env', 'api.key')], {
      CLOUD_ADMIN_FAKE_CONTROL_TOKEN: 'from-env',
    });
    const url = await listeningUrl(run);
    expect(run.stdout()).toMatch(
      /^cloud-admin-fake: control plane \/__fake\/ requires the header X-Fake-Control-Token$/m,
    );
    expect((await control(url, 'GET', '/__fake/scenario')).status).toBe(403);
    const answer = await control(url, 'GET', '/__fake/scenario', undefined, { controlToken: 'from-env' });
    expect(answer).toMatchObject({ status: 200, body: { name: 'default' } });
    const apiKey = JSON.parse(readFileSync(join(dir, 'env', 'api.key'), 'utf8')) as ApiKeyFile;
    expect(apiKey.adminRestApiUrl).toBe(`${url}/AdminInterface/restapi/`);
  });

  it('says the control plane answers loopback clients only on the default bind', async () => {
    run = runCli(['--port', '0', '--key-file', join(dir, 'loop', 'api.key')], { CLOUD_ADMIN_FAKE_CONTROL_TOKEN: '' });
    await listeningUrl(run);
    expect(run.stdout()).toMatch(/^cloud-admin-fake: control plane \/__fake\/ answers loopback clients only$/m);
  });
});

describe('bad control input', () => {
  let running: RunningServer;
  const ctl = (method: string, path: string, body?: unknown, options?: Parameters<typeof control>[4]) =>
    control(running.url, method, `/__fake${path}`, body, options);
  beforeEach(async () => {
    running = await startServer({ port: 0, seed: 7, clock: { start: START } });
  });
  afterEach(() => running.close());

  it.each([
    ['malformed JSON', 'PUT', '/scenario', { raw: '{"name":' }, 400, 'Malformed JSON request body.'],
    ['an empty body where one is required', 'PUT', '/scenario', { raw: '' }, 400, 'Required request body is missing.'],
    [
      'a body that is not JSON',
      'PUT',
      '/scenario',
      { raw: 'name=x', contentType: 'text/plain' },
      415,
      "Content type 'text/plain' not supported.",
    ],
    [
      'a wrong type',
      'POST',
      '/clock/advance',
      { body: { ms: 'soon' } },
      400,
      'Invalid request body: body/ms must be integer.',
    ],
    [
      'a negative advance',
      'POST',
      '/clock/advance',
      { body: { ms: -5 } },
      400,
      'Invalid request body: body/ms must be >= 0.',
    ],
    [
      'a missing field',
      'POST',
      '/clock/advance',
      { body: {} },
      400,
      "Invalid request body: body must have required property 'ms'.",
    ],
    [
      'an unknown field',
      'PUT',
      '/clock',
      { body: { now: START, speed: 2 } },
      400,
      'Invalid request body: body must NOT have additional properties.',
    ],
    [
      'an empty clock change',
      'PUT',
      '/clock',
      { body: {} },
      400,
      'Invalid request body: body must NOT have fewer than 1 properties.',
    ],
    [
      'a date that is not ISO-8601',
      'PUT',
      '/clock',
      { body: { now: 'tomorrow' } },
      400,
      'Invalid request body: body/now must match format "date-time".',
    ],
    [
      'an unknown scenario',
      'PUT',
      '/scenario',
      { body: { name: 'nope' } },
      404,
      'Failed to find scenario "nope". Known scenarios: default, user-disabled, user-missing, eac-locked, throttled, user-marked-deleted, high-risk-user.',
    ],
    [
      'a fault on an unknown operation',
      'POST',
      '/faults',
      { body: { operationId: 'lookupUsers', status: 500 } },
      400,
      'Invalid request body: body/operationId must be equal to one of the allowed values.',
    ],
    [
      'a fault that does nothing',
      'POST',
      '/faults',
      { body: { operationId: 'lookupUser', times: 2 } },
      400,
      'Invalid request body: body breaks a rule: A fault needs an effect: a status, a network error or a latency (a latency goes with either other).',
    ],
    [
      'a backwards latency range',
      'POST',
      '/faults',
      { body: { operationId: 'lookupUser', latencyMs: [50, 10] } },
      400,
      'Failed to add the fault for lookupUser: latencyMs [50, 10] runs backwards. Give [min, max].',
    ],
    [
      'an empty settings change',
      'PATCH',
      '/settings',
      { body: {} },
      400,
      'Invalid request body: body must NOT have fewer than 1 properties.',
    ],
    [
      'a setting out of range',
      'PATCH',
      '/settings',
      { body: { codeLength: 64 } },
      400,
      'Invalid request body: body/codeLength must be <= 16.',
    ],
    [
      'a negative tenant seed',
      'POST',
      '/tenants',
      { body: { seed: -1 } },
      400,
      'Invalid request body: body/seed must be >= 0.',
    ],
    [
      'a tenant in an unknown scenario',
      'POST',
      '/tenants',
      { body: { scenario: 'nope' } },
      404,
      'Failed to find scenario "nope". Known scenarios: default, user-disabled, user-missing, eac-locked, throttled, user-marked-deleted, high-risk-user.',
    ],
    [
      'a journal status that is not a status',
      'GET',
      '/journal?status=ok',
      {},
      400,
      'Failed to read the journal: the status filter must be an HTTP status code (or 0 for a failed connection), got "ok".',
    ],
    [
      'a journal operationId that is no operation',
      'GET',
      '/journal?operationId=lookupUsers',
      {},
      400,
      `Failed to read the journal: the operationId filter names no operation of the vendor contract: "lookupUsers" (known: ${loadContract()
        .operations.map(({ operation }) => operation.operationId)
        .join(', ')}).`,
    ],
    ['an unknown path', 'GET', '/clocks', {}, 404, 'No endpoint /__fake/clocks.'],
    ['a method the path does not allow', 'DELETE', '/clock', {}, 405, "Request method 'DELETE' not supported."],
    [
      'a bearer token that is not a JWT',
      'GET',
      '/clock',
      { token: 'abc' },
      403,
      'The bearer token names no tenant: malformed token: not a compact JWS with a JSON header and claims.',
    ],
  ] as const)('answers %s with a clear %i', async (_name, method, path, options, status, description) => {
    const { body, ...rest } = options as { body?: unknown; raw?: string; contentType?: string; token?: string };
    const answer = await ctl(method, path, body, rest);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body).toEqual({ code: expect.stringMatching(new RegExp(`^${status} `)), description });
  });

  it('refuses a state with duplicate user ids with 400, and leaves the state unchanged', async () => {
    running.fake.tenant.clock.advance(60_000);
    const before = (await ctl('GET', '/state')).body as TenantState;
    const [first, second] = before.users;
    const bad = { ...before, clock: { now: START, frozen: true }, users: [first, { ...second, id: first?.id }] };
    const answer = await ctl('PUT', '/state', bad);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      code: '400 BAD_REQUEST',
      description: `Failed to import the state: two users have the id ${first?.id}. Ids and emails must be unique.`,
    });
    expect((await ctl('GET', '/state')).body).toEqual(before);
  });

  it('refuses a state with two users of one email (in any case) with 400', async () => {
    const before = (await ctl('GET', '/state')).body as TenantState;
    const [first, second] = before.users;
    const bad = { ...before, users: [first, { ...second, email: first?.email.toUpperCase() }] };
    const answer = await ctl('PUT', '/state', bad);
    expect(answer).toMatchObject({
      status: 400,
      body: {
        description: `Failed to import the state: two users have the email ${first?.email.toUpperCase()}. Ids and emails must be unique.`,
      },
    });
    expect((await ctl('GET', '/state')).body).toEqual(before);
  });

  it('refuses a state in an unknown scenario with 400', async () => {
    const before = (await ctl('GET', '/state')).body as TenantState;
    const answer = await ctl('PUT', '/state', { ...before, scenario: 'elsewhere' });
    expect(answer).toMatchObject({ status: 400, body: { code: '400 BAD_REQUEST' } });
    expect((answer.body as { description: string }).description).toMatch(
      /^Failed to import the state: Failed to find scenario "elsewhere"\./,
    );
  });

  it('never answers 5xx to a battery of odd requests', async () => {
    const odd: [string, string, string | undefined][] = [
      ['PUT', '/state', '[]'],
      ['PUT', '/state', 'null'],
      ['PUT', '/state', '{"format":"cloud-admin-fake/tenant-state@1"}'],
      ['PUT', '/clock', '{"now":8640000000000001}'],
      ['PUT', '/clock', '{"now":-1}'],
      ['POST', '/clock/advance', '{"ms":1e308}'],
      ['POST', '/faults', '{"operationId":"*","latencyMs":[1]}'],
      ['POST', '/tenants', '"default"'],
      ['DELETE', '/tenants/%E0%A4%A', undefined],
      ['GET', '/journal?status=999999', undefined],
      ['PATCH', '/settings', '{"expiryUnit":null}'],
    ];
    for (const [method, path, raw] of odd) {
      const answer = await ctl(method, path, undefined, raw === undefined ? {} : { raw });
      expect(answer.status, `${method} ${path} ${raw ?? ''}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${method} ${path} ${raw ?? ''}`).toBeLessThan(500);
    }
  });
});
