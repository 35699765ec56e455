/** The request journal: a bounded record of what clients sent and what the fake answered, and coverage from it. */
import { afterEach, describe, expect, it } from 'vitest';
import { createFake } from '../src/create-fake.js';
import { loadContract } from '../src/core/contract.js';
import { MODES, startMode, type Harness } from './support/modes.js';
import { journalOf } from './support/control.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';
const DISABLED = 'disabled.user@example.com';

describe.each(MODES)('the journal over %s', (mode) => {
  let fake: Harness;
  afterEach(() => fake.stop());

  it('keeps only the newest journalSize entries after many more requests', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START }, journalSize: 10 });
    for (let i = 0; i < 35; i++) await fake.call('POST', 'v1/users/lookup', { email: `user${i}@example.com` });
    const entries = await journalOf(fake);
    expect(entries.map((entry) => entry.seq)).toEqual([26, 27, 28, 29, 30, 31, 32, 33, 34, 35]);
    expect(entries[0]?.requestBody).toEqual({ email: 'user25@example.com' });
    expect(entries.at(-1)?.requestBody).toEqual({ email: 'user34@example.com' });
  });

  it('keeps a verified request body whole, and only the first 1 KiB of a body whose token was refused', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    const email = `${'a'.repeat(3000)}@example.com`;
    const sent = JSON.stringify({ email });
    await fake.call('POST', 'v1/users/lookup', { email });
    const refused = await fake.call('POST', 'v1/users/lookup', undefined, { token: null, raw: sent });
    expect(refused.status).toBe(403);
    const [verified, unverified] = await journalOf(fake);
    expect(verified?.requestBody).toEqual({ email });
    expect(verified).not.toHaveProperty('truncated');
    expect(unverified?.status).toBe(403);
    expect(unverified?.requestBody).toBe(sent.slice(0, 1024));
    expect(unverified?.truncated).toEqual({ requestBody: sent.length });
  });

  it('records the query string as sent, and no query when the request had none', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    await fake.call('POST', 'v2/users/search?pageSize=2&pageNumber=1', { emailLike: 'example.com' });
    await fake.call('POST', 'v2/users/search', { emailLike: 'example.com' });
    const [paged, plain] = await journalOf(fake);
    expect(paged).toMatchObject({
      operationId: 'searchUsersV2',
      path: `${new URL(fake.apiKey.adminRestApiUrl).pathname}v2/users/search`,
      query: 'pageSize=2&pageNumber=1',
      status: 200,
    });
    expect(plain?.operationId).toBe('searchUsersV2');
    expect(plain).not.toHaveProperty('query');
  });

  it('finds entries by operationId, by status, and by both', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    const jane = (await fake.call('POST', 'v1/users/lookup', { email: JANE })).body as { id: string };
    const disabled = (await fake.call('POST', 'v1/users/lookup', { email: DISABLED })).body as { id: string };
    await fake.call('POST', 'v1/users/lookup', { email: 'nobody@example.com' });
    await fake.call('PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 2 });
    await fake.call('PUT', `v1/users/${disabled.id}/emergencyTokencode`, { expirationDays: 2 });

    const seqs = async (query: string) => (await journalOf(fake, query)).map((entry) => entry.seq);
    expect(await seqs('operationId=lookupUser')).toEqual([1, 2, 3]);
    expect(await seqs('status=200')).toEqual([1, 2, 4]);
    expect(await seqs('status=404')).toEqual([3]);
    expect(await seqs('operationId=enableEmergencyTokencodeV1&status=400')).toEqual([5]);
    expect(await seqs('operationId=disableEmergencyTokencode')).toEqual([]);
  });

  it('records method, path, status, both bodies as JSON, the tenant clock time, the duration, the tenant and why', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    const jane = (await fake.call('POST', 'v1/users/lookup', { email: JANE })).body as { id: string };
    const enabled = await fake.call('PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: '3' });
    const code = enabled.body as { emergencyTokencodeId: string };
    await fake.call('DELETE', `v1/users/${jane.id}/emergencyTokencode/${code.emergencyTokencodeId}`);

    const [, enable, disable] = await journalOf(fake);
    expect(enable).toEqual({
      seq: 2,
      operationId: 'enableEmergencyTokencodeV1',
      method: 'PUT',
      path: `/AdminInterface/restapi/v1/users/${jane.id}/emergencyTokencode`,
      status: 200,
      requestBody: { expirationDays: '3' },
      responseBody: enabled.body,
      time: START,
      durationMs: expect.any(Number) as number,
      tenant: fake.apiKey.accessID,
      trace: {
        scenario: 'default',
        route: { matched: true, reason: null },
        token: { verdict: 'accepted', reason: null },
        throttle: { allowed: true, before: 199, after: 198, limit: { requestsPerSecond: 100, burst: 200 } },
        fault: null,
        validation: { ok: true, reason: null },
        changed: [
          `user ${JANE}: emergency code none -> ${code.emergencyTokencodeId} (expires 2026-03-04T09:00:00.000Z)`,
        ],
      },
    });
    expect(enable?.durationMs).toBeGreaterThanOrEqual(0);
    expect(disable?.trace.changed).toEqual([`user ${JANE}: emergency code ${code.emergencyTokencodeId} -> none`]);
    expect(disable).toMatchObject({
      seq: 3,
      operationId: 'disableEmergencyTokencode',
      status: 200,
      requestBody: null,
      responseBody: null,
    });
  });

  it('keeps a body that is not JSON as its text', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    const answer = await fake.call('POST', 'v1/users/lookup', undefined, { raw: '{"email":' });
    expect(answer.status).toBe(400);
    const [entry] = await journalOf(fake);
    expect(entry).toMatchObject({
      operationId: 'lookupUser',
      status: 400,
      requestBody: '{"email":',
      responseBody: { code: '400 BAD_REQUEST', description: 'Malformed JSON request body.' },
    });
  });

  it('journals a request with a token for no known tenant in the default tenant', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    const answer = await fake.call('POST', 'v1/users/lookup', { email: JANE }, { token: 'not-a-jwt' });
    expect(answer.status).toBe(403);
    const [entry] = await journalOf(fake);
    expect(entry).toMatchObject({
      operationId: 'lookupUser',
      status: 403,
      tenant: fake.apiKey.accessID,
      responseBody: { status: 403, message: 'Server failed to process provided access token' },
    });
  });

  it('records a connection failed by a fault as status 0 with no response body', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    fake.controls.addFault({ operationId: 'lookupUser', networkError: 'error' });
    await expect(fake.call('POST', 'v1/users/lookup', { email: JANE })).rejects.toThrow(TypeError);
    const [entry] = await journalOf(fake);
    expect(entry).toMatchObject({
      operationId: 'lookupUser',
      status: 0,
      requestBody: { email: JANE },
      responseBody: null,
    });
  });
});

describe('coverage from the journal', () => {
  const declaredPairs = Object.values(loadContract().spec.paths).flatMap((item) =>
    Object.values(item).flatMap((operation) => Object.keys(operation.responses)),
  ).length;

  it('counts each operation x status the run exercised, with a dash for those it did not', async () => {
    const fake = createFake({ seed: 7, clock: { start: START } });
    const call = async (body: unknown) =>
      fake.fetch(`${fake.apiKey.adminRestApiUrl}v1/users/lookup`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await fake.token()}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await call({ email: JANE });
    await call({ email: JANE });
    await call({ email: 'nobody@example.com' });

    expect(fake.coverage()).toContainEqual({ operationId: 'lookupUser', status: 200, count: 2 });
    expect(fake.coverage()).toHaveLength(declaredPairs);
    const table = fake.coverageTable().split('\n');
    expect(table[0]).toMatch(/^operation\s+status\s+calls$/);
    expect(table).toContainEqual(expect.stringMatching(/^lookupUser\s+200\s+2$/));
    expect(table).toContainEqual(expect.stringMatching(/^lookupUser\s+404\s+1$/));
    expect(table).toContainEqual(expect.stringMatching(/^disableEmergencyTokencode\s+200\s+-$/));
    expect(table.at(-1)).toBe(`2 of ${declaredPairs} operation x status pairs exercised`);
  });

  it('lists a status the contract does not declare, marked as such', async () => {
    const fake = createFake({ seed: 7, clock: { start: START } });
    fake.addFault({ operationId: 'lookupUser', networkError: 'reset' });
    await expect(
      fake.fetch(`${fake.apiKey.adminRestApiUrl}v1/users/lookup`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await fake.token()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: JANE }),
      }),
    ).rejects.toThrow(TypeError);
    expect(fake.coverage().at(-1)).toEqual({ operationId: 'lookupUser', status: 0, count: 1 });
    expect(fake.coverageTable()).toMatch(/^lookupUser\s+0\s+1 {2}\(not declared in the contract\)$/m);
    expect(fake.coverageTable().split('\n').at(-1)).toBe(`0 of ${declaredPairs} operation x status pairs exercised`);
  });

  it('refuses a journal size that is not a positive integer when the fake is created', () => {
    expect(() => createFake({ journalSize: 0 })).toThrowError(
      'Failed to create the journal: its size must be a positive integer, got 0.',
    );
  });
});
