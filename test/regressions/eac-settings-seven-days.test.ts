/**
 * Regression: company settings allowed an expiryValue up to 10080 in any unit, so a locked company could issue a
 * 10080-day code, which the vendor never would (its ExpiryWithinSevenDays: 1 minute to 7 days). Now the settings a
 * patch, an imported state or a scenario make must obey the same rule, or they are refused and nothing changes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFake } from '../../src/create-fake.js';
import { ControlError } from '../../src/core/http-error.js';
import { ScenarioError, type Scenario } from '../../src/domain/scenario.js';
import { loadScenarioFile } from '../../src/server/scenario-files.js';
import type { EacSettings, EacSettingsChanges } from '../../src/domain/company-settings.js';
import type { TenantState } from '../../src/domain/tenant.js';
import { MODES, startMode, type Harness } from '../support/modes.js';
import { control, originOf } from '../support/control.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';
const DAY_MS = 86_400_000;
const RULE = 'The validity lies between 1 minute and 7 days: 1-7 days, 1-168 hours or 1-10080 minutes';
const DEFAULT_SETTINGS: EacSettings = {
  expiryValue: 3,
  expiryUnit: 'days',
  oneTimeUse: false,
  locked: false,
  codeLength: 8,
  codeCharset: 'alphanumeric',
};

describe.each(MODES)('company settings and the 7-day rule over %s', (mode) => {
  let fake: Harness | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });
  const start = async (): Promise<Harness> => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    return fake;
  };

  /** PATCH /__fake/settings (express) or updateSettings() (in process): the settings after, or the refusal. */
  async function patch(harness: Harness, changes: EacSettingsChanges): Promise<EacSettings | string> {
    if (harness.mode === 'express') {
      const answer = await control(originOf(harness.apiKey), 'PATCH', '/__fake/settings', changes);
      if (answer.status === 200) return answer.body as EacSettings;
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: '400 BAD_REQUEST' });
      return (answer.body as { description: string }).description;
    }
    try {
      harness.controls.updateSettings(changes);
      return harness.controls.settings();
    } catch (error) {
      expect(error).toBeInstanceOf(ControlError);
      return (error as Error).message;
    }
  }

  /** The settings as the control plane (express) or the in-process fake reads them. */
  async function settings(harness: Harness): Promise<EacSettings> {
    if (harness.mode !== 'express') return harness.controls.settings();
    return (await control(originOf(harness.apiKey), 'GET', '/__fake/settings')).body as EacSettings;
  }

  it('refuses locked settings of 10080 days, changes nothing, and the locked code stays within 7 days', async () => {
    const harness = await start();
    expect(await patch(harness, { locked: true, expiryValue: 7, expiryUnit: 'days' })).toMatchObject({
      locked: true,
      expiryValue: 7,
      expiryUnit: 'days',
    });
    const before = await settings(harness);

    expect(await patch(harness, { expiryValue: 10080, expiryUnit: 'days' })).toBe(
      `Failed to update the settings: settings/expiryValue gives an expiry of 10080 days, which breaks a rule: ${RULE}.`,
    );
    expect(await settings(harness)).toEqual(before);

    const id = (await harness.call('POST', 'v1/users/lookup', { email: JANE }).then((a) => a.body as { id: string }))
      .id;
    const code = await harness.call('PUT', `v2/users/${id}/emergencyTokencode`, {});
    expect(code.status).toBe(200);
    expect(code.body).toMatchObject({
      configurationsLocked: true,
      configurationsUsed: { expiryValue: 7, expiryUnit: 'days' },
      expirationDate: new Date(Date.parse(START) + 7 * DAY_MS).toISOString(),
    });
  });

  it('judges the settings a patch makes with the current ones: a unit alone can break the rule', async () => {
    const harness = await start();
    expect(await patch(harness, { expiryValue: 90, expiryUnit: 'minutes' })).toEqual({
      ...DEFAULT_SETTINGS,
      expiryValue: 90,
      expiryUnit: 'minutes',
    });
    expect(await patch(harness, { expiryUnit: 'days' })).toBe(
      `Failed to update the settings: settings/expiryUnit gives an expiry of 90 days, which breaks a rule: ${RULE}.`,
    );
    expect(await patch(harness, { expiryUnit: 'hours' })).toMatchObject({ expiryValue: 90, expiryUnit: 'hours' });
    expect(await patch(harness, { expiryValue: 169 })).toBe(
      `Failed to update the settings: settings/expiryValue gives an expiry of 169 hours, which breaks a rule: ${RULE}.`,
    );
    expect(await settings(harness)).toMatchObject({ expiryValue: 90, expiryUnit: 'hours' });
  });

  it.each([
    [7, 'days'],
    [168, 'hours'],
    [10080, 'minutes'],
  ] as const)('accepts the longest expiry in each unit: %i %s', async (expiryValue, expiryUnit) => {
    const harness = await start();
    expect(await patch(harness, { expiryValue, expiryUnit })).toEqual({ ...DEFAULT_SETTINGS, expiryValue, expiryUnit });
  });

  it('refuses an imported state whose settings break the rule, and changes nothing', async () => {
    const harness = await start();
    const before = harness.controls.exportState();
    const bad: TenantState = { ...before, eacSettings: { ...before.eacSettings, expiryValue: 8, expiryUnit: 'days' } };
    if (harness.mode === 'express') {
      const answer = await control(originOf(harness.apiKey), 'PUT', '/__fake/state', bad);
      expect(answer).toMatchObject({
        status: 400,
        body: {
          code: '400 BAD_REQUEST',
          description: `Invalid request body: body/eacSettings breaks a rule: ${RULE}.`,
        },
      });
    } else {
      expect(() => harness.controls.importState(bad)).toThrowError(ControlError);
      expect(() => harness.controls.importState(bad)).toThrowError(
        `Failed to import the state: state/eacSettings breaks a rule: ${RULE}.`,
      );
    }
    expect(harness.controls.exportState()).toEqual(before);
  });
});

describe('a scenario whose settings break the 7-day rule', () => {
  const long = (eacSettings: EacSettingsChanges): Scenario => ({ name: 'long', description: 'Too long.', eacSettings });

  it('is refused with a ScenarioError naming the scenario and the field, also with the default unit', () => {
    expect(() => createFake({ scenarios: [long({ expiryValue: 10 })] })).toThrowError(ScenarioError);
    expect(() => createFake({ scenarios: [long({ expiryValue: 10 })] })).toThrowError(
      `Failed to load scenario "long": eacSettings.expiryValue gives an expiry of 10 days, which breaks a rule: ${RULE}.`,
    );
    expect(() => createFake({ scenario: long({ expiryValue: 10080, expiryUnit: 'days', locked: true }) })).toThrowError(
      `Failed to load scenario "long": eacSettings.expiryValue gives an expiry of 10080 days, which breaks a rule: ${RULE}.`,
    );
    expect(createFake({ scenario: long({ expiryValue: 168, expiryUnit: 'hours' }) }).settings()).toMatchObject({
      expiryValue: 168,
      expiryUnit: 'hours',
    });
  });

  it('is refused from a file, naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloud-admin-fake-long-'));
    try {
      const path = join(dir, 'long.json');
      writeFileSync(path, JSON.stringify(long({ expiryValue: 200, expiryUnit: 'hours' })));
      expect(() => loadScenarioFile(path)).toThrowError(
        `Failed to load scenario ${path}: eacSettings.expiryValue gives an expiry of 200 hours, which breaks a rule: ${RULE}.`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
