/** The built-in scenarios in every transport, throttling against the fake's clock, determinism and bad scenario names. */
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFake } from '../src/create-fake.js';
import { BUILT_IN_SCENARIOS, loadBuiltInScenarios, ScenarioError } from '../src/domain/scenario.js';
import { loadScenarioFile } from '../src/server/scenario-files.js';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/server/start-server.js';
import { callText, MODES, startMode, type Answer, type Harness, type ModeName } from './support/modes.js';
import type { FakeOptions } from '../src/domain/tenant-registry.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';
const DISABLED = 'disabled.user@example.com';
const DAY_MS = 86_400_000;
const KNOWN =
  'Known scenarios: default, user-disabled, user-missing, eac-locked, throttled, user-marked-deleted, high-risk-user.';

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const after = (ms: number): string => new Date(Date.parse(START) + ms).toISOString();

describe('the built-in scenario files', () => {
  it.each(BUILT_IN_SCENARIOS)(
    '%s.json is valid against scenarios/scenario.schema.json and named after its file',
    (name) => {
      const path = fileURLToPath(new URL(`../scenarios/${name}.json`, import.meta.url));
      expect(loadScenarioFile(path).name).toBe(name);
    },
  );

  it('are loaded at start exactly as the validated files say', () => {
    const validated = BUILT_IN_SCENARIOS.map((name) =>
      loadScenarioFile(fileURLToPath(new URL(`../scenarios/${name}.json`, import.meta.url))),
    );
    expect(loadBuiltInScenarios()).toEqual(validated);
  });
});

describe.each(MODES)('scenarios over %s', (mode) => {
  let fake: Harness | undefined;
  const start = async (options: FakeOptions): Promise<Harness> => {
    fake = await startMode(mode, { seed: 7, clock: { start: START }, ...options });
    return fake;
  };
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  const idOf = (harness: Harness, email: string): string => {
    const id = harness.controls.user(email)?.id;
    if (id === undefined) throw new Error(`${email} is not in the scenario`);
    return id;
  };

  it('default: jane is enabled without a code, and the world holds 27 users', async () => {
    const harness = await start({ scenario: 'default' });
    const jane = await harness.call('POST', 'v1/users/lookup', { email: JANE });
    expect(jane.status).toBe(200);
    expect(jane.body).toMatchObject({ userStatus: 'Enabled', emergencyAccessStatus: 'Disabled' });
    const disabled = await harness.call('POST', 'v1/users/lookup', { email: DISABLED });
    expect(disabled.body).toMatchObject({ userStatus: 'Disabled' });
    const state = harness.controls.exportState();
    expect(state.scenario).toBe('default');
    expect(state.users).toHaveLength(27);
    expect(state.eacSettings).toMatchObject({ expiryValue: 3, expiryUnit: 'days', oneTimeUse: false, locked: false });
  });

  it('user-disabled: enabling jane\'s code returns 400 "User is disabled."', async () => {
    const harness = await start({ scenario: 'user-disabled' });
    const jane = await harness.call('POST', 'v1/users/lookup', { email: JANE });
    expect(jane.body).toMatchObject({ userStatus: 'Disabled' });
    const id = (jane.body as { id: string }).id;
    for (const path of [`v1/users/${id}/emergencyTokencode`, `v2/users/${id}/emergencyTokencode`]) {
      const answer = await harness.call('PUT', path, { expirationDays: 7 });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.body).toEqual({ code: '400 BAD_REQUEST', description: 'User is disabled.' });
    }
  });

  it('user-missing: looking jane up returns 404', async () => {
    const harness = await start({ scenario: 'user-missing' });
    const answer = await harness.call('POST', 'v1/users/lookup', { email: JANE });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ code: '404 NOT_FOUND', description: `User ${JANE} not found` });
    expect(answer.headers.get('x-fake-reason')).toBe('no user has this email');
    expect((await harness.call('POST', 'v1/users/lookup', { email: DISABLED })).status).toBe(200);
  });

  it("eac-locked: v1 ignores expirationDays 7 and applies the company's 2 days", async () => {
    const harness = await start({ scenario: 'eac-locked' });
    const answer = await harness.call('PUT', `v1/users/${idOf(harness, JANE)}/emergencyTokencode`, {
      expirationDays: 7,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ expirationDate: after(2 * DAY_MS), offlineExpirationDate: after(2 * DAY_MS) });
    expect(harness.controls.userRecord(JANE)?.eac?.oneTimeUse).toBe(true);
  });

  it("eac-locked: v2 reports the locked configuration it used instead of the request's", async () => {
    const harness = await start({ scenario: 'eac-locked' });
    const answer = await harness.call('PUT', `v2/users/${idOf(harness, JANE)}/emergencyTokencode`, {
      expiryUnit: 'hours',
      expiryValue: 5,
      oneTimeUse: false,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      configurationsLocked: true,
      configurationsUsed: { expiryValue: 2, expiryUnit: 'days', oneTimeUse: true },
      oneTimeUse: true,
      expirationDate: after(2 * DAY_MS),
    });
  });

  it('throttled: a burst of 40 gets 10 answers and 30 429s with Retry-After', async () => {
    const harness = await start({ scenario: 'throttled' });
    const token = await harness.token();
    const burst = await Promise.all(
      Array.from({ length: 40 }, () => harness.call('POST', 'v1/users/lookup', { email: JANE }, { token })),
    );
    const ok = burst.filter((answer) => answer.status === 200);
    const throttled = burst.filter((answer) => answer.status === 429);
    expect(ok).toHaveLength(10);
    expect(throttled).toHaveLength(30);
    for (const answer of throttled) {
      expect(answer.body).toEqual({ code: '429 TOO_MANY_REQUESTS', description: 'Too many requests.' });
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.headers.get('content-type')).toBe('application/json');
    }
    expect(ok[0]?.headers.get('retry-after')).toBeNull();
  });

  it('throttled: the bucket refills by the tenant clock, one request a second up to the burst', async () => {
    const harness = await start({ scenario: 'throttled' });
    const token = await harness.token();
    const lookup = (): Promise<Answer> => harness.call('POST', 'v1/users/lookup', { email: JANE }, { token });
    const statuses = async (count: number): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) out.push((await lookup()).status);
      return out;
    };
    expect(await statuses(11)).toEqual([...Array<number>(10).fill(200), 429]);
    harness.tenant.clock.advance(999);
    expect((await lookup()).status).toBe(429);
    harness.tenant.clock.advance(1);
    expect(await statuses(2)).toEqual([200, 429]);
    harness.tenant.clock.advance(60_000);
    expect(await statuses(11)).toEqual([...Array<number>(10).fill(200), 429]);
  });

  it('throttled: Retry-After counts the whole seconds until a token is back', async () => {
    const harness = await start({ scenario: 'throttled', throttle: { requestsPerSecond: 0.25, burst: 2 } });
    const token = await harness.token();
    const lookup = (): Promise<Answer> => harness.call('POST', 'v1/users/lookup', { email: JANE }, { token });
    expect((await lookup()).status).toBe(200);
    expect((await lookup()).status).toBe(200);
    const empty = await lookup();
    expect(empty.status).toBe(429);
    expect(empty.headers.get('retry-after')).toBe('4');
    expect(empty.headers.get('x-fake-reason')).toBe('over 0.25 requests/s (burst 2)');
    harness.tenant.clock.advance(3000);
    const almost = await lookup();
    expect(almost.status).toBe(429);
    expect(almost.headers.get('retry-after')).toBe('1');
    harness.tenant.clock.advance(1000);
    expect((await lookup()).status).toBe(200);
  });

  it('returns 429 before it reads the body once the bucket is empty', async () => {
    const harness = await start({ scenario: 'throttled', throttle: { requestsPerSecond: 1, burst: 1 } });
    const token = await harness.token();
    expect((await harness.call('POST', 'v1/users/lookup', { email: JANE }, { token })).status).toBe(200);
    const answer = await harness.call('POST', 'v1/users/lookup', undefined, { token, raw: '{not json' });
    expect(answer.status).toBe(429);
  });

  it('users: 1000 adds that many seeded users, each one found by lookup', async () => {
    const harness = await start({ users: 1000 });
    const users = harness.controls.exportState().users;
    expect(users).toHaveLength(27 + 1000);
    const last = users[users.length - 1];
    expect(last?.email).toMatch(/\.1025@example\.com$/);
    const answer = await harness.call('POST', 'v1/users/lookup', { email: last?.email });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: last?.id, emailAddress: last?.email });
  });
});

describe.each(MODES)('determinism over %s', (mode: ModeName) => {
  /** Runs one request sequence on a fresh fake and returns every body as text. */
  async function run(seed: number): Promise<string[]> {
    const fake = await startMode(mode, { seed, clock: { start: START } });
    try {
      const texts: string[] = [];
      const lookup = await callText(fake, 'POST', 'v1/users/lookup', { email: JANE });
      expect(lookup.status).toBe(200);
      texts.push(lookup.text);
      const id = (JSON.parse(lookup.text) as { id: string }).id;
      for (const [path, body] of [
        [`v1/users/${id}/emergencyTokencode`, { expirationDays: '7' }],
        [`v2/users/${id}/emergencyTokencode`, { expiryUnit: 'hours', expiryValue: 2 }],
        [`v2/users/${id}/emergencyTokencode`, { oneTimeUse: true }],
      ] as const) {
        const answer = await callText(fake, 'PUT', path, body);
        expect(answer.status).toBe(200);
        texts.push(answer.text);
      }
      texts.push((await callText(fake, 'POST', 'v1/users/lookup', { email: JANE })).text);
      texts.push((await callText(fake, 'POST', 'v1/users/lookup', { email: DISABLED })).text);
      return texts;
    } finally {
      await fake.stop();
    }
  }

  it('gives byte-identical lookups and enables for the same seed and frozen clock', async () => {
    const first = await run(42);
    const second = await run(42);
    expect(second).toEqual(first);
    expect(first).toHaveLength(6);
  });

  it('gives other ids and codes for another seed', async () => {
    const [lookupA, enableA] = await run(42);
    const [lookupB, enableB] = await run(43);
    const a = JSON.parse(enableA ?? '{}') as { emergencyTokencodeId: string; emergencyTokencode: string };
    const b = JSON.parse(enableB ?? '{}') as { emergencyTokencodeId: string; emergencyTokencode: string };
    expect(JSON.parse(lookupB ?? '{}')).toMatchObject({ emailAddress: JANE });
    expect((JSON.parse(lookupB ?? '{}') as { id: string }).id).not.toBe(
      (JSON.parse(lookupA ?? '{}') as { id: string }).id,
    );
    expect(b.emergencyTokencodeId).not.toBe(a.emergencyTokencodeId);
    expect(b.emergencyTokencode).not.toBe(a.emergencyTokencode);
  });
});

describe('unknown scenario names', () => {
  it('createFake throws an error naming the known scenarios', () => {
    // @ts-expect-error -- an unknown name does not compile; a name from untyped input still throws at run time
    expect(() => createFake({ scenario: 'no-such-world' })).toThrow(ScenarioError);
    // @ts-expect-error -- as above
    expect(() => createFake({ scenario: 'no-such-world' })).toThrow(
      `Failed to find scenario "no-such-world". ${KNOWN}`,
    );
  });

  it('startServer rejects with the known scenarios and leaves the port free', async () => {
    const port = await freePort();
    await expect(startServer({ port, scenario: 'no-such-world' })).rejects.toThrow(
      `Failed to find scenario "no-such-world". ${KNOWN}`,
    );
    await new Promise((resolve) => setImmediate(resolve));
    const running = await startServer({ port });
    await running.close();
    expect(running.url).toBe(`http://127.0.0.1:${port}`);
  });
});
