/** cloud-admin-fake/vitest: the fake wired into a test file, reset between tests, and journal assertions. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useCloudAdminFake, expectCalled, expectNotCalled, CallAssertionError } from '../src/vitest.js';
import { signToken } from '../src/core/sign-token.js';
import type { ApiKeyFile } from '../src/core/api-key.js';

const JANE = 'jane.doe@example.com';

/** The code under test: a small client of the vendor API that gives a user an emergency code. */
async function giveCode(apiKey: ApiKeyFile, email: string, expirationDays: number | string): Promise<unknown> {
  const headers = { authorization: `Bearer ${await signToken(apiKey)}`, 'content-type': 'application/json' };
  const lookup = await fetch(`${apiKey.adminRestApiUrl}v1/users/lookup`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ email }),
  });
  const user = (await lookup.json()) as { id: string };
  const enabled = await fetch(`${apiKey.adminRestApiUrl}v1/users/${user.id}/emergencyTokencode`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ expirationDays }),
  });
  return enabled.json();
}

/** Runs an assertion expected to fail and returns its error. */
function failureOf(assertion: () => void): CallAssertionError {
  try {
    assertion();
  } catch (error) {
    if (error instanceof CallAssertionError) {
      expect(error.name).toBe('AssertionError');
      return error;
    }
    throw error;
  }
  throw new Error('The assertion passed, but it should have failed.');
}

describe('useCloudAdminFake', () => {
  const fake = useCloudAdminFake({ seed: 7 });
  const janeId = (): string => fake.userRecord(JANE)?.id ?? '';

  it('serves the vendor API to plain fetch (1/2: changes the world)', async () => {
    fake.useScenario('eac-locked');
    const code = await giveCode(fake.apiKey, JANE, 5);
    expect(code).toMatchObject({ emergencyTokencode: expect.stringMatching(/^[0-9A-Z]{8}$/) });
    expect(fake.user(JANE)).toMatchObject({ emergencyAccessStatus: 'Enabled' });
    fake.createTenant();
    fake.addFault({ operationId: 'setUserStatus', status: 500 });
    expect(fake.core.tenantIds()).toHaveLength(2);
  });

  it('starts each test from the world as created (2/2: nothing of test 1 is left)', () => {
    expect(fake.scenario()).toBe('default');
    expect(fake.user(JANE)).toMatchObject({ emergencyAccessStatus: 'Disabled', emergencyTokencodeId: null });
    expect(fake.journal()).toEqual([]);
    expect(fake.faults()).toEqual([]);
    expect(fake.settings()).toMatchObject({ locked: false });
    expect(fake.core.tenantIds()).toEqual([fake.accessId]);
  });

  it('expectCalled passes when the client enabled a code for jane with expirationDays 3, exactly once', async () => {
    await giveCode(fake.apiKey, JANE, '3');
    const expectation = expectCalled(fake, {
      operationId: 'enableEmergencyTokencodeV1',
      user: JANE,
      body: { expirationDays: 3 },
    }).once();
    expect(expectation.calls).toHaveLength(1);
    expect(expectation.calls[0]).toMatchObject({ status: 200, requestBody: { expirationDays: '3' } });
    expectCalled(fake, { operationId: 'lookupUser', user: JANE, status: 200 }).times(1);
    expectCalled(fake, { user: janeId(), response: { emergencyTokencode: expect.any(String) } }).once();
  });

  it('expectCalled fails with a list of what was called when nothing matches', async () => {
    await giveCode(fake.apiKey, JANE, 7);
    const error = failureOf(() =>
      expectCalled(fake, { operationId: 'enableEmergencyTokencodeV1', user: JANE, body: { expirationDays: 3 } }),
    );
    expect(error.message).toBe(
      [
        `Expected enableEmergencyTokencodeV1 for ${JANE} (id ${janeId()}) with body {"expirationDays":3}, but no call matched.`,
        'What was called (oldest first, * = matches):',
        `    #1 lookupUser POST /AdminInterface/restapi/v1/users/lookup {"email":"${JANE}"} -> 200`,
        `    #2 enableEmergencyTokencodeV1 PUT /AdminInterface/restapi/v1/users/${janeId()}/emergencyTokencode [${JANE}] {"expirationDays":7} -> 200`,
      ].join('\n'),
    );
  });

  it('expectCalled(...).once() fails when the call happened twice, marking both', async () => {
    await giveCode(fake.apiKey, JANE, 3);
    await giveCode(fake.apiKey, JANE, 3);
    const error = failureOf(() =>
      expectCalled(fake, { operationId: 'enableEmergencyTokencodeV1', body: { expirationDays: 3 } }).once(),
    );
    expect(error.message.split('\n')[0]).toBe(
      'Expected enableEmergencyTokencodeV1 with body {"expirationDays":3} once, but it was called 2 times.',
    );
    expect(error.message.split('\n').filter((line) => line.startsWith('  * '))).toEqual([
      expect.stringMatching(/^ {2}\* #2 enableEmergencyTokencodeV1 PUT /),
      expect.stringMatching(/^ {2}\* #4 enableEmergencyTokencodeV1 PUT /),
    ]);
  });

  it('expectCalled says so when no request reached the fake, and names a user the tenant does not have', () => {
    const error = failureOf(() => expectCalled(fake, { operationId: 'lookupUser', user: 'ghost@example.com' }));
    expect(error.message).toBe(
      [
        'Expected lookupUser for ghost@example.com (no such user in the tenant), but no call matched.',
        'What was called (oldest first, * = matches):',
        '  (the journal is empty: no request reached the fake)',
      ].join('\n'),
    );
  });

  it('expectNotCalled passes when nothing matches and fails listing the calls that do', async () => {
    await giveCode(fake.apiKey, JANE, 1);
    expectNotCalled(fake, { operationId: 'disableEmergencyTokencode' });
    expectNotCalled(fake, { operationId: 'enableEmergencyTokencodeV1', body: { expirationDays: 2 } });
    const error = failureOf(() => expectNotCalled(fake, { operationId: 'enableEmergencyTokencodeV1', user: JANE }));
    expect(error.message.split('\n')[0]).toBe(
      `Expected no enableEmergencyTokencodeV1 for ${JANE} (id ${janeId()}), but it was called once.`,
    );
  });
});

describe('useCloudAdminFake with printCoverage', () => {
  const tables: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  afterAll(() => log.mockRestore());

  describe('a file that asks for coverage as a table', () => {
    const fake = useCloudAdminFake({ seed: 7, printCoverage: (table) => tables.push(table) });
    it('looks jane up', async () => {
      await giveCode(fake.apiKey, JANE, 1);
    });
    it('looks up someone who does not exist, in another tenant', async () => {
      const tenant = fake.createTenant();
      const response = await fetch(`${tenant.apiKey.adminRestApiUrl}v1/users/lookup`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await signToken(tenant.apiKey)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com' }),
      });
      expect(response.status).toBe(404);
    });
  });

  describe('a file that asks for coverage on the console', () => {
    const fake = useCloudAdminFake({ printCoverage: true });
    beforeAll(() => {
      log.mockClear();
    });
    it('enables a code', async () => {
      await giveCode(fake.apiKey, JANE, 2);
    });
  });

  it('prints the coverage summed over every test and tenant once all tests ran', () => {
    expect(tables).toHaveLength(1);
    const lines = tables[0]?.split('\n') ?? [];
    expect(lines[0]).toBe('cloud-admin-fake coverage');
    expect(lines).toContainEqual(expect.stringMatching(/^lookupUser\s+200\s+1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^lookupUser\s+404\s+1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^enableEmergencyTokencodeV1\s+200\s+1$/));
    expect(lines.at(-1)).toMatch(/^3 of [0-9]+ operation x status pairs exercised$/);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toMatch(
      /^cloud-admin-fake coverage\n[^]*\n2 of [0-9]+ operation x status pairs exercised$/,
    );
  });
});
