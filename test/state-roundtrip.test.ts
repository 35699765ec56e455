/** Export -> reset -> import: the state carries users, codes, settings, clock and the seeded source across. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFake } from '../src/create-fake.js';
import type { TenantState } from '../src/domain/tenant.js';
import { MODES, startMode, type Harness } from './support/modes.js';
import { advanceClock, control, originOf } from './support/control.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';
const DISABLED = 'disabled.user@example.com';

async function exportState(fake: Harness): Promise<TenantState> {
  if (fake.mode !== 'express') return fake.controls.exportState();
  const answer = await control(originOf(fake.apiKey), 'GET', '/__fake/state');
  expect(answer.status).toBe(200);
  return answer.body as TenantState;
}

async function importState(fake: Harness, state: TenantState): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-confusing-void-expression -- returns the in-process call, as the HTTP branch returns its request
  if (fake.mode !== 'express') return fake.controls.importState(state);
  const answer = await control(originOf(fake.apiKey), 'PUT', '/__fake/state', state);
  expect(answer).toMatchObject({ status: 200, body: state });
}

async function reset(fake: Harness): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-confusing-void-expression -- returns the in-process call, as the HTTP branch returns its request
  if (fake.mode !== 'express') return fake.controls.reset();
  expect((await control(originOf(fake.apiKey), 'POST', '/__fake/reset')).status).toBe(200);
}

describe.each(MODES)('state round trip over %s', (mode) => {
  let fake: Harness;
  const lookup = async (email: string) => (await fake.call('POST', 'v1/users/lookup', { email })).body;
  const emails = (state: TenantState) => [JANE, DISABLED, ...state.users.slice(2, 6).map((user) => user.email)];

  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
  });
  afterEach(() => fake.stop());

  it('gives identical lookups after export, reset and import', async () => {
    const jane = (await lookup(JANE)) as { id: string };
    const other = fake.controls.exportState().users[3];
    await fake.call('PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 1 });
    await fake.call('PUT', `v1/users/${other?.id}/userStatus`, { userStatus: 'Disabled' });
    await advanceClock(fake, 25 * 3_600_000);

    const state = await exportState(fake);
    const before = await Promise.all(emails(state).map(lookup));
    expect(before[0]).toMatchObject({ emergencyAccessStatus: 'Expired' });
    expect(before[3]).toMatchObject({ userStatus: 'Disabled' });

    await reset(fake);
    expect(await lookup(JANE)).toMatchObject({ emergencyAccessStatus: 'Disabled', emergencyTokencodeId: null });

    await importState(fake, state);
    expect(await Promise.all(emails(state).map(lookup))).toEqual(before);
    expect(await exportState(fake)).toEqual(state);
  });

  it('issues the same next code after import as the exported world would have', async () => {
    const jane = (await lookup(JANE)) as { id: string };
    await fake.call('PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 1 });
    const state = await exportState(fake);
    const next = await fake.call('PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 2 });

    await reset(fake);
    await importState(fake, state);
    const again = await fake.call('PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 2 });
    expect(again.body).toEqual(next.body);
  });
});

describe('state across tenants and scenarios', () => {
  it('moves a world from one tenant to another, scenario and settings included', () => {
    const fake = createFake({ seed: 7, clock: { start: START }, scenario: 'eac-locked' });
    fake.updateSettings({ codeLength: 12 });
    const state = fake.exportState();
    const tenant = fake.createTenant({ seed: 99 });
    tenant.importState(state);
    expect(tenant.exportState()).toEqual(state);
    expect(tenant.scenario()).toBe('eac-locked');
    expect(tenant.settings()).toMatchObject({ locked: true, codeLength: 12 });
    expect(tenant.user(JANE)).toEqual(fake.user(JANE));
  });

  it('reset() after an import rebuilds from the imported scenario and seed', () => {
    const source = createFake({ seed: 3, scenario: 'user-disabled', clock: { start: START } });
    const fake = createFake({ seed: 7, clock: { start: START } });
    fake.importState(source.exportState());
    fake.reset();
    expect(fake.scenario()).toBe('user-disabled');
    expect(fake.exportState()).toEqual(source.exportState());
  });
});
