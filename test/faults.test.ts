/** Faults: latency, forced statuses and failed connections, for the next N calls or every Nth, in every transport. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFake } from '../src/create-fake.js';
import { MODES, overHttp, startMode, type Harness } from './support/modes.js';
import { journalOf } from './support/control.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';
/** Node timers may fire up to 1 ms before the time asked for (nodejs/node#26578). */
const TIMER_SLACK_MS = 1;
const INTERNAL_ERROR = { code: '500 INTERNAL_SERVER_ERROR', description: 'An internal error occurred.' };

/** The error a call rejects with (undefined if it resolved), with the cause Node's fetch attaches. */
const rejection = (call: Promise<unknown>): Promise<(TypeError & { cause?: { code?: string } }) | undefined> =>
  call.then(
    () => undefined,
    (error: unknown) => error as TypeError & { cause?: { code?: string } },
  );

describe.each(MODES)('faults over %s', (mode) => {
  let fake: Harness;
  let token: string;
  const lookup = () => fake.call('POST', 'v1/users/lookup', { email: JANE }, { token });
  const timed = async <T>(run: () => Promise<T>): Promise<{ elapsed: number; result: T }> => {
    const started = performance.now();
    const result = await run();
    return { elapsed: performance.now() - started, result };
  };

  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    token = await fake.token();
  });
  afterEach(() => fake.stop());

  it('delays the answer by a fixed latency', async () => {
    fake.controls.addFault({ operationId: 'lookupUser', latencyMs: 50 });
    const { elapsed, result } = await timed(lookup);
    expect(elapsed).toBeGreaterThanOrEqual(50 - TIMER_SLACK_MS);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ emailAddress: JANE });
  });

  it('delays the answer by a latency drawn from a range', async () => {
    fake.controls.addFault({ operationId: 'lookupUser', latencyMs: [30, 40] });
    const { elapsed, result } = await timed(lookup);
    expect(elapsed).toBeGreaterThanOrEqual(30 - TIMER_SLACK_MS);
    expect(result.status).toBe(200);
  });

  it('forces a 500 with the vendor body', async () => {
    fake.controls.addFault({ operationId: 'lookupUser', status: 500 });
    const answer = await lookup();
    expect(answer.status).toBe(500);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body).toEqual(INTERNAL_ERROR);
    expect((await journalOf(fake))[0]).toMatchObject({ status: 500, responseBody: INTERNAL_ERROR });
  });

  it('forces a status with a description of its own, after a latency, on every operation with *', async () => {
    fake.controls.addFault({ operationId: '*', status: 500, description: 'Down for maintenance.', latencyMs: 30 });
    const { elapsed, result } = await timed(lookup);
    expect(elapsed).toBeGreaterThanOrEqual(30 - TIMER_SLACK_MS);
    expect(result.body).toEqual({ code: '500 INTERNAL_SERVER_ERROR', description: 'Down for maintenance.' });
    const status = await fake.call('PUT', 'v1/users/any-id/userStatus', { userStatus: 'Enabled' }, { token });
    expect(status.status).toBe(500);
  });

  it('fails the connection with a network error: fetch rejects', async () => {
    fake.controls.addFault({ operationId: 'lookupUser', networkError: 'error' });
    const failure = await rejection(lookup());
    expect(failure).toBeInstanceOf(TypeError);
    if (mode === 'msw') expect(failure?.message).toBe('Failed to fetch');
    if (mode === 'fetch')
      expect(failure?.message).toBe('fetch failed: connection error (fault injected by cloud-admin-fake)');
    if (overHttp(mode)) expect(failure?.cause?.code).toBe('UND_ERR_SOCKET');
    expect(await lookup().catch(() => 'rejected again')).toBe('rejected again');
  });

  it('resets the connection: fetch rejects', async () => {
    fake.controls.addFault({ operationId: 'lookupUser', networkError: 'reset' });
    const failure = await rejection(lookup());
    expect(failure).toBeInstanceOf(TypeError);
    if (mode === 'msw') expect(failure?.message).toBe('Failed to fetch');
    if (mode === 'fetch')
      expect(failure?.message).toBe('fetch failed: connection reset (fault injected by cloud-admin-fake)');
    if (overHttp(mode)) expect(failure?.cause?.code).toBe('ECONNRESET');
  });

  it('applies to the next N calls only with times, then answers normally', async () => {
    fake.controls.addFault({ operationId: 'lookupUser', status: 500, times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await lookup()).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  it('applies to every Nth call only with everyNth', async () => {
    fake.controls.addFault({ operationId: 'lookupUser', status: 500, everyNth: 3 });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await lookup()).status);
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500, 200]);
  });

  it('leaves other operations alone', async () => {
    fake.controls.addFault({ operationId: 'setUserStatus', status: 500 });
    const jane = (await lookup()).body as { id: string };
    expect((await lookup()).status).toBe(200);
    const status = await fake.call('PUT', `v1/users/${jane.id}/userStatus`, { userStatus: 'Enabled' }, { token });
    expect(status).toMatchObject({ status: 500, body: INTERNAL_ERROR });
  });
});

describe('several faults on one operation', () => {
  it('counts every call for each fault and combines what fires: latencies add, the first status wins', async () => {
    const fake = createFake({ seed: 7, clock: { start: START } });
    fake.addFault({ operationId: 'lookupUser', status: 500, everyNth: 2 });
    fake.addFault({ operationId: 'lookupUser', latencyMs: 20 });
    fake.addFault({ operationId: '*', status: 500, description: 'Second status.', times: 5 });
    const token = await fake.token();
    const answers: { status: number; body: unknown; elapsed: number }[] = [];
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      const response = await fake.fetch(`${fake.apiKey.adminRestApiUrl}v1/users/lookup`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: JANE }),
      });
      answers.push({ status: response.status, body: await response.json(), elapsed: performance.now() - started });
    }
    expect(answers[0]?.body).toEqual({ code: '500 INTERNAL_SERVER_ERROR', description: 'Second status.' });
    expect(answers[1]?.body).toEqual(INTERNAL_ERROR);
    for (const answer of answers) expect(answer.elapsed).toBeGreaterThanOrEqual(20 - TIMER_SLACK_MS);
  });

  it('starts with the faults a scenario declares, and gets them back on reset', async () => {
    const fake = createFake({
      clock: { start: START },
      scenarios: [
        {
          name: 'flaky',
          description: 'Every second lookup fails.',
          users: [{ email: JANE, firstName: 'Jane', lastName: 'Doe' }],
          faults: [{ operationId: 'lookupUser', status: 500, everyNth: 2 }],
        },
      ],
      scenario: 'flaky',
    });
    expect(fake.faults()).toEqual([{ operationId: 'lookupUser', status: 500, everyNth: 2 }]);
    fake.clearFaults();
    fake.reset();
    expect(fake.faults()).toEqual([{ operationId: 'lookupUser', status: 500, everyNth: 2 }]);
  });
});
