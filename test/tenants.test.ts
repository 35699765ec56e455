/** Tenants: isolated worlds on one fake, created in process (createTenant) or over HTTP (POST /__fake/tenants). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { createFake, type Fake, type FakeTenant } from '../src/create-fake.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { signToken } from '../src/core/sign-token.js';
import type { ApiKeyFile } from '../src/core/api-key.js';
import type { FakeOptions } from '../src/domain/tenant-registry.js';
import type { JournalEntry } from '../src/core/journal.js';
import { MODES, operationOf, startMode, type ModeName } from './support/modes.js';
import { assertMatchesContract } from './support/contract.js';
import { control, originOf } from './support/control.js';

const START = '2026-03-01T09:00:00.000Z';
const START_MS = Date.parse(START);
const DAY_MS = 86_400_000;
const JANE = 'jane.doe@example.com';

/** A fake with tenants, whatever the transport: tenants come from createTenant() or POST /__fake/tenants. */
interface TenantWorld {
  /** The default tenant's key file. */
  apiKey: ApiKeyFile;
  createTenant(options?: { scenario?: string }): Promise<ApiKeyFile>;
  journal(apiKey: ApiKeyFile): Promise<JournalEntry[]>;
  /** Calls the vendor API as the tenant of `apiKey`; the answer is validated against the contract. */
  call(apiKey: ApiKeyFile, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

async function startWorld(mode: ModeName, options: FakeOptions): Promise<TenantWorld> {
  let fetchFn: typeof fetch = globalThis.fetch;
  let stop: () => Promise<void>;
  let apiKey: ApiKeyFile;
  let createTenant: TenantWorld['createTenant'];
  let journal: TenantWorld['journal'];
  if (mode === 'mounted') {
    // createApp in a user's Express app: vendor requests over HTTP, tenants made in-process as such a user makes them.
    const harness = await startMode('mounted', options);
    apiKey = harness.apiKey;
    createTenant = async (tenantOptions = {}) => harness.core.createTenant(tenantOptions).apiKey;
    journal = async (key) => harness.core.resolveTenant(key.accessID)?.journal.entries() ?? [];
    stop = () => harness.stop();
  } else if (mode === 'express') {
    const running: RunningServer = await startServer({ ...options, port: 0 });
    apiKey = running.apiKey;
    const origin = originOf(apiKey);
    createTenant = async (tenantOptions = {}) => {
      const answer = await control(origin, 'POST', '/__fake/tenants', tenantOptions);
      expect(answer.status).toBe(201);
      return answer.body as ApiKeyFile;
    };
    journal = async (key) => {
      const answer = await control(origin, 'GET', '/__fake/journal', undefined, {
        token: await signToken(key, { now: START_MS }),
      });
      return answer.body as JournalEntry[];
    };
    stop = () => running.close();
  } else {
    // The harness takes scenario names as strings for every mode; the fake checks them at run time.
    const fake: Fake<string> = createFake(options);
    const tenants = new Map<string, FakeTenant<string>>([[fake.accessId, fake]]);
    apiKey = fake.apiKey;
    createTenant = async (tenantOptions = {}) => {
      const tenant = fake.createTenant(tenantOptions);
      tenants.set(tenant.accessId, tenant);
      return tenant.apiKey;
    };
    journal = async (key) => tenants.get(key.accessID)?.journal() ?? [];
    if (mode === 'fetch') {
      fetchFn = fake.fetch;
      stop = async () => {};
    } else {
      const server = setupServer(...fake.handlers);
      server.listen({ onUnhandledRequest: 'error' });
      fetchFn = globalThis.fetch; // msw's interceptor, installed by listen()
      stop = async () => server.close();
    }
  }
  const call: TenantWorld['call'] = async (key, method, path, body) => {
    const response = await fetchFn(`${key.adminRestApiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await signToken(key, { now: START_MS })}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    assertMatchesContract(operationOf(method, path) ?? '', response.status, parsed);
    return { status: response.status, body: parsed };
  };
  return { apiKey, createTenant, journal, call, stop };
}

interface Details {
  id: string;
  emergencyAccessStatus: string;
  emergencyTokencodeId: string | null;
  emergencyTokencodeExpiration: string | null;
}
interface Code {
  emergencyTokencodeId: string;
  emergencyTokencode: string;
  expirationDate: string;
}

describe.each(MODES)('tenants over %s', (mode) => {
  let world: TenantWorld;
  beforeEach(async () => {
    world = await startWorld(mode, {
      seed: 7,
      clock: { start: START },
      throttle: { requestsPerSecond: 0, burst: 1 },
    });
  });
  afterEach(() => world.stop());

  it('keeps two tenants apart while their flows interleave: users, settings, codes and journals', async () => {
    const [a, b] = await Promise.all([world.createTenant(), world.createTenant({ scenario: 'eac-locked' })]);
    expect(a.accessID).not.toBe(b.accessID);

    const flowA = async () => {
      const jane = (await world.call(a, 'POST', 'v1/users/lookup', { email: JANE })).body as Details;
      const code = (await world.call(a, 'PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 4 }))
        .body as Code;
      const after = (await world.call(a, 'POST', 'v1/users/lookup', { email: JANE })).body as Details;
      return { jane, code, after };
    };
    const flowB = async () => {
      const jane = (await world.call(b, 'POST', 'v1/users/lookup', { email: JANE })).body as Details;
      const first = (await world.call(b, 'PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 4 }))
        .body as Code;
      const disabled = await world.call(
        b,
        'DELETE',
        `v1/users/${jane.id}/emergencyTokencode/${first.emergencyTokencodeId}`,
      );
      const after = (await world.call(b, 'POST', 'v1/users/lookup', { email: JANE })).body as Details;
      return { jane, first, disabled, after };
    };
    const [ra, rb] = await Promise.all([flowA(), flowB()]);

    // The same seed gives both tenants the same user ids: only the access ID keeps their worlds apart.
    expect(ra.jane.id).toBe(rb.jane.id);
    expect(ra.code.expirationDate).toBe(new Date(START_MS + 4 * DAY_MS).toISOString());
    expect(rb.first.expirationDate).toBe(new Date(START_MS + 2 * DAY_MS).toISOString());
    expect(ra.after).toMatchObject({
      emergencyAccessStatus: 'Enabled',
      emergencyTokencodeId: ra.code.emergencyTokencodeId,
      emergencyTokencodeExpiration: ra.code.expirationDate,
    });
    expect(rb.disabled.status).toBe(200);
    expect(rb.after).toMatchObject({ emergencyAccessStatus: 'Disabled', emergencyTokencodeId: null });

    const [journalA, journalB, journalDefault] = await Promise.all([
      world.journal(a),
      world.journal(b),
      world.journal(world.apiKey),
    ]);
    expect(journalA.map((entry) => [entry.operationId, entry.tenant])).toEqual([
      ['lookupUser', a.accessID],
      ['enableEmergencyTokencodeV1', a.accessID],
      ['lookupUser', a.accessID],
    ]);
    expect(journalB.map((entry) => [entry.operationId, entry.tenant])).toEqual([
      ['lookupUser', b.accessID],
      ['enableEmergencyTokencodeV1', b.accessID],
      ['disableEmergencyTokencode', b.accessID],
      ['lookupUser', b.accessID],
    ]);
    expect(journalDefault).toEqual([]);
    const defaultJane = (await world.call(world.apiKey, 'POST', 'v1/users/lookup', { email: JANE })).body;
    expect(defaultJane).toMatchObject({ emergencyAccessStatus: 'Disabled', emergencyTokencodeId: null });
  });

  it('leaves exactly one active code, one that a response returned, after 200 concurrent enables on one user', async () => {
    const jane = (await world.call(world.apiKey, 'POST', 'v1/users/lookup', { email: JANE })).body as Details;
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        world.call(world.apiKey, 'PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: (i % 7) + 1 }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(200).fill(200));
    const ids = answers.map((answer) => (answer.body as Code).emergencyTokencodeId);
    expect(new Set(ids).size).toBe(200);

    const after = (await world.call(world.apiKey, 'POST', 'v1/users/lookup', { email: JANE })).body as Details;
    expect(after.emergencyAccessStatus).toBe('Enabled');
    expect(ids).toContain(after.emergencyTokencodeId);
    const returned = answers.find(
      (answer) => (answer.body as Code).emergencyTokencodeId === after.emergencyTokencodeId,
    );
    expect(after.emergencyTokencodeExpiration).toBe((returned?.body as Code).expirationDate);
    const enables = (await world.journal(world.apiKey)).filter(
      (entry) => entry.operationId === 'enableEmergencyTokencodeV1',
    );
    expect(enables).toHaveLength(200);
    expect((enables.at(-1)?.responseBody as Code).emergencyTokencodeId).toBe(after.emergencyTokencodeId);
  });

  it('gives a tenant created later the journal size of the fake', async () => {
    await world.stop();
    world = await startWorld(mode, { seed: 7, clock: { start: START }, journalSize: 3 });
    const tenant = await world.createTenant();
    for (let i = 0; i < 5; i++) await world.call(tenant, 'POST', 'v1/users/lookup', { email: JANE });
    expect((await world.journal(tenant)).map((entry) => entry.seq)).toEqual([3, 4, 5]);
  });
});
