/** The new state (marks, high-risk, changed devices, both logs) survives export and import, and bad records are refused. */
import { describe, expect, it } from 'vitest';
import { createFake } from '../src/create-fake.js';
import { ControlError } from '../src/core/http-error.js';
import type { TenantState } from '../src/domain/tenant.js';
import { present } from './support/contract.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';

async function changedWorld() {
  const fake = createFake({ seed: 7, clock: { start: START } });
  const base = `${fake.apiKey.adminRestApiUrl.replace(/\/$/, '')}/`;
  const headers = { authorization: `Bearer ${await fake.token()}`, 'content-type': 'application/json' };
  const janeId = fake.userRecord(JANE)?.id ?? '';
  const device = fake.core.tenant.devices.list(present(fake.userRecord(JANE), 'jane'))[0];
  await fake.fetch(`${base}v1/users/${janeId}/markDeleted`, { method: 'PUT', headers, body: '{"markDeleted":true}' });
  await fake.fetch(`${base}v1/users/highrisk`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ action: 'add', users: [janeId] }),
  });
  if (device) await fake.fetch(`${base}v1/users/${janeId}/devices/${device.id}`, { method: 'DELETE', headers });
  fake.addUserEvents([{ email: JANE, eventCode: 'ADDED' }]);
  return { fake, janeId, device };
}

describe('the wider state across export and import', () => {
  it('carries marks, the high-risk list, deleted devices and both logs to another fake', async () => {
    const { fake, janeId, device } = await changedWorld();
    const state = fake.exportState();
    expect(state.users.find((user) => user.id === janeId)).toMatchObject({
      highRiskUser: true,
      markDeletedAt: Date.parse(START),
    });
    expect(Object.keys(state.devices ?? {})).toEqual(device ? [janeId] : []);
    expect(state.adminLog?.map((entry) => (entry as { activityKey?: string }).activityKey)).toEqual([
      'USER_MARKED_DELETED',
      'HIGH_RISK_USER_ADDED',
      ...(device ? ['DEVICE_DELETED'] : []),
    ]);
    expect(state.userEvents?.some((event) => (event as { eventCode?: string }).eventCode === 'ADDED')).toBe(true);
    const other = createFake({ seed: 3 });
    other.importState(state);
    expect(other.exportState()).toEqual(state);
    expect(other.user(JANE)).toMatchObject({ markDeleted: true, highRiskUser: true });
    expect(other.core.tenant.store.highRiskUsers().map((user) => user.email)).toEqual(
      fake.core.tenant.store.highRiskUsers().map((user) => user.email),
    );
  });

  it('imports a state without the new parts (an older export)', () => {
    const fake = createFake({ seed: 7, clock: { start: START } });
    const older: Partial<TenantState> = fake.exportState();
    delete older.devices;
    delete older.adminLog;
    delete older.userEvents;
    const other = createFake({ seed: 7, clock: { start: START } });
    other.importState(older as TenantState);
    expect(other.exportState()).toMatchObject({ devices: {}, adminLog: [], userEvents: [] });
  });

  it('refuses a log record that is not the vendor shape, naming it, and changes nothing', async () => {
    const { fake } = await changedWorld();
    const state = fake.exportState();
    const other = createFake({ seed: 3, clock: { start: START } });
    const before = other.exportState();
    const bad = { ...state, adminLog: [{ eventId: 'x', eventLogDate: START }] };
    expect(() => other.importState(bad)).toThrow(ControlError);
    expect(() => other.importState(bad)).toThrow(
      /adminLog\.0 must have required property .* \(not the vendor contract's AdminLogEntry\)/,
    );
    expect(other.exportState()).toEqual(before);
  });
});
