/**
 * Regression: a scenario with two users of one email (in any case) was accepted, and switching to it (or resetting
 * into a world that cannot be built) threw halfway: the tenant already had the new scenario name, a cleared journal
 * and clock, and a partial store. Now such a scenario is refused when it is loaded, and a tenant builds the whole new
 * world before any of it replaces the old one, so a failure leaves the tenant exactly as it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFake } from '../../src/create-fake.js';
import { ScenarioError, validateScenario, type Scenario } from '../../src/domain/scenario.js';
import { seedUsers } from '../../src/domain/seed-users.js';
import type { TenantState } from '../../src/domain/tenant.js';
import { MODES, startMode, type Harness } from '../support/modes.js';
import { control, originOf } from '../support/control.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';

/** The email of the first seeded user under `seed` (a scenario user with it cannot join that world). */
const seededEmail = (seed: number): string => {
  const email = seedUsers({ name: 'probe', description: 'probe', seededUsers: 1 }, seed)[0]?.email;
  if (email === undefined) throw new Error('no seeded user');
  return email;
};

/** Valid as data, but under `seed` one of its users has the email of a seeded user. */
const clashUnder = (seed: number): Scenario => ({
  name: `clash-${seed}`,
  description: `Its user has the email of the first seeded user under seed ${seed}.`,
  seededUsers: 1,
  users: [{ email: seededEmail(seed).toUpperCase(), firstName: 'Copy', lastName: 'Cat' }],
});

const TWINS: Scenario = {
  name: 'twins',
  description: 'Two users of one email, in different case.',
  users: [
    { email: 'ada@example.com', firstName: 'Ada', lastName: 'One' },
    { email: 'bob@example.com', firstName: 'Bob', lastName: 'Two' },
    { email: 'Ada@Example.COM', firstName: 'Ada', lastName: 'Three' },
  ],
};

const TWINS_ERROR =
  'Failed to load scenario "twins": users.2.email "Ada@Example.COM" repeats users.0.email; emails are unique, whatever their case.';

describe('a scenario with two users of one email', () => {
  it('is refused by validateScenario with a ScenarioError naming the source, the field and the reason', () => {
    expect(() => validateScenario(TWINS, '"twins"')).toThrowError(ScenarioError);
    expect(() => validateScenario(TWINS, '"twins"')).toThrowError(TWINS_ERROR);
    const exact = { ...TWINS, users: [TWINS.users?.[0], TWINS.users?.[0]] };
    expect(() => validateScenario(exact, 'twins.json')).toThrowError(
      'Failed to load scenario twins.json: users.1.email "ada@example.com" repeats users.0.email; emails are unique, whatever their case.',
    );
  });

  it('is refused when the fake is created with it', () => {
    expect(() => createFake({ scenarios: [TWINS] })).toThrowError(TWINS_ERROR);
    expect(() => createFake({ scenario: TWINS })).toThrowError(TWINS_ERROR);
  });

  it('is refused by useScenario with a ScenarioError, and the tenant keeps its whole world', () => {
    const fake = createFake({ seed: 7, clock: { start: START } });
    fake.clock.advance(60_000);
    fake.updateSettings({ codeLength: 12 });
    fake.addFault({ operationId: 'setUserStatus', status: 503 });
    const before = fake.exportState();
    let thrown: unknown;
    try {
      fake.useScenario(TWINS);
    } catch (error) {
      thrown = error;
    }
    expect(fake.scenario()).toBe('default');
    expect(fake.exportState()).toEqual(before);
    expect(fake.faults()).toEqual([{ operationId: 'setUserStatus', status: 503 }]);
    expect(thrown).toBeInstanceOf(ScenarioError);
    expect((thrown as Error).message).toBe(TWINS_ERROR);
  });
});

describe.each(MODES)('a world that cannot be built, over %s', (mode) => {
  let fake: Harness | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  const start = async (): Promise<Harness> => {
    fake = await startMode(mode, { seed: 7, clock: { start: START }, scenarios: [clashUnder(7), clashUnder(8)] });
    return fake;
  };

  /**
   * Calls a control over the control plane (express) or in process (msw, fetch) and says how it was refused: the
   * status and description, or the error thrown (status 400 standing for a ScenarioError).
   */
  async function attempt(
    harness: Harness,
    http: [method: string, path: string, body?: unknown],
    inProcess: () => void,
  ): Promise<{ status: number; description: string }> {
    if (harness.mode === 'express') {
      const answer = await control(originOf(harness.apiKey), http[0], `/__fake${http[1]}`, http[2]);
      expect(answer.headers.get('content-type')).toBe('application/json');
      const { code, description } = answer.body as { code: string; description: string };
      expect(code).toBe(`${answer.status} BAD_REQUEST`);
      return { status: answer.status, description };
    }
    try {
      inProcess();
    } catch (error) {
      return { status: error instanceof ScenarioError ? 400 : 500, description: (error as Error).message };
    }
    return { status: 200, description: '' };
  }

  /** Everything a test can see of the default tenant. */
  const snapshot = (harness: Harness) => ({
    state: harness.controls.exportState(),
    faults: harness.controls.faults(),
    journal: harness.controls.journal(),
    clock: { now: harness.tenant.clock.now(), frozen: harness.tenant.clock.isFrozen() },
  });

  /** Gives the tenant a lived-in world: a code, changed settings, a fault, journal entries, a moved clock. */
  async function liveIn(harness: Harness): Promise<string> {
    const jane = await harness.call('POST', 'v1/users/lookup', { email: JANE });
    const id = (jane.body as { id: string }).id;
    expect((await harness.call('PUT', `v1/users/${id}/emergencyTokencode`, { expirationDays: 2 })).status).toBe(200);
    harness.controls.updateSettings({ locked: true, expiryValue: 5, expiryUnit: 'hours' });
    harness.controls.addFault({ operationId: 'disableEmergencyTokencode', status: 503, times: 1 });
    harness.tenant.clock.advance(3_600_000);
    return id;
  }

  it('switching to a scenario whose user has a seeded user email is refused, and nothing changes', async () => {
    const harness = await start();
    const id = await liveIn(harness);
    const before = snapshot(harness);

    const refusal = await attempt(harness, ['PUT', '/scenario', { name: 'clash-7' }], () =>
      harness.controls.useScenario('clash-7'),
    );

    expect(harness.controls.scenario()).toBe('default');
    expect(snapshot(harness)).toEqual(before);
    expect(refusal).toEqual({
      status: 400,
      description: `Failed to build scenario "clash-7" with seed 7: Failed to add user ${seededEmail(7)}: the email is taken.`,
    });
    const jane = await harness.call('POST', 'v1/users/lookup', { email: JANE });
    expect(jane.body).toMatchObject({ id, emergencyAccessStatus: 'Enabled' });
    // The same world still switches where it can be built.
    harness.controls.useScenario('clash-8');
    expect(harness.controls.scenario()).toBe('clash-8');
    expect(harness.controls.user(JANE)).toBeUndefined();
  });

  it('a reset into a world that cannot be built (an imported seed) is refused, and nothing changes', async () => {
    const harness = await start();
    harness.controls.useScenario('clash-8');
    const exported = harness.controls.exportState();
    const imported: TenantState = { ...exported, seed: 8 };
    harness.controls.importState(imported);
    harness.tenant.clock.advance(60_000);
    const before = snapshot(harness);

    const refusal = await attempt(harness, ['POST', '/reset'], () => harness.controls.reset());

    expect(snapshot(harness)).toEqual(before);
    expect(harness.controls.exportState().seed).toBe(8);
    expect(refusal).toEqual({
      status: 400,
      description: `Failed to build scenario "clash-8" with seed 8: Failed to add user ${seededEmail(8)}: the email is taken.`,
    });
  });
});
