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
import { control } from './support/control.js';

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
