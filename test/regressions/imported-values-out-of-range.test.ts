/**
 * Regression: a state that passed the schema but held a time out of range (`creationDate: 9e15`) imported with 200,
 * and every lookup of that user then answered 500. An imported state must hold only values the fake can serve.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_INSTANT_MS } from '../../src/core/clock.js';
import { loadControlContract } from '../../src/core/contract.js';
import type { TenantState } from '../../src/domain/tenant.js';
import { control, originOf } from '../support/control.js';
import { MODES, startMode, type Harness } from '../support/modes.js';

const JANE = 'jane.doe@example.com';

/** Imports a state over the control plane (express) or through the in-process controls: the status and the text. */
async function importState(fake: Harness, state: unknown): Promise<{ status: number; description: string }> {
  if (fake.mode === 'express') {
    const answer = await control(originOf(fake.apiKey), 'PUT', '/__fake/state', state);
    return { status: answer.status, description: (answer.body as { description?: string }).description ?? '' };
  }
  try {
    fake.controls.importState(state as TenantState);
    return { status: 200, description: '' };
  } catch (error) {
    return { status: 400, description: (error as Error).message };
  }
}

type Edit = (state: TenantState) => void;
function janeOf(state: TenantState): TenantState['users'][number] {
  const jane = state.users.find((user) => user.email === JANE);
  if (!jane) throw new Error('The seeded world has no Jane.');
  return jane;
}

const CASES: [string, Edit, string][] = [
  [
    'a creationDate past 9999',
    (s) => void (janeOf(s).creationDate = 9e15),
    'users/0/creationDate must be <= 253401609600000',
  ],
  ['a negative lastSyncTime', (s) => void (janeOf(s).lastSyncTime = -1), 'users/0/lastSyncTime must be >= 0'],
  [
    'a code expiring past 9999',
    (s) =>
      void (janeOf(s).eac = {
        id: '00000000-0000-4000-8000-000000000001',
        code: 'ABCD1234',
        expiresAt: 8.64e15,
        offlineExpiresAt: 0,
        oneTimeUse: false,
        lastUse: null,
      }),
    'users/0/eac',
  ],
  ['a user id the vendor would not send', (s) => void (janeOf(s).id = 'x'), 'users/0/id must match pattern'],
  [
    'a month that is not a month',
    (s) => void (janeOf(s).monthLastAuthenticated = 'soon'),
    'users/0/monthLastAuthenticated must match pattern',
  ],
  [
    'a first name of a megabyte',
    (s) => void (janeOf(s).firstName = 'x'.repeat(1 << 20)),
    'users/0/firstName must NOT have more than 200 characters',
  ],
  [
    'a throttle rate past a million',
    (s) => void (s.throttle = { requestsPerSecond: 1e9, burst: 1 }),
    'throttle/requestsPerSecond must be <= 1000000',
  ],
];

describe('the range of an imported time is the clock range', () => {
  it('declares EpochMs up to MAX_INSTANT_MS, the clock maximum', () => {
    const schema = loadControlContract().spec.components.schemas?.EpochMs as { maximum?: number } | undefined;
    expect(schema?.maximum).toBe(MAX_INSTANT_MS);
  });
});

describe.each(MODES)('importing values the fake cannot serve, over %s', (mode) => {
  let fake: Harness;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 3, clock: { start: '2026-03-01T09:00:00.000Z' } });
  });
  afterEach(() => fake.stop());

  it.each(CASES)('refuses %s with a 400 naming the field, and changes nothing', async (_name, edit, field) => {
    const before = fake.controls.exportState();
    const bad = structuredClone(before);
    // Jane first, so the field path is users/0/...
    bad.users.sort((a, b) => (a.email === JANE ? -1 : b.email === JANE ? 1 : 0));
    edit(bad);
    const answer = await importState(fake, bad);
    expect(answer.status).toBe(400);
    // In process the controls name the state, over HTTP the body: the field path after it is the same.
    expect(answer.description).toMatch(/^(Failed to import the state: state|Invalid request body: body)\//);
    expect(answer.description).toContain(`/${field}`);
    expect(fake.controls.exportState()).toEqual(before);
    const lookup = await fake.call('POST', 'v1/users/lookup', { email: JANE, searchUnsynched: false });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ emailAddress: JANE });
  });

  it('still imports a state it exported, and serves its users', async () => {
    const state = fake.controls.exportState();
    const answer = await importState(fake, state);
    expect(answer.status).toBe(200);
    expect((await fake.call('POST', 'v1/users/lookup', { email: JANE, searchUnsynched: false })).status).toBe(200);
  });
});
