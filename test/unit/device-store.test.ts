/** The authenticator store on its own: seeded per user from the seed, the v1/v2 views, deletes and their export. */
import { describe, expect, it } from 'vitest';
import {
  DeviceStore,
  seedAuthenticators,
  toAuthenticatorsV1,
  toAuthenticatorsV2,
} from '../../src/domain/device-store.js';
import { seedUsers } from '../../src/domain/seed-users.js';
import type { UserRecord } from '../../src/domain/user-store.js';
import { assertMatchesContract, present } from '../support/contract.js';

const SEED = 7;
const USERS: UserRecord[] = seedUsers({ name: 'devices', description: 'test', seededUsers: 60 }, SEED);
const kinds = (user: UserRecord): string[] => seedAuthenticators(SEED, user).map((a) => a.deviceType);
/** A seeded user who has every kind of authenticator (the seed fixes who). */
const FULL = USERS.find((user) =>
  ['MOBILE', 'BROWSER', 'FIDO', 'HARDWARE_TOKEN'].every((k) => kinds(user).includes(k)),
);

describe('device store', () => {
  it('seeds the same authenticators for the same seed and user, others for another seed', () => {
    const user = present(USERS[0], 'a user');
    expect(seedAuthenticators(SEED, user)).toEqual(seedAuthenticators(SEED, { ...user }));
    const lists = USERS.map((u) => JSON.stringify(seedAuthenticators(SEED, u)));
    const other = USERS.map((u) => JSON.stringify(seedAuthenticators(SEED + 1, u)));
    expect(lists).not.toEqual(other);
  });

  it('gives most users a mobile device and some users each other kind', () => {
    const all = USERS.flatMap((user) => seedAuthenticators(SEED, user));
    const count = (kind: string): number => all.filter((a) => a.deviceType === kind).length;
    expect(USERS.filter((user) => kinds(user).includes('MOBILE')).length).toBeGreaterThan(USERS.length / 2);
    for (const kind of ['BROWSER', 'FIDO', 'HARDWARE_TOKEN']) expect(count(kind)).toBeGreaterThan(0);
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    expect(all.every((a) => USERS.some((u) => u.id === a.userId))).toBe(true);
  });

  it('shows browsers in v1 by default and SecurID 700 tokens only in v2', () => {
    expect(FULL).toBeDefined();
    const list = seedAuthenticators(SEED, present(FULL, 'a user with every kind'));
    const v1 = toAuthenticatorsV1(list, { includeBrowsers: true });
    const v2 = toAuthenticatorsV2(list, { includeBrowsers: false });
    assertMatchesContract('listDevicesV1', 200, v1);
    assertMatchesContract('listDevicesV2', 200, v2);
    expect(v1.devices.map((a) => a.deviceType)).toContain('BROWSER');
    expect(Object.keys(v1)).toEqual(['devices', 'fidoTokens']);
    expect(v2.devices.map((a) => a.deviceType)).not.toContain('BROWSER');
    expect(v2.sidTokens.map((a) => a.deviceType)).toEqual(['HARDWARE_TOKEN']);
    expect(v2.fidoTokens).toEqual(v1.fidoTokens);
    expect(toAuthenticatorsV1(list, { includeBrowsers: false }).devices.map((a) => a.deviceType)).toEqual(
      v2.devices.map((a) => a.deviceType),
    );
    expect(toAuthenticatorsV2(list, { includeBrowsers: true }).devices).toEqual(v1.devices);
  });

  it('deletes one authenticator of one user and keeps the rest seeded', () => {
    const store = new DeviceStore(SEED);
    const user = present(FULL, 'a user with every kind');
    const [first, ...rest] = store.list(user);
    expect(store.remove(user, first?.id ?? '')).toEqual(first);
    expect(store.list(user)).toEqual(rest);
    expect(store.remove(user, first?.id ?? '')).toBeUndefined();
    expect(store.remove(present(USERS[1], 'a second user'), rest[0]?.id ?? '')).toBeUndefined();
    expect(store.exportChanged()).toEqual({ [user.id]: rest });
    const other = present(
      USERS.find((u) => u !== user),
      'another user',
    );
    expect(store.list(other)).toEqual(seedAuthenticators(SEED, other));
  });

  it('rebuilds from an export and forgets a removed user', () => {
    const store = new DeviceStore(SEED);
    const user = present(FULL, 'a user with every kind');
    store.remove(user, store.list(user)[0]?.id ?? '');
    const copy = new DeviceStore(SEED, store.exportChanged());
    expect(copy.list(user)).toEqual(store.list(user));
    copy.forget(user.id);
    expect(copy.exportChanged()).toEqual({});
    expect(copy.list(user)).toEqual(seedAuthenticators(SEED, user));
  });
});
