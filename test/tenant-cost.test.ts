/**
 * Tenants that cost nothing to others: keys come from a committed pool (no key generation on the request path),
 * chosen by the seed, distinct per live tenant; the number of tenants and of seeded users has a cap, and past it a
 * clear 4xx. Creating tenants over HTTP is a control-plane call (standalone server only); in process it is
 * createTenant().
 */
import { createPrivateKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createFake } from '../src/create-fake.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { KEY_POOL } from '../src/core/key-pool.js';
import { signToken } from '../src/core/sign-token.js';
import { TenantRegistry, type FakeOptions } from '../src/domain/tenant-registry.js';
import { seedUsers, seedUsersInSlices } from '../src/domain/seed-users.js';
import { loadBuiltInScenarios } from '../src/domain/scenario.js';
import { control } from './support/control.js';

const START = '2026-03-01T09:00:00.000Z';
/** More users than a kept world holds (seed-users.ts keeps up to 2000), so both ways of drawing are tried. */
const LARGE = 2100;

describe('tenant keys', () => {
  it('gives every live tenant its own key from the pool, the same for the same seed', () => {
    const first = createFake({ seed: 11 });
    const second = createFake({ seed: 11 });
    const keys = (fake: ReturnType<typeof createFake>) => [
      fake.apiKey.accessKey,
      ...[1, 2, 3].map(() => fake.createTenant().apiKey.accessKey),
    ];
    const a = keys(first);
    expect(keys(second)).toEqual(a);
    expect(new Set(a).size).toBe(4);
    for (const key of a) expect(KEY_POOL).toContain(key);
    expect(createPrivateKey(a[0] ?? '').asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('hands a removed tenant key to a new one only once no live tenant holds it', () => {
    const fake = createFake({ seed: 3, maxTenants: 3 });
    const one = fake.createTenant();
    const two = fake.createTenant();
    fake.deleteTenant(one.accessId);
    const three = fake.createTenant();
    expect(new Set([fake.apiKey.accessKey, two.apiKey.accessKey, three.apiKey.accessKey]).size).toBe(3);
  });

  it('refuses more than maxTenants in process with a ControlError, and more users than maxUsers', () => {
    const fake = createFake({ seed: 3, maxTenants: 2, maxUsers: 10 });
    fake.createTenant();
    expect(() => fake.createTenant()).toThrow(
      'Failed to create a tenant: the fake holds its most, 2 tenants (maxTenants, --max-tenants). Delete one first.',
    );
    expect(() => createFake({ users: 11, maxUsers: 10 })).toThrow(
      'Failed to create the fake: 11 users is more than maxUsers (10).',
    );
    expect(() => createFake({ maxTenants: 0 })).toThrow('maxTenants must be a positive integer, got 0');
  });

  it("caps the extra users of all live tenants together, and frees a deleted tenant's share", () => {
    const fake = createFake({ seed: 3, users: 4, maxUsers: 10 });
    const first = fake.createTenant({ users: 6 });
    expect(() => fake.createTenant({ users: 1 })).toThrow(
      'Failed to create a tenant: its 1 users and the 10 the live tenants hold are more than the 10 allowed in all (maxUsers, --max-users). Delete a tenant first.',
    );
    // Tenants of no extra users still come.
    expect(fake.createTenant().users().total).toBe(27);
    fake.deleteTenant(first.accessId);
    expect(fake.createTenant({ users: 6 }).users().total).toBe(33);
  });
});

describe('the tenant cap over the control plane', () => {
  let running: RunningServer;
  afterEach(() => running.close());

  it('answers 400 past the cap, and creates nothing', async () => {
    running = await startServer({ port: 0, maxTenants: 2, maxUsers: 5 });
    const created = await control(running.url, 'POST', '/__fake/tenants', {});
    expect(created.status).toBe(201);
    const refused = await control(running.url, 'POST', '/__fake/tenants', {});
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toBe('application/json');
    expect(refused.body).toEqual({
      code: '400 BAD_REQUEST',
      description:
        'Failed to create a tenant: the fake holds its most, 2 tenants (maxTenants, --max-tenants). Delete one first.',
    });
    expect(running.fake.tenantIds()).toHaveLength(2);
  });

  it('answers 400 to more users than the live tenants leave, and creates nothing', async () => {
    running = await startServer({ port: 0, users: 3, maxUsers: 5 });
    const refused = await control(running.url, 'POST', '/__fake/tenants', { users: 3 });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      code: '400 BAD_REQUEST',
      description:
        'Failed to create a tenant: its 3 users and the 3 the live tenants hold are more than the 5 allowed in all (maxUsers, --max-users). Delete a tenant first.',
    });
    expect(running.fake.tenantIds()).toHaveLength(1);
    expect((await control(running.url, 'POST', '/__fake/tenants', { users: 2 })).status).toBe(201);
  });

  it('answers 400 to more users than maxUsers', async () => {
    running = await startServer({ port: 0, maxUsers: 5 });
    const refused = await control(running.url, 'POST', '/__fake/tenants', { users: 6 });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      code: '400 BAD_REQUEST',
      description: 'Failed to create a tenant: 6 users is more than the 5 allowed (maxUsers, --max-users).',
    });
    expect(running.fake.tenantIds()).toHaveLength(1);
  });
});

describe('tenants made a slice at a time (createTenantAsync, what POST /__fake/tenants calls)', () => {
  const options: FakeOptions = { seed: 5, clock: { start: START } };
  const stateOf = (registry: TenantRegistry, accessId: string) => registry.resolveTenant(accessId)?.exportState();

  it.each([
    ['a kept world', 0],
    ['a world too large to keep', LARGE],
  ])('makes the tenant createTenant makes, for %s: same key, access id, users and state', async (_, users) => {
    const atOnce = new TenantRegistry(options);
    const sliced = new TenantRegistry(options);
    const expected = atOnce.createTenant({ seed: 40 + users, users });
    const made = await sliced.createTenantAsync({ seed: 40 + users, users });
    expect(made.apiKey).toEqual(expected.apiKey);
    const state = stateOf(sliced, made.accessId);
    expect(state?.users).toHaveLength(users + 27);
    expect(state).toEqual(stateOf(atOnce, expected.accessId));
  });

  it('fails as createTenant fails when a scenario user has a seeded email, and adds no tenant', async () => {
    const seededEmail = seedUsers({ name: 'any', description: 'any', seededUsers: 3 }, 90)[2]?.email ?? '';
    const clash = {
      name: 'clash',
      description: 'A scenario user with the email of a seeded one.',
      seededUsers: 3,
      users: [{ email: seededEmail, firstName: 'Same', lastName: 'Email' }],
    };
    const registry = new TenantRegistry({ ...options, scenarios: [clash] });
    const atOnce = (() => {
      try {
        registry.createTenant({ scenario: 'clash', seed: 90 });
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    expect(atOnce?.message).toBe(
      `Failed to build scenario "clash" with seed 90: Failed to add user ${seededEmail}: the email is taken.`,
    );
    await expect(registry.createTenantAsync({ scenario: 'clash', seed: 90 })).rejects.toThrow(atOnce?.message ?? '-');
    expect(registry.tenantIds()).toHaveLength(1);
  });

  it('gives tenants created at once keys and access ids of their own', async () => {
    const registry = new TenantRegistry(options);
    const made = await Promise.all([30, 31, 32].map((users) => registry.createTenantAsync({ seed: 40, users })));
    const keys = [registry.apiKey, ...made.map((handle) => handle.apiKey)];
    expect(new Set(keys.map((key) => key.accessKey)).size).toBe(4);
    expect(new Set(keys.map((key) => key.accessID)).size).toBe(4);
    expect(registry.tenantIds()).toHaveLength(4);
  });

  it('draws the same users when worlds are built at once while it draws', async () => {
    const reference = new TenantRegistry(options).createTenant({ seed: 60, users: LARGE });
    const registry = new TenantRegistry(options);
    const progress = { done: false };
    const pending = registry.createTenantAsync({ seed: 60, users: LARGE }).finally(() => (progress.done = true));
    // Worlds built at once between the sliced draw's slices (each reseeds the faker of worlds built at once).
    let between = 0;
    for (; !progress.done; between++) {
      await new Promise((resolve) => setImmediate(resolve));
      createFake({ seed: 61 + between, users: 3 });
    }
    const made = await pending;
    expect(between).toBeGreaterThan(1);
    expect([...made.tenant.store.all()]).toEqual([...reference.tenant.store.all()]);
  });

  it('lets the event loop turn between slices, and its users are those of seedUsers', async () => {
    const scenario = loadBuiltInScenarios().find((s) => s.name === 'default');
    if (!scenario) throw new Error('no default scenario');
    let pauses = 0;
    const pause = async () => {
      pauses += 1;
      await new Promise((resolve) => setImmediate(resolve));
    };
    const nowMs = Date.parse(START);
    // A slice of 0 ms pauses at every stop, whatever the machine's speed.
    const users = await seedUsersInSlices(scenario, 70, 100, nowMs, pause, 0);
    expect(users).toEqual(seedUsers(scenario, 70, 100, nowMs));
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(125 / 8));
  });

  it('over HTTP gives the key and users createTenant gives in process', async () => {
    const running = await startServer({ port: 0, seed: 5, clock: { start: START } });
    try {
      const created = await control(running.url, 'POST', '/__fake/tenants', { seed: 80, users: LARGE });
      expect(created.status).toBe(201);
      const expected = createFake(options).createTenant({ seed: 80, users: LARGE });
      const key = created.body as typeof expected.apiKey;
      expect({ accessID: key.accessID, accessKey: key.accessKey }).toEqual({
        accessID: expected.apiKey.accessID,
        accessKey: expected.apiKey.accessKey,
      });
      const page = await control(running.url, 'GET', '/__fake/users?limit=1000&offset=1100', undefined, {
        token: await signToken(key, { now: Date.parse(START) }),
      });
      expect(page.status).toBe(200);
      expect(page.body).toEqual(expected.users({ limit: 1000, offset: 1100 }));
    } finally {
      await running.close();
    }
  });
});
