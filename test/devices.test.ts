/** Authenticator Details v1 and v2 and Delete User Device in every transport, over seeded, deterministic devices. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Authenticator } from '../src/domain/device-store.js';
import type { UserRecord } from '../src/domain/user-store.js';
import { present } from './support/contract.js';
import { MODES, startMode, type Answer, type Harness } from './support/modes.js';

const START = '2026-03-01T09:00:00.000Z';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const KINDS: Authenticator['deviceType'][] = ['MOBILE', 'BROWSER', 'FIDO', 'HARDWARE_TOKEN'];

interface Lists {
  devices: Authenticator[];
  fidoTokens: Authenticator[];
  sidTokens?: Authenticator[];
}

const typesOf = (list: Authenticator[]): string[] => list.map((device) => device.deviceType);

function expectApplicationError(answer: Answer, status: number, description: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  expect(answer.body).toEqual({ code: `${status} ${status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST'}`, description });
}

describe.each(MODES)('devices over %s', (mode) => {
  let fake: Harness;
  /** A seeded user with every kind of authenticator (seed 7 fixes who). */
  let user: UserRecord;
  let seeded: readonly Authenticator[];
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    const found = [...fake.tenant.store.all()].find((candidate) => {
      const kinds = fake.tenant.devices.list(candidate).map((device) => device.deviceType);
      return KINDS.every((kind) => kinds.includes(kind));
    });
    if (!found) throw new Error('seed 7 has no user with every kind of authenticator');
    user = found;
    seeded = fake.tenant.devices.list(user);
  });
  afterEach(() => fake.stop());

  const list = async (path: string): Promise<Lists> => {
    const answer = await fake.call('GET', path);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    return answer.body as Lists;
  };

  it('v1 lists mobile devices and browsers, FIDO tokens, and no SecurID 700 tokens', async () => {
    const body = await list(`v1/users/${user.id}/devices`);
    expect(Object.keys(body)).toEqual(['devices', 'fidoTokens']);
    expect(body.devices).toEqual(seeded.filter((device) => ['MOBILE', 'BROWSER'].includes(device.deviceType)));
    expect(typesOf(body.devices)).toContain('BROWSER');
    expect(typesOf(body.fidoTokens)).toEqual(['FIDO']);
    const noBrowsers = await list(`v1/users/${user.id}/devices?includeBrowsers=false`);
    expect(typesOf(noBrowsers.devices)).not.toContain('BROWSER');
    expect(noBrowsers.devices.length).toBe(body.devices.length - 1);
  });

  it('v2 adds SecurID 700 tokens and leaves browsers out unless asked', async () => {
    const body = await list(`v2/users/${user.id}/devices`);
    expect(Object.keys(body)).toEqual(['devices', 'fidoTokens', 'sidTokens']);
    expect(typesOf(body.devices)).not.toContain('BROWSER');
    expect(body.sidTokens).toEqual(seeded.filter((device) => device.deviceType === 'HARDWARE_TOKEN'));
    expect(body.sidTokens?.[0]).toMatchObject({
      name: 'SecurID 700',
      userId: user.id,
      tokenSerialNumber: expect.stringMatching(/^[0-9]{12}$/) as unknown,
      tokenState: 'ASSIGNED',
    });
    const withBrowsers = await list(`v2/users/${user.id}/devices?includeBrowsers=true`);
    expect(withBrowsers.devices).toEqual((await list(`v1/users/${user.id}/devices`)).devices);
  });

  it('gives the same devices for the same seed in another fake', async () => {
    const other = await startMode(mode === 'express' ? 'fetch' : mode, { seed: 7, clock: { start: START } });
    try {
      expect(other.tenant.devices.list(user)).toEqual(seeded);
    } finally {
      await other.stop();
    }
  });

  it('deletes one device: 200 with an empty body, gone from both versions, logged; a second delete is 404', async () => {
    const browser = present(
      seeded.find((device) => device.deviceType === 'BROWSER'),
      'a browser',
    );
    const answer = await fake.call('DELETE', `v1/users/${user.id}/devices/${browser.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBeNull();
    expect((await list(`v1/users/${user.id}/devices`)).devices.map((device) => device.id)).not.toContain(browser.id);
    expect((await list(`v2/users/${user.id}/devices?includeBrowsers=true`)).devices).toHaveLength(
      seeded.filter((device) => device.deviceType === 'MOBILE').length,
    );
    expectApplicationError(
      await fake.call('DELETE', `v1/users/${user.id}/devices/${browser.id}`),
      404,
      `Device ${browser.id} not found`,
    );
    expect(fake.tenant.adminLog.entries()).toEqual([
      expect.objectContaining({
        activityKey: 'DEVICE_DELETED',
        targetObject1Id: user.id,
        targetObject2Id: browser.id,
        targetObject2Type: 'BROWSER',
      }),
    ]);
    expect(fake.controls.exportState().devices).toEqual({ [user.id]: seeded.filter((d) => d.id !== browser.id) });
  });

  it('answers 404 for an unknown user and for another user device id', async () => {
    expectApplicationError(
      await fake.call('GET', `v1/users/${UNKNOWN_ID}/devices`),
      404,
      `User ${UNKNOWN_ID} not found`,
    );
    expectApplicationError(
      await fake.call('GET', `v2/users/${UNKNOWN_ID}/devices`),
      404,
      `User ${UNKNOWN_ID} not found`,
    );
    const other = present(
      [...fake.tenant.store.all()].find((candidate) => candidate !== user),
      'another user',
    );
    const id = seeded[0]?.id ?? '';
    expectApplicationError(
      await fake.call('DELETE', `v1/users/${other.id}/devices/${id}`),
      404,
      `Device ${id} not found`,
    );
    expect(fake.tenant.devices.list(user)).toEqual(seeded);
  });

  it('refuses includeBrowsers that is not a boolean', async () => {
    expectApplicationError(
      await fake.call('GET', `v1/users/${user.id}/devices?includeBrowsers=maybe`),
      400,
      'Invalid includeBrowsers value.',
    );
  });
});
