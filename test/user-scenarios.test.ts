/** User-authored scenarios: a --scenarios folder for the command line, `scenarios: [...]` in code, both validated. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFake } from '../src/create-fake.js';
import { ScenarioError, type Scenario } from '../src/domain/scenario.js';
import { signToken } from '../src/core/sign-token.js';
import type { ApiKeyFile } from '../src/core/api-key.js';
import { assertMatchesContract } from './support/contract.js';
import { control, ensureBuilt, listeningUrl, runCli, stopCli, type CliRun } from './support/control.js';

const ACME: Scenario = {
  name: 'acme',
  description: 'Acme: one user, settings locked to 1 hour.',
  customerName: 'Acme',
  eacSettings: { locked: true, expiryValue: 1, expiryUnit: 'hours' },
  users: [{ email: 'road.runner@acme.test', firstName: 'Road', lastName: 'Runner' }],
};

let dir: string;
const write = (folder: string, name: string, content: unknown): string => {
  mkdirSync(join(dir, folder), { recursive: true });
  const path = join(dir, folder, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cloud-admin-fake-scenarios-'));
  await ensureBuilt();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a --scenarios folder on the command line', () => {
  let run: CliRun | undefined;
  afterEach(async () => {
    if (run) await stopCli(run);
    run = undefined;
  });

  it('loads every scenario in the folder and starts in the one --scenario names', async () => {
    write('good', 'acme.json', ACME);
    write('good', 'tiny.json', { name: 'tiny', description: 'No users at all.' });
    const keyFile = join(dir, 'good-key', 'api.key');
    run = runCli(['--port', '0', '--scenarios', join(dir, 'good'), '--scenario', 'acme', '--key-file', keyFile]);
    const url = await listeningUrl(run);
    expect(run.stdout()).toMatch(/^cloud-admin-fake: scenario acme, seed 1, 1 users$/m);

    const apiKey = JSON.parse(readFileSync(keyFile, 'utf8')) as ApiKeyFile;
    const response = await fetch(`${apiKey.adminRestApiUrl}v1/users/lookup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await signToken(apiKey)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'road.runner@acme.test' }),
    });
    const body: unknown = await response.json();
    assertMatchesContract('lookupUser', response.status, body);
    expect(body).toMatchObject({ emailAddress: 'road.runner@acme.test', firstName: 'Road', lastName: 'Runner' });

    const scenarios = await control(url, 'GET', '/__fake/scenarios');
    expect(scenarios.body).toContainEqual({ name: 'acme', description: ACME.description });
    expect(scenarios.body).toContainEqual({ name: 'tiny', description: 'No users at all.' });
    expect((await control(url, 'GET', '/__fake/settings')).body).toMatchObject({ locked: true, expiryUnit: 'hours' });
    expect((await control(url, 'PUT', '/__fake/scenario', { name: 'tiny' })).body).toEqual({ name: 'tiny' });
  });

  it('exits with code 2 naming the file, the field and the reason for a bad scenario, without a stack trace', async () => {
    write('bad', 'acme.json', ACME);
    const bad = write('bad', 'broken.json', {
      name: 'broken',
      description: 'Weeks are not a unit.',
      eacSettings: { expiryUnit: 'weeks' },
    });
    run = runCli(['--port', '0', '--scenarios', join(dir, 'bad'), '--key-file', join(dir, 'bad-key', 'api.key')]);
    expect(await run.exited).toBe(2);
    const firstLine = run.stderr().split('\n')[0];
    expect(firstLine).toBe(
      `cloud-admin-fake: Failed to load scenario ${bad}: eacSettings.expiryUnit must be equal to one of the allowed values ("days", "hours", "minutes").`,
    );
    expect(run.stderr()).not.toMatch(/^\s+at /m);
    expect(run.stdout()).not.toMatch(/listening on/);
  });

  it('exits with code 2 naming the file and the JSON error for a file that is not JSON', async () => {
    const bad = write('not-json', 'oops.json', '{ "name": "oops", ');
    run = runCli(['--port', '0', '--scenarios', join(dir, 'not-json'), '--key-file', join(dir, 'nj-key', 'api.key')]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(new RegExp(`^cloud-admin-fake: Failed to load scenario ${bad}: .*JSON.*\\.$`, 'm'));
    expect(run.stderr()).not.toMatch(/^\s+at /m);
  });

  it('exits with code 2 naming the folder when it cannot be read', async () => {
    const missing = join(dir, 'no-such-folder');
    run = runCli(['--port', '0', '--scenarios', missing]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(
      new RegExp(`^cloud-admin-fake: Failed to read scenarios from ${missing}: ENOENT`, 'm'),
    );
  });
});

describe('scenarios: [...] in code', () => {
  it('registers user scenarios next to the built-in ones and can start in one', () => {
    const fake = createFake({ scenarios: [ACME], scenario: 'acme', clock: { start: '2026-03-01T09:00:00.000Z' } });
    expect(fake.scenario()).toBe('acme');
    expect(fake.listScenarios().map((scenario) => scenario.name)).toEqual([
      'default',
      'user-disabled',
      'user-missing',
      'eac-locked',
      'throttled',
      'user-marked-deleted',
      'high-risk-user',
      'acme',
    ]);
    expect(fake.user('road.runner@acme.test')).toMatchObject({
      firstName: 'Road',
      identitySource: 'Corporate Directory',
    });
    expect(fake.settings()).toMatchObject({ locked: true, expiryValue: 1, expiryUnit: 'hours' });
    fake.useScenario('default');
    expect(fake.user('road.runner@acme.test')).toBeUndefined();
    fake.useScenario('acme');
    expect(fake.user('road.runner@acme.test')).toBeDefined();
  });

  it('throws a ScenarioError naming the scenario, the field and the reason for a bad one', () => {
    const broken = { ...ACME, name: 'broken', eacSettings: { expiryUnit: 'weeks' } } as unknown as Scenario;
    expect(() => createFake({ scenarios: [broken] })).toThrowError(ScenarioError);
    expect(() => createFake({ scenarios: [broken] })).toThrowError(
      'Failed to load scenario "broken": eacSettings.expiryUnit must be equal to one of the allowed values ("days", "hours", "minutes").',
    );
    const extra = { ...ACME, colour: 'red' } as unknown as Scenario;
    expect(() => createFake({ scenarios: [extra] })).toThrowError(
      'Failed to load scenario "acme": (the top level) must NOT have additional properties "colour".',
    );
  });

  it('accepts a scenario object as the starting scenario and lists it', () => {
    const fake = createFake({ scenario: { name: 'solo', description: 'One user.', users: ACME.users ?? [] } });
    expect(fake.scenario()).toBe('solo');
    expect(fake.listScenarios()).toContainEqual({ name: 'solo', description: 'One user.' });
  });
});
