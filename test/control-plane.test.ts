/** Every /__fake/ operation over HTTP (validated against openapi/control-plane.yaml), and the same control in process. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFake, type Fake } from '../src/create-fake.js';
import { UnknownScenarioError } from '../src/domain/scenario.js';
import { ControlError } from '../src/core/http-error.js';
import { loadControlContract } from '../src/core/contract.js';
import type { ApiKeyFile } from '../src/core/api-key.js';
import type { FaultSpec } from '../src/domain/scenario.js';
import { startMode, type Harness } from './support/modes.js';
import { calledControlOperations, control, firstEvents, originOf, tokenFor } from './support/control.js';
import { assertMatchesContract } from './support/contract.js';
import { loadSpec } from '../src/core/spec.js';

const START = '2026-03-01T09:00:00.000Z';
const START_MS = Date.parse(START);
const JANE = 'jane.doe@example.com';
const BUILT_IN = [
  'default',
  'user-disabled',
  'user-missing',
  'eac-locked',
  'throttled',
  'user-marked-deleted',
  'high-risk-user',
];
const DEFAULT_SETTINGS = {
  expiryValue: 3,
  expiryUnit: 'days',
  oneTimeUse: false,
  locked: false,
  codeLength: 8,
  codeCharset: 'alphanumeric',
};

describe('control plane over HTTP', () => {
  let server: Harness;
  let origin: string;
  const ctl = (method: string, path: string, body?: unknown, options?: Parameters<typeof control>[4]) =>
    control(origin, method, `/__fake${path}`, body, options);
  const journalLength = async (): Promise<number> => ((await ctl('GET', '/journal')).body as unknown[]).length;
  const janeId = async (): Promise<string> =>
    ((await server.call('POST', 'v1/users/lookup', { email: JANE })).body as { id: string }).id;

  beforeEach(async () => {
    server = await startMode('express', { seed: 7, clock: { start: START } });
    origin = originOf(server.apiKey);
  });
  afterEach(() => server.stop());

  it('GET /__fake/scenarios lists the built-in scenarios with their descriptions', async () => {
    const answer = await ctl('GET', '/scenarios');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    const list = answer.body as { name: string; description: string }[];
    expect(list.map((scenario) => scenario.name)).toEqual(BUILT_IN);
    expect(list.find((scenario) => scenario.name === 'eac-locked')?.description).toMatch(/locked its EAC settings/);
  });

  it('GET /__fake/scenario names the scenario in force', async () => {
    const answer = await ctl('GET', '/scenario');
    expect(answer).toMatchObject({ status: 200, body: { name: 'default' } });
  });

  it('PUT /__fake/scenario switches scenario and rebuilds the world from it', async () => {
    const answer = await ctl('PUT', '/scenario', { name: 'user-missing' });
    expect(answer).toMatchObject({ status: 200, body: { name: 'user-missing' } });
    expect((await ctl('GET', '/scenario')).body).toEqual({ name: 'user-missing' });
    const lookup = await server.call('POST', 'v1/users/lookup', { email: JANE });
    expect(lookup).toMatchObject({
      status: 404,
      body: { code: '404 NOT_FOUND', description: `User ${JANE} not found` },
    });
  });

  it('PUT /__fake/scenario answers 404 naming the known scenarios for an unknown name', async () => {
    const answer = await ctl('PUT', '/scenario', { name: 'no-such-world' });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      code: '404 NOT_FOUND',
      description: `Failed to find scenario "no-such-world". Known scenarios: ${BUILT_IN.join(', ')}.`,
    });
    expect((await ctl('GET', '/scenario')).body).toEqual({ name: 'default' });
  });

  it('POST /__fake/reset restores users, settings, faults, journal and the clock start', async () => {
    const id = await janeId();
    await server.call('PUT', `v1/users/${id}/emergencyTokencode`, { expirationDays: 2 });
    await ctl('PATCH', '/settings', { locked: true });
    await ctl('POST', '/faults', { operationId: 'setUserStatus', status: 500 });
    await ctl('POST', '/clock/advance', { ms: 3_600_000 });

    const answer = await ctl('POST', '/reset');
    expect(answer).toMatchObject({ status: 200, body: { name: 'default' } });
    expect((await ctl('GET', '/journal')).body).toEqual([]);
    expect((await ctl('GET', '/clock')).body).toEqual({ now: START, frozen: true });
    expect((await ctl('GET', '/settings')).body).toEqual(DEFAULT_SETTINGS);
    expect((await ctl('GET', '/faults')).body).toEqual([]);
    const lookup = await server.call('POST', 'v1/users/lookup', { email: JANE });
    expect(lookup.body).toMatchObject({ emergencyAccessStatus: 'Disabled', emergencyTokencodeId: null });
  });

  it('GET /__fake/clock reads the tenant clock', async () => {
    const answer = await ctl('GET', '/clock');
    expect(answer).toMatchObject({ status: 200, body: { now: START, frozen: true } });
  });

  it('PUT /__fake/clock sets the time (ISO or epoch ms), freezes and unfreezes', async () => {
    expect((await ctl('PUT', '/clock', { now: '2026-04-01T12:00:00.000Z' })).body).toEqual({
      now: '2026-04-01T12:00:00.000Z',
      frozen: true,
    });
    expect((await ctl('PUT', '/clock', { now: START_MS })).body).toEqual({ now: START, frozen: true });
    const running = await ctl('PUT', '/clock', { frozen: false });
    expect(running.status).toBe(200);
    expect(running.body).toMatchObject({ frozen: false });
    const runningAt = Date.parse((running.body as { now: string }).now);
    expect(runningAt).toBeGreaterThanOrEqual(START_MS);
    expect(runningAt).toBeLessThan(START_MS + 5_000);
    const frozen = await ctl('PUT', '/clock', { now: START, frozen: true });
    expect(frozen.body).toEqual({ now: START, frozen: true });
    expect(server.tenant.clock.now()).toBe(START_MS);
  });

  it('POST /__fake/clock/advance moves the clock forward, and codes are dated by it', async () => {
    const answer = await ctl('POST', '/clock/advance', { ms: 90_000 });
    expect(answer).toMatchObject({ status: 200, body: { now: '2026-03-01T09:01:30.000Z', frozen: true } });
    const id = await janeId();
    const enabled = await server.call('PUT', `v1/users/${id}/emergencyTokencode`, { expirationDays: 1 });
    expect(enabled.body).toMatchObject({ expirationDate: '2026-03-02T09:01:30.000Z' });
  });

  it('GET /__fake/journal lists requests, filtered by operationId and status', async () => {
    await server.call('POST', 'v1/users/lookup', { email: JANE });
    await server.call('POST', 'v1/users/lookup', { email: 'nobody@example.com' });
    const all = await ctl('GET', '/journal');
    expect(all.status).toBe(200);
    expect((all.body as { seq: number; status: number }[]).map(({ seq, status }) => [seq, status])).toEqual([
      [1, 200],
      [2, 404],
    ]);
    const misses = await ctl('GET', '/journal?operationId=lookupUser&status=404');
    expect(misses.body).toEqual([
      {
        seq: 2,
        operationId: 'lookupUser',
        method: 'POST',
        path: '/AdminInterface/restapi/v1/users/lookup',
        status: 404,
        requestBody: { email: 'nobody@example.com' },
        responseBody: { code: '404 NOT_FOUND', description: 'User nobody@example.com not found' },
        time: START,
        durationMs: expect.any(Number) as number,
        tenant: server.apiKey.accessID,
        trace: {
          scenario: 'default',
          route: { matched: true, reason: null },
          token: { verdict: 'accepted', reason: null },
          throttle: { allowed: true, before: 199, after: 198, limit: { requestsPerSecond: 100, burst: 200 } },
          fault: null,
          validation: { ok: true, reason: null },
          changed: [],
        },
      },
    ]);
    expect((await ctl('GET', '/journal?operationId=setUserStatus')).body).toEqual([]);
  });

  it('GET /__fake/coverage counts operation x status pairs from the journal', async () => {
    await server.call('POST', 'v1/users/lookup', { email: JANE });
    await server.call('POST', 'v1/users/lookup', { email: JANE });
    await server.call('POST', 'v1/users/lookup', { email: 'nobody@example.com' });
    const answer = await ctl('GET', '/coverage');
    expect(answer.status).toBe(200);
    const rows = answer.body as { operationId: string; status: number; count: number }[];
    expect(rows).toContainEqual({ operationId: 'lookupUser', status: 200, count: 2 });
    expect(rows).toContainEqual({ operationId: 'lookupUser', status: 404, count: 1 });
    expect(rows).toContainEqual({ operationId: 'disableEmergencyTokencode', status: 200, count: 0 });
    expect(rows.filter((row) => row.count > 0)).toHaveLength(2);
  });

  it('GET /__fake/state exports the world and PUT /__fake/state imports one', async () => {
    const exported = await ctl('GET', '/state');
    expect(exported.status).toBe(200);
    const state = exported.body as { scenario: string; users: { email: string; userStatus: string }[] };
    expect(state).toMatchObject({
      format: 'cloud-admin-fake/tenant-state@1',
      scenario: 'default',
      seed: 7,
      clock: { now: START, frozen: true },
      eacSettings: DEFAULT_SETTINGS,
    });
    expect(state.users).toHaveLength(27);
    const changed = {
      ...state,
      users: state.users.map((user) => (user.email === JANE ? { ...user, userStatus: 'Disabled' } : user)),
    };
    const imported = await ctl('PUT', '/state', changed);
    expect(imported).toMatchObject({ status: 200, body: changed });
    const lookup = await server.call('POST', 'v1/users/lookup', { email: JANE });
    expect(lookup.body).toMatchObject({ userStatus: 'Disabled' });
  });

  it('POST /__fake/user-events adds events that User Event Log export shows; an unknown email adds none', async () => {
    const added = await ctl('POST', '/user-events', [
      { email: JANE, eventCode: 'AUTHN_FAILURE', eventLevel: 'WARN', time: '2026-03-01T08:30:00.000Z' },
    ]);
    expect(added.status).toBe(201);
    const [event] = added.body as { eventId: string; userId: string; eventLogDate: string; eventCode: string }[];
    expect(event).toMatchObject({
      userId: await janeId(),
      eventLogDate: '2026-03-01T08:30:00.000Z',
      eventCode: 'AUTHN_FAILURE',
    });
    const exported = await server.call(
      'GET',
      'v1/usereventlog/exportlogs?startTimeAfter=2026-03-01T08:29:59.999Z&endTimeOnOrBefore=2026-03-01T08:30:00.000Z',
    );
    expect(exported.body).toMatchObject({ totalElements: 1, userEventLogExportEntries: [event] });
    const refused = await ctl('POST', '/user-events', [{ email: JANE }, { email: 'nobody@example.com' }]);
    expect(refused).toMatchObject({
      status: 400,
      body: {
        code: '400 BAD_REQUEST',
        description: 'Failed to add the user events: events.1.email nobody@example.com names no user of the tenant.',
      },
    });
    expect((await ctl('POST', '/user-events', [{ email: JANE, eventLevel: 'LOUD' }])).status).toBe(400);
    expect((await ctl('GET', '/state')).body).toMatchObject({ userEvents: expect.arrayContaining([event]) as unknown });
  });

  it('GET /__fake/settings reads and PATCH /__fake/settings merges company EAC settings', async () => {
    expect((await ctl('GET', '/settings')).body).toEqual(DEFAULT_SETTINGS);
    const patched = await ctl('PATCH', '/settings', { locked: true, expiryValue: 1 });
    expect(patched).toMatchObject({ status: 200, body: { ...DEFAULT_SETTINGS, locked: true, expiryValue: 1 } });
    const enabled = await server.call('PUT', `v1/users/${await janeId()}/emergencyTokencode`, { expirationDays: 7 });
    expect(enabled.body).toMatchObject({ expirationDate: '2026-03-02T09:00:00.000Z' });
  });

  it('POST /__fake/faults adds a fault, GET lists it, DELETE clears them', async () => {
    const added = await ctl('POST', '/faults', { operationId: 'lookupUser', status: 500, times: 1 });
    expect(added).toMatchObject({ status: 201, body: [{ operationId: 'lookupUser', status: 500, times: 1 }] });
    expect((await ctl('GET', '/faults')).body).toEqual([{ operationId: 'lookupUser', status: 500, times: 1 }]);
    const failed = await server.call('POST', 'v1/users/lookup', { email: JANE });
    expect(failed).toMatchObject({
      status: 500,
      body: { code: '500 INTERNAL_SERVER_ERROR', description: 'An internal error occurred.' },
    });
    await ctl('POST', '/faults', { operationId: '*', networkError: 'error' });
    const cleared = await ctl('DELETE', '/faults');
    expect(cleared).toMatchObject({ status: 200, body: [] });
    expect((await server.call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(200);
  });

  it('POST /__fake/tenants returns a new key file, whose token names the tenant in control calls', async () => {
    const created = await ctl('POST', '/tenants', { scenario: 'user-missing', seed: 3 });
    expect(created.status).toBe(201);
    const key = created.body as ApiKeyFile;
    expect(key).toMatchObject({
      customerName: 'Example Corp',
      adminRestApiUrl: server.apiKey.adminRestApiUrl,
      description: expect.stringMatching(/cloud-admin-fake/),
    });
    expect(key.accessID).not.toBe(server.apiKey.accessID);
    expect(key.accessKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);

    const token = await tokenFor(key, START);
    expect((await ctl('GET', '/scenario', undefined, { token })).body).toEqual({ name: 'user-missing' });
    expect((await ctl('GET', '/scenario')).body).toEqual({ name: 'default' });
    const lookup = await server.call('POST', 'v1/users/lookup', { email: JANE }, { token });
    expect(lookup).toMatchObject({ status: 404, body: { description: `User ${JANE} not found` } });
  });

  it('POST /__fake/tenants with no body creates a tenant in the default scenario', async () => {
    const created = await ctl('POST', '/tenants');
    expect(created.status).toBe(201);
    const token = await tokenFor(created.body as ApiKeyFile, START);
    expect((await ctl('GET', '/scenario', undefined, { token })).body).toEqual({ name: 'default' });
  });

  it('POST /__fake/tenants answers 404 for an unknown scenario', async () => {
    const created = await ctl('POST', '/tenants', { scenario: 'nowhere' });
    expect(created).toMatchObject({ status: 404, body: { code: '404 NOT_FOUND' } });
    expect((created.body as { description: string }).description).toMatch(/^Failed to find scenario "nowhere"/);
  });

  it('DELETE /__fake/tenants/{accessId} removes a tenant; its token is then refused', async () => {
    const key = (await ctl('POST', '/tenants')).body as ApiKeyFile;
    const token = await tokenFor(key, START);
    // Used once first, so the removal must also end a token the server verified and remembers.
    expect(await server.call('POST', 'v1/users/lookup', { email: JANE }, { token })).toMatchObject({ status: 200 });
    const removed = await ctl('DELETE', `/tenants/${key.accessID}`);
    expect(removed.status).toBe(204);
    expect(removed.body).toBeNull();
    const refused = await server.call('POST', 'v1/users/lookup', { email: JANE }, { token });
    expect(refused).toMatchObject({ status: 403, body: { status: 403, message: 'Access Id is not valid' } });
    const again = await ctl('DELETE', `/tenants/${key.accessID}`);
    expect(again).toMatchObject({
      status: 404,
      body: {
        code: '404 NOT_FOUND',
        description: `Failed to remove tenant ${key.accessID}: no tenant has this access ID.`,
      },
    });
  });

  it('DELETE /__fake/tenants/{accessId} refuses to remove the default tenant', async () => {
    const answer = await ctl('DELETE', `/tenants/${server.apiKey.accessID}`);
    expect(answer).toMatchObject({
      status: 404,
      body: {
        code: '404 NOT_FOUND',
        description: `Failed to remove tenant ${server.apiKey.accessID}: it is the default tenant, which stays.`,
      },
    });
    expect((await server.call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(200);
  });

  it('names the tenant by the token signature, not its times: a tenant 2 h ahead can still be controlled', async () => {
    const token = await tokenFor(server.apiKey, START);
    await ctl('POST', '/clock/advance', { ms: 2 * 3_600_000 }, { token });
    const clock = await ctl('GET', '/clock', undefined, { token });
    expect(clock).toMatchObject({ status: 200, body: { now: '2026-03-01T11:00:00.000Z' } });
    const vendor = await server.call('POST', 'v1/users/lookup', { email: JANE }, { token });
    expect(vendor).toMatchObject({ status: 403, body: { message: 'Expired Access Token is not allowed' } });
  });

  it('refuses a bearer token that names no tenant with 403', async () => {
    const other = createFake({ seed: 99 }).apiKey;
    const answer = await ctl('GET', '/clock', undefined, { token: await tokenFor({ ...other, accessID: 'nobody' }) });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      code: '403 FORBIDDEN',
      description: 'The bearer token names no tenant: unknown access ID in sub: nobody.',
    });
  });

  it('GET /__fake/tenants lists the default tenant first; X-Fake-Tenant names the tenant a call acts on', async () => {
    const created = (await ctl('POST', '/tenants', { scenario: 'eac-locked' })).body as ApiKeyFile;
    const tenants = await ctl('GET', '/tenants');
    expect(tenants).toMatchObject({ status: 200 });
    expect(tenants.body).toEqual([
      { accessId: server.apiKey.accessID, customerName: 'Example Corp', scenario: 'default', isDefault: true },
      { accessId: created.accessID, customerName: 'Example Corp', scenario: 'eac-locked', isDefault: false },
    ]);
    const named = await fetch(`${origin}/__fake/scenario`, { headers: { 'x-fake-tenant': created.accessID } });
    expect(await named.json()).toEqual({ name: 'eac-locked' });
    const unknown = await fetch(`${origin}/__fake/scenario`, { headers: { 'x-fake-tenant': 'nobody' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      code: '404 NOT_FOUND',
      description: "Failed to name the tenant: X-Fake-Tenant nobody is no tenant's access ID.",
    });
  });

  it('GET /__fake/users pages the users as User Details shows them, the scenario users first', async () => {
    await server.call('PUT', `v1/users/${await janeId()}/emergencyTokencode`, { expirationDays: 1 });
    const page = await ctl('GET', '/users?limit=2');
    expect(page.status).toBe(200);
    const { total, users } = page.body as { total: number; users: Record<string, unknown>[] };
    expect(total).toBe(27);
    expect(users.map((user) => [user.emailAddress, user.userStatus, user.emergencyAccessStatus])).toEqual([
      [JANE, 'Enabled', 'Enabled'],
      ['disabled.user@example.com', 'Disabled', 'Disabled'],
    ]);
    for (const user of users) assertMatchesContract('lookupUser', 200, user);
    await ctl('POST', '/clock/advance', { ms: 2 * 86_400_000 });
    const later = (await ctl('GET', '/users?limit=1')).body as { users: Record<string, unknown>[] };
    expect(later.users[0]?.emergencyAccessStatus).toBe('Expired');
    const rest = (await ctl('GET', '/users?offset=25&limit=100')).body as { users: unknown[] };
    expect(rest.users).toHaveLength(2);
    const bad = await ctl('GET', '/users?limit=0');
    expect(bad).toMatchObject({
      status: 400,
      body: { description: 'Failed to list the users: the limit parameter is out of range, got "0".' },
    });
  });

  it('GET /__fake/throttle reads and PUT /__fake/throttle sets the limit; a bad one changes nothing', async () => {
    expect((await ctl('GET', '/throttle')).body).toEqual({ requestsPerSecond: 100, burst: 200 });
    expect((await ctl('PUT', '/throttle', { requestsPerSecond: 1, burst: 1 })).body).toEqual({
      requestsPerSecond: 1,
      burst: 1,
    });
    expect((await server.call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(200);
    const refused = await server.call('POST', 'v1/users/lookup', { email: JANE });
    expect(refused).toMatchObject({ status: 429, body: { code: '429 TOO_MANY_REQUESTS' } });
    const bad = await ctl('PUT', '/throttle', { requestsPerSecond: -1, burst: 1 });
    expect(bad.status).toBe(400);
    expect((await ctl('GET', '/throttle')).body).toEqual({ requestsPerSecond: 1, burst: 1 });
  });

  it('DELETE /__fake/faults/{index} removes one fault; a missing index answers 404', async () => {
    await ctl('POST', '/faults', { operationId: 'lookupUser', status: 503 });
    await ctl('POST', '/faults', { operationId: 'setUserStatus', latencyMs: 5 });
    const left = await ctl('DELETE', '/faults/0');
    expect(left).toMatchObject({ status: 200, body: [{ operationId: 'setUserStatus', latencyMs: 5 }] });
    expect((await server.call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(200);
    expect(await ctl('DELETE', '/faults/1')).toMatchObject({
      status: 404,
      body: { description: 'Failed to remove fault 1: there are 1 faults.' },
    });
  });

  it('DELETE /__fake/journal empties the journal; the next request is number 1', async () => {
    await server.call('POST', 'v1/users/lookup', { email: JANE });
    expect(await ctl('DELETE', '/journal')).toMatchObject({ status: 200, body: [] });
    expect((await ctl('GET', '/journal')).body).toEqual([]);
    await server.call('POST', 'v1/users/lookup', { email: JANE });
    expect(((await ctl('GET', '/journal')).body as { seq: number }[]).map((entry) => entry.seq)).toEqual([1]);
  });

  it('GET /__fake/ui, /__fake/docs and their assets come from the package, limited to this origin', async () => {
    for (const [path, type, text] of [
      ['/ui', 'text/html', '<table aria-label="Request log">'],
      ['/docs', 'text/html', 'swagger-ui-bundle.js'],
      ['/assets/dashboard.js', 'text/javascript', 'new EventSource(`${CONTROL}/events`)'],
      ['/assets/dashboard.css', 'text/css', 'system-ui'],
      ['/assets/docs.js', 'text/javascript', 'SwaggerUIBundle'],
      ['/assets/swagger-ui-bundle.js', 'text/javascript', 'SwaggerUIBundle'],
      ['/assets/swagger-ui.css', 'text/css', '.swagger-ui'],
    ] as const) {
      const answer = await ctl('GET', path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
      expect(answer.body as string).toContain(text);
      expect(answer.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self';/);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
    for (const path of ['/assets/package.json', '/assets/..%2F..%2Fpackage.json', '/assets/dashboard.html']) {
      const answer = await ctl('GET', path);
      expect(answer.status, path).toBe(404);
    }
  });

  it('GET /__fake/openapi.json, /openapi.yaml and /control-plane.json serve the contracts, their server this one', async () => {
    const vendor = loadSpec();
    const json = await ctl('GET', '/openapi.json');
    expect(json.headers.get('content-type')).toBe('application/json');
    const served = json.body as { paths: unknown; servers: { url: string }[] };
    expect(served.paths).toEqual(vendor.paths);
    expect(served.servers).toEqual([{ url: `${origin}/AdminInterface/restapi`, description: 'this cloud-admin-fake' }]);
    const yamlText = (await ctl('GET', '/openapi.yaml')).body as string;
    expect(yamlText).toContain(`  - url: ${origin}/AdminInterface/restapi`);
    expect(yamlText).toContain('operationId: enableEmergencyTokencodeV2');
    const control = (await ctl('GET', '/control-plane.json')).body as { servers: { url: string }[]; paths: object };
    expect(control.servers[0]?.url).toBe(`${origin}/__fake`);
    expect(Object.keys(control.paths)).toEqual(Object.keys(loadControlContract().spec.paths));
  });

  it('GET /__fake/events streams each answered request and each control change, as server-sent events', async () => {
    expect(await ctl('GET', '/events')).toMatchObject({ status: 200, body: 'retry: 1000\n: connected\n\n' });
    const stream = await fetch(`${origin}/__fake/events`);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('access-control-allow-origin')).toBeNull();
    const events = firstEvents(stream, 3);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the subscription is made once the headers are sent
    const lookup = await server.call('POST', 'v1/users/lookup', { email: JANE });
    await ctl('POST', '/clock/advance', { ms: 1000 });
    const text = await events;
    const blocks = text.split('\n\n').filter((block) => block.startsWith('event:'));
    expect(blocks[0]?.split('\n')[0]).toBe('event: entry');
    const entry = JSON.parse(blocks[0]?.split('\n')[1]?.slice('data: '.length) ?? '') as Record<string, unknown>;
    const [journaled] = (await ctl('GET', '/journal')).body as unknown[];
    expect(entry).toEqual(journaled);
    expect(entry).toMatchObject({ seq: 1, operationId: 'lookupUser', status: 200, responseBody: lookup.body });
    expect(blocks[1]).toBe(`event: change\ndata: {"tenant":"${server.apiKey.accessID}","what":"advanceClock"}`);
  });

  it('GET /__fake/pact exports the journal as a pact, the same as pact() in process', async () => {
    const id = await janeId();
    await server.call('PUT', `v1/users/${id}/emergencyTokencode`, { expirationDays: 2 });
    const answer = await ctl('GET', '/pact?consumer=help-desk&provider=rsa&specification=V3');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.body).toEqual(server.controls.pact({ consumer: 'help-desk', provider: 'rsa', specification: 'V3' }));
    expect(answer.body).toMatchObject({
      consumer: { name: 'help-desk' },
      provider: { name: 'rsa' },
      interactions: [
        { description: 'lookupUser answering 200 in scenario default' },
        { description: 'enableEmergencyTokencodeV1 answering 200 in scenario default' },
      ],
      metadata: { pactSpecification: { version: '3.0.0' } },
    });
    expect((await ctl('GET', '/pact?consumer=help-desk')).body).toMatchObject({
      metadata: { pactSpecification: { version: '4.0' } },
    });
  });

  it('GET /__fake/pact answers 400 without a consumer or for an unknown specification', async () => {
    expect((await ctl('GET', '/pact')).body).toEqual({
      code: '400 BAD_REQUEST',
      description: 'Failed to export the pact: the consumer parameter must name its consumer (1 to 200 characters).',
    });
    const answer = await ctl('GET', '/pact?consumer=a&specification=V2');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      code: '400 BAD_REQUEST',
      description: 'Failed to export the pact: the specification parameter must be V3 or V4, got "V2".',
    });
  });

  it('POST /__fake/provider-states sets up the scenario and the params, and returns a token and the ids', async () => {
    await ctl('PUT', '/scenario', { name: 'eac-locked' });
    const answer = await ctl('POST', '/provider-states', {
      state: 'user-disabled',
      params: { email: 'new.person@example.com', userStatus: 'Disabled', emergencyAccessStatus: 'Enabled' },
      action: 'setup',
    });
    expect(answer.status).toBe(200);
    const values = answer.body as { token: string; userId: string; emergencyTokencodeId: string };
    expect(Object.keys(values).sort()).toEqual(['emergencyTokencodeId', 'token', 'userId']);
    expect((await ctl('GET', '/scenario')).body).toEqual({ name: 'user-disabled' });
    // The token the state returns is one the vendor API takes, and the user is as the params say.
    const lookup = await server.call(
      'POST',
      'v1/users/lookup',
      { email: 'new.person@example.com' },
      { token: values.token },
    );
    expect(lookup.body).toMatchObject({
      id: values.userId,
      firstName: 'New',
      lastName: 'Person',
      userStatus: 'Disabled',
      emergencyAccessStatus: 'Enabled',
      emergencyTokencodeId: values.emergencyTokencodeId,
    });
    const expired = await ctl('POST', '/provider-states', {
      state: 'default',
      params: { email: JANE, emergencyAccessStatus: 'Expired' },
    });
    expect(expired.body).toMatchObject({ userId: await janeId() });
    expect((await server.call('POST', 'v1/users/lookup', { email: JANE })).body).toMatchObject({
      emergencyAccessStatus: 'Expired',
    });
  });

  it('POST /__fake/provider-states forces a status for the next call, and teardown resets the world', async () => {
    await ctl('POST', '/provider-states', {
      state: 'default',
      params: { forceStatus: 429, forceDescription: 'Too many requests.' },
    });
    const forced = await server.call('POST', 'v1/users/lookup', { email: JANE });
    expect(forced.status).toBe(429);
    expect(forced.body).toEqual({ code: '429 TOO_MANY_REQUESTS', description: 'Too many requests.' });
    expect((await server.call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(200);
    await ctl('POST', '/provider-states', {
      state: 'default',
      params: { email: 'x.y@example.com', userStatus: 'Enabled' },
    });
    const teardown = await ctl('POST', '/provider-states', { state: 'default', params: {}, action: 'teardown' });
    expect(teardown).toMatchObject({ status: 200, body: {} });
    expect((await server.call('POST', 'v1/users/lookup', { email: 'x.y@example.com' })).status).toBe(404);
    expect(await journalLength()).toBe(1);
  });

  it('POST /__fake/provider-states refuses an unknown state (404) and bad params (400), and changes nothing', async () => {
    await ctl('PUT', '/scenario', { name: 'eac-locked' });
    const unknown = await ctl('POST', '/provider-states', { state: 'no-such-scenario' });
    expect(unknown.status).toBe(404);
    expect((unknown.body as { description: string }).description).toMatch(
      /^Failed to find scenario "no-such-scenario"/,
    );
    const noEmail = await ctl('POST', '/provider-states', { state: 'default', params: { userStatus: 'Disabled' } });
    expect(noEmail.body).toEqual({
      code: '400 BAD_REQUEST',
      description: 'Failed to set up the provider state: userStatus and emergencyAccessStatus need an email.',
    });
    const badParam = await ctl('POST', '/provider-states', { state: 'default', params: { colour: 'blue' } });
    expect(badParam.status).toBe(400);
    expect((badParam.body as { description: string }).description).toMatch(/^Invalid request body: body\/params/);
    expect((await ctl('GET', '/scenario')).body).toEqual({ name: 'eac-locked' });
  });

  it('has exercised every operation of openapi/control-plane.yaml', () => {
    const declared = Object.values(loadControlContract().spec.paths).flatMap((item) =>
      Object.values(item).map((operation) => operation.operationId),
    );
    expect([...calledControlOperations].sort()).toEqual([...declared].sort());
  });
});

describe('the same controls in process', () => {
  let fake: Fake;
  const janeId = (): string => fake.userRecord(JANE)?.id ?? '';
  const call = async (method: string, path: string, body?: unknown, token?: string): Promise<Response> =>
    fake.fetch(`${fake.apiKey.adminRestApiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token ?? (await fake.token())}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });

  beforeEach(() => {
    fake = createFake({ seed: 7, clock: { start: START } });
  });

  it('listScenarios() lists the same scenarios as GET /__fake/scenarios', () => {
    expect(fake.listScenarios().map((scenario) => scenario.name)).toEqual(BUILT_IN);
  });

  it('removeFault(), setThrottle(), clearJournal() and users() act as their HTTP operations do', async () => {
    fake.addFault({ operationId: 'lookupUser', status: 503 });
    expect((await call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(503);
    fake.removeFault(0);
    expect(fake.faults()).toEqual([]);
    expect(() => fake.removeFault(0)).toThrow(ControlError);
    fake.setThrottle({ requestsPerSecond: 0, burst: 1 });
    expect(fake.throttle()).toEqual({ requestsPerSecond: 0, burst: 1 });
    expect(() => fake.setThrottle({ requestsPerSecond: 1, burst: 0 })).toThrow(/throttle\/burst must be >= 1/);
    expect(fake.journal()).toHaveLength(1);
    fake.clearJournal();
    expect(fake.journal()).toEqual([]);
    const page = fake.users({ limit: 1 });
    expect(page).toEqual({ total: 27, users: [fake.user(JANE)] });
  });

  it('useScenario() switches scenario and scenario() names it', async () => {
    fake.useScenario('user-missing');
    expect(fake.scenario()).toBe('user-missing');
    expect((await call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(404);
  });

  it('useScenario() throws an UnknownScenarioError for an unknown name', () => {
    // @ts-expect-error -- an unknown name does not compile; a name from untyped input still throws at run time
    expect(() => fake.useScenario('no-such-world')).toThrowError(UnknownScenarioError);
    // @ts-expect-error -- as above
    expect(() => fake.useScenario('no-such-world')).toThrowError(/^Failed to find scenario "no-such-world"/);
  });

  it('reset() restores users, settings, faults, journal and the clock start', async () => {
    await call('PUT', `v1/users/${janeId()}/emergencyTokencode`, { expirationDays: 2 });
    fake.updateSettings({ locked: true });
    fake.addFault({ operationId: 'lookupUser', status: 500 });
    fake.clock.advance(3_600_000);
    fake.reset();
    expect(fake.journal()).toEqual([]);
    expect(fake.clock.now()).toBe(START_MS);
    expect(fake.settings()).toEqual(DEFAULT_SETTINGS);
    expect(fake.faults()).toEqual([]);
    expect(fake.user(JANE)).toMatchObject({ emergencyAccessStatus: 'Disabled' });
  });

  it('clock sets, advances, freezes and unfreezes', () => {
    fake.clock.set('2026-04-01T12:00:00.000Z');
    expect(new Date(fake.clock.now()).toISOString()).toBe('2026-04-01T12:00:00.000Z');
    fake.clock.advance(90_000);
    expect(new Date(fake.clock.now()).toISOString()).toBe('2026-04-01T12:01:30.000Z');
    fake.clock.unfreeze();
    expect(fake.clock.isFrozen()).toBe(false);
    fake.clock.freeze();
    expect(fake.clock.isFrozen()).toBe(true);
    expect(() => fake.clock.advance(-1)).toThrowError(/Failed to advance the clock by -1 ms/);
  });

  it('journal() filters by operationId and status, and coverage() counts it', async () => {
    await call('POST', 'v1/users/lookup', { email: JANE });
    await call('POST', 'v1/users/lookup', { email: 'nobody@example.com' });
    expect(fake.journal({ operationId: 'lookupUser', status: 404 }).map((entry) => entry.seq)).toEqual([2]);
    expect(fake.coverage()).toContainEqual({ operationId: 'lookupUser', status: 200, count: 1 });
    expect(fake.coverage()).toContainEqual({ operationId: 'lookupUser', status: 404, count: 1 });
  });

  it('exportState() and importState() carry the world', async () => {
    const state = fake.exportState();
    fake.importState({
      ...state,
      users: state.users.map((user) => (user.email === JANE ? { ...user, userStatus: 'Disabled' } : user)),
    });
    expect(fake.user(JANE)).toMatchObject({ userStatus: 'Disabled' });
    expect((await call('PUT', `v1/users/${janeId()}/emergencyTokencode`, { expirationDays: 1 })).status).toBe(400);
  });

  it('importState() refuses an invalid state with a ControlError naming the field, and changes nothing', () => {
    const before = fake.exportState();
    const bad = { ...before, clock: { now: 'yesterday', frozen: true } };
    expect(() => fake.importState(bad)).toThrowError(ControlError);
    expect(() => fake.importState(bad)).toThrowError(
      /^Failed to import the state: state\/clock\/now must match format "date-time"\.$/,
    );
    expect(fake.exportState()).toEqual(before);
  });

  it('settings() reads and updateSettings() merges; a bad value throws a ControlError', () => {
    fake.updateSettings({ locked: true, expiryValue: 1 });
    expect(fake.settings()).toEqual({ ...DEFAULT_SETTINGS, locked: true, expiryValue: 1 });
    expect(() => fake.updateSettings({ codeLength: 2 })).toThrowError(
      'Failed to update the settings: settings/codeLength must be >= 4.',
    );
  });

  it('addFault(), faults() and clearFaults() manage faults; a backwards latency range is refused', async () => {
    fake.addFault({ operationId: 'lookupUser', status: 500 });
    expect(fake.faults()).toEqual([{ operationId: 'lookupUser', status: 500 }]);
    expect((await call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(500);
    expect(() => fake.addFault({ operationId: 'lookupUser', latencyMs: [50, 10] })).toThrowError(
      'Failed to add the fault for lookupUser: latencyMs [50, 10] runs backwards. Give [min, max].',
    );
    const unknownOperation = { operationId: 'lookupUsers', status: 500 } as unknown as FaultSpec;
    expect(() => fake.addFault(unknownOperation)).toThrowError(
      /^Failed to add the fault: fault\/operationId must be equal to one of the allowed values\.$/,
    );
    fake.clearFaults();
    expect(fake.faults()).toEqual([]);
    expect((await call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(200);
  });

  it('createTenant() and deleteTenant() add and remove an isolated tenant', async () => {
    const tenant = fake.createTenant({ scenario: 'user-missing' });
    expect(tenant.accessId).not.toBe(fake.accessId);
    expect(tenant.scenario()).toBe('user-missing');
    const missing = await call('POST', 'v1/users/lookup', { email: JANE }, await tenant.token());
    expect(missing.status).toBe(404);
    expect(fake.deleteTenant(tenant.accessId)).toBe(true);
    expect(fake.deleteTenant(tenant.accessId)).toBe(false);
    expect(fake.deleteTenant(fake.accessId)).toBe(false);
    const refused = await call('POST', 'v1/users/lookup', { email: JANE }, await tenant.token());
    expect(refused.status).toBe(403);
  });
});
