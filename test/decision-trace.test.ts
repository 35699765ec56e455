/**
 * Why each answer is what it is, in every transport: the decision trace of each journal entry, and the short headers
 * (X-Fake-Operation, X-Fake-Scenario, X-Fake-Fault) beside X-Fake-Reason on vendor responses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpec } from '../src/core/spec.js';
import { MODES, startMode, type Harness } from './support/modes.js';
import { journalOf } from './support/control.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';

describe('the fake headers in the contract', () => {
  it("are declared in openapi/cloud-admin.yaml as the fake's own, and on the shared error responses", () => {
    const spec = loadSpec('cloud-admin');
    const headers = spec.components.headers as Record<string, { description: string }>;
    for (const name of ['X-Fake-Reason', 'X-Fake-Operation', 'X-Fake-Scenario', 'X-Fake-Fault'])
      expect(headers[name]?.description).toMatch(/^Added by the fake \(not the vendor\)/);
    const forbidden = (spec.components.responses as Record<string, { headers: Record<string, unknown> }>).Forbidden;
    expect(Object.keys(forbidden?.headers ?? {})).toEqual([
      'X-Fake-Reason',
      'X-Fake-Operation',
      'X-Fake-Scenario',
      'X-Fake-Fault',
    ]);
  });
});

describe.each(MODES)('the decision trace over %s', (mode) => {
  let fake: Harness;
  afterEach(() => fake.stop());

  const lastTrace = async () => (await journalOf(fake)).at(-1)?.trace;

  it('names the operation and the scenario in headers, and no fault when none applied', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    const answer = await fake.call('POST', 'v1/users/lookup', { email: JANE });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-fake-operation')).toBe('lookupUser');
    expect(answer.headers.get('x-fake-scenario')).toBe('default');
    expect(answer.headers.get('x-fake-fault')).toBeNull();
    expect(answer.headers.get('x-fake-reason')).toBeNull();
  });

  it('gives a refused token the reason X-Fake-Reason names, and stops there', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    const forged = await fake.token({ aud: 'https://elsewhere.example/' });
    const answer = await fake.call('POST', 'v1/users/lookup', { email: JANE }, { token: forged });
    expect(answer.status).toBe(403);
    const reason = answer.headers.get('x-fake-reason');
    expect(reason).toMatch(/aud/);
    expect(answer.headers.get('x-fake-operation')).toBe('lookupUser');
    expect(await lastTrace()).toEqual({
      scenario: 'default',
      route: { matched: true, reason: null },
      token: { verdict: 'refused', reason },
      throttle: null,
      fault: null,
      validation: null,
      changed: [],
    });
  });

  it('shows the bucket before and after, and the refusal when the throttle is spent', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START }, throttle: { requestsPerSecond: 1, burst: 1 } });
    await fake.call('POST', 'v1/users/lookup', { email: JANE });
    expect((await lastTrace())?.throttle).toEqual({
      allowed: true,
      before: 1,
      after: 0,
      limit: { requestsPerSecond: 1, burst: 1 },
    });
    const refused = await fake.call('POST', 'v1/users/lookup', { email: JANE });
    expect(refused.status).toBe(429);
    expect(await lastTrace()).toMatchObject({
      token: { verdict: 'accepted' },
      throttle: { allowed: false, before: 0, after: 0 },
      validation: null,
    });
  });

  it('names the fault applied, in the trace and in X-Fake-Fault', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    fake.controls.addFault({ operationId: 'lookupUser', status: 500, latencyMs: 5, times: 1 });
    const failed = await fake.call('POST', 'v1/users/lookup', { email: JANE });
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-fake-fault')).toBe('status 500; latency 5 ms');
    const [entry] = await journalOf(fake);
    expect(entry?.trace).toMatchObject({ fault: 'status 500; latency 5 ms', validation: null });
    expect(entry?.durationMs).toBeGreaterThanOrEqual(5);
    const next = await fake.call('POST', 'v1/users/lookup', { email: JANE });
    expect(next.headers.get('x-fake-fault')).toBeNull();
  });

  it('tells a body that failed validation, and a state change, in the trace', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    fake.controls.useScenario('user-disabled');
    const jane = (await fake.call('POST', 'v1/users/lookup', { email: JANE })).body as { id: string };
    const bad = await fake.call('PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 9 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-fake-scenario')).toBe('user-disabled');
    expect(await lastTrace()).toMatchObject({
      scenario: 'user-disabled',
      validation: { ok: false, reason: bad.headers.get('x-fake-reason') },
      changed: [],
    });
    const enabled = await fake.call('PUT', `v1/users/${jane.id}/userStatus`, { userStatus: 'Enabled' });
    expect(enabled.status).toBe(200);
    expect(await lastTrace()).toMatchObject({
      validation: { ok: true, reason: null },
      changed: [`user ${JANE}: userStatus Disabled -> Enabled`],
    });
  });

  it('tells why no route matched, with no operation header', async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    const answer = await fake.call('GET', 'v1/nothing/here', undefined, { operationId: null });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('x-fake-operation')).toBeNull();
    expect(answer.headers.get('x-fake-scenario')).toBe('default');
    expect(await lastTrace()).toMatchObject({
      route: { matched: false, reason: answer.headers.get('x-fake-reason') },
      token: null,
    });
  });
});
