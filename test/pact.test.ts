/**
 * The pact export from the journal, in every transport: one interaction per operation, status and scenario, provider
 * states named after the scenario, matching rules from the contract, no volatile header and no real token.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPact, EXAMPLE_AUTHORIZATION, type Pact, type PactInteraction } from '../src/testing/pact.js';
import { MODES, startMode, type Harness } from './support/modes.js';
import { journalOf } from './support/control.js';

const JANE = 'jane.doe@example.com';
const START = '2026-03-01T09:00:00.000Z';

const find = (pact: Pact, description: string): PactInteraction => {
  const found = pact.interactions.find((interaction) => interaction.description === description);
  if (!found)
    throw new Error(`No interaction "${description}" in ${pact.interactions.map((i) => i.description).join(', ')}`);
  return found;
};
const rulesOf = (interaction: PactInteraction) =>
  (interaction.response.matchingRules?.body ?? {}) as Record<string, { matchers: Record<string, unknown>[] }>;

describe.each(MODES)('the pact export over %s', (mode) => {
  let fake: Harness;
  let janeId: string;
  const wire: { status: number; headers: Headers }[] = [];
  const call = async (...args: Parameters<Harness['call']>) => {
    const answer = await fake.call(...args);
    wire.push({ status: answer.status, headers: answer.headers });
    return answer;
  };

  beforeEach(async () => {
    wire.length = 0;
    fake = await startMode(mode, { seed: 3, clock: { start: START } });
    janeId = ((await call('POST', 'v1/users/lookup', { email: JANE })).body as { id: string }).id;
  });
  afterEach(() => fake.stop());

  it('makes one interaction per operation, status and scenario, named after them, in journal order', async () => {
    await call('POST', 'v1/users/lookup', { email: JANE });
    await call('POST', 'v1/users/lookup', { email: 'nobody@example.com' });
    await call('PUT', `v1/users/${janeId}/emergencyTokencode`, { expirationDays: 2 });
    await call('PUT', `v1/users/${janeId}/emergencyTokencode`, { expirationDays: 9 });
    await call('PUT', `v1/users/${janeId}/emergencyTokencode`, { expirationDays: 0 });
    const pact = fake.controls.pact({ consumer: 'help-desk' });
    expect(pact.consumer).toEqual({ name: 'help-desk' });
    expect(pact.provider).toEqual({ name: 'cloud-admin' });
    expect(pact.metadata.pactSpecification).toEqual({ version: '4.0' });
    expect(pact.interactions.map((interaction) => interaction.description)).toEqual([
      'lookupUser answering 200 in scenario default',
      'lookupUser answering 404 in scenario default',
      'enableEmergencyTokencodeV1 answering 200 in scenario default',
      'enableEmergencyTokencodeV1 answering 400 in scenario default',
    ]);
    expect(pact.interactions.map((interaction) => interaction.providerStates)).toEqual([
      [{ name: 'default', params: { email: JANE, userStatus: 'Enabled', emergencyAccessStatus: 'Disabled' } }],
      [{ name: 'default', params: { email: 'nobody@example.com' } }],
      [{ name: 'default', params: { email: JANE, userStatus: 'Enabled', emergencyAccessStatus: 'Disabled' } }],
      [{ name: 'default', params: { email: JANE, userStatus: 'Enabled', emergencyAccessStatus: 'Enabled' } }],
    ]);
  });

  it('keeps the query string as Pact query parameters, each with its values', async () => {
    await call('POST', 'v2/users/search?pageSize=2&pageNumber=1', { emailLike: 'example.com' });
    const pact = fake.controls.pact({ consumer: 'help-desk' });
    const search = find(pact, 'searchUsersV2 answering 200 in scenario default');
    expect(search.request.query).toEqual({ pageSize: ['2'], pageNumber: ['1'] });
    expect(search.request.path).toBe(`${new URL(fake.apiKey.adminRestApiUrl).pathname}v2/users/search`);
    expect(find(pact, 'lookupUser answering 200 in scenario default').request).not.toHaveProperty('query');
  });

  it('derives matching rules from the contract: types for objects, regexes for ids and codes, datetimes', async () => {
    await call('PUT', `v1/users/${janeId}/emergencyTokencode`, { expirationDays: 9 });
    const pact = fake.controls.pact({ consumer: 'help-desk' });
    const lookup = rulesOf(find(pact, 'lookupUser answering 200 in scenario default'));
    expect(lookup.$?.matchers).toEqual([{ match: 'type' }]);
    expect(lookup['$.id']?.matchers).toEqual([
      { match: 'regex', regex: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
    ]);
    expect(lookup['$.creationDate']?.matchers).toEqual([{ match: 'datetime', format: "yyyy-MM-dd'T'HH:mm:ss.SSSX" }]);
    expect(lookup['$.monthLastAuthenticated']?.matchers).toEqual([
      { match: 'regex', regex: '^[A-Z][a-z]{2} [0-9]{4}$' },
    ]);
    // A null keeps the type match (the provider state makes the same world); no datetime for a null timestamp.
    expect(lookup['$.emergencyTokencodeExpiration']).toBeUndefined();
    const error = rulesOf(find(pact, 'enableEmergencyTokencodeV1 answering 400 in scenario default'));
    expect(error['$.code']?.matchers).toEqual([{ match: 'regex', regex: '^[1-5][0-9]{2} [A-Z_]+$' }]);
    expect(error['$.description']).toBeUndefined();
  });

  it('takes the token and the user id from the provider state, and the Authorization header never holds a real token', async () => {
    await call('PUT', `v1/users/${janeId}/emergencyTokencode`, { expirationDays: 2 });
    await call('POST', 'v1/users/lookup', { email: JANE }, { token: 'not-a-jwt' });
    const pact = fake.controls.pact({ consumer: 'help-desk' });
    const enable = find(pact, 'enableEmergencyTokencodeV1 answering 200 in scenario default');
    expect(enable.request.headers).toEqual({
      Authorization: [EXAMPLE_AUTHORIZATION],
      'Content-Type': ['application/json'],
    });
    expect(enable.request.matchingRules).toEqual({
      header: {
        Authorization: {
          combine: 'AND',
          matchers: [{ match: 'regex', regex: '^Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }],
        },
      },
    });
    expect(enable.request.generators).toEqual({
      header: { Authorization: { type: 'ProviderState', expression: 'Bearer ${token}', dataType: 'STRING' } },
      path: {
        type: 'ProviderState',
        expression: '/AdminInterface/restapi/v1/users/${userId}/emergencyTokencode',
        dataType: 'STRING',
      },
    });
    expect(enable.request.path).toBe(`/AdminInterface/restapi/v1/users/${janeId}/emergencyTokencode`);
    // The 403 replays with the example, which no key signed: no generator.
    expect(find(pact, 'lookupUser answering 403 in scenario default').request.generators).toBeUndefined();
    const text = JSON.stringify(pact);
    expect(text).not.toContain(await fake.token());
    expect(text).not.toContain(fake.apiKey.accessID);
  });

  it('drops volatile headers: a pact response has Content-Type only, though the wire had X-Fake-Reason', async () => {
    await call('PUT', `v1/users/${janeId}/emergencyTokencode`, { expirationDays: 9 });
    expect(wire.some((answer) => answer.status === 400 && answer.headers.get('x-fake-reason') !== null)).toBe(true);
    for (const interaction of fake.controls.pact({ consumer: 'help-desk' }).interactions) {
      expect(Object.keys(interaction.response.headers)).toEqual(['Content-Type']);
    }
  });

  it('forces the statuses no fresh world answers (the throttle 429) through the provider state, without Retry-After', async () => {
    await fake.stop();
    fake = await startMode(mode, { scenario: 'throttled', clock: { start: START } });
    let throttled: { status: number; headers: Headers } | undefined;
    for (let i = 0; i < 40 && !throttled; i++) {
      const answer = await call('POST', 'v1/users/lookup', { email: JANE });
      if (answer.status === 429) throttled = answer;
    }
    expect(throttled?.headers.get('retry-after')).toMatch(/^[0-9]+$/);
    const interaction = find(
      fake.controls.pact({ consumer: 'help-desk' }),
      'lookupUser answering 429 in scenario throttled',
    );
    expect(interaction.providerStates).toEqual([
      { name: 'throttled', params: { email: JANE, forceStatus: 429, forceDescription: 'Too many requests.' } },
    ]);
    expect(interaction.response.headers).toEqual({ 'Content-Type': ['application/json'] });
  });

  it('leaves out what the journal cannot reproduce, and says why', async () => {
    await call('GET', 'v1/users/lookup', undefined, { operationId: null });
    await call('POST', 'v1/users/lookup', undefined, { raw: 'email=jane', headers: { 'content-type': 'text/plain' } });
    await call('POST', 'v1/users/lookup', undefined, { raw: '{"email":', operationId: 'lookupUser' });
    fake.controls.addFault({ operationId: 'lookupUser', networkError: 'error', times: 1 });
    await fake
      .fetch(`${fake.apiKey.adminRestApiUrl}v1/users/lookup`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await fake.token()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: JANE }),
      })
      .catch(() => undefined);
    const journal = await journalOf(fake);
    const pact = fake.controls.pact({ consumer: 'help-desk' });
    expect(pact.interactions.map((interaction) => interaction.description)).toEqual([
      'lookupUser answering 200 in scenario default',
    ]);
    expect(pact.metadata['cloud-admin-fake'].skipped).toEqual([
      { seq: journal[1]?.seq, reason: 'no operation of the contract has this method and path' },
      { seq: journal[2]?.seq, reason: 'the journal does not keep the content type that made it 415' },
      { seq: journal[3]?.seq, reason: 'the request body was not a JSON object' },
      { seq: journal[4]?.seq, reason: 'a fault failed the connection: there is no answer to match' },
    ]);
  });

  it('writes specification V3 on request: plain header values and bodies', async () => {
    const pact = fake.controls.pact({ consumer: 'help-desk', provider: 'rsa', specification: 'V3' });
    expect(pact.metadata.pactSpecification).toEqual({ version: '3.0.0' });
    expect(pact.provider).toEqual({ name: 'rsa' });
    const [lookup] = pact.interactions;
    expect(lookup?.type).toBeUndefined();
    expect(lookup?.request.headers.Authorization).toBe(EXAMPLE_AUTHORIZATION);
    expect(lookup?.request.body).toEqual({ email: JANE });
    expect(lookup?.response.body).toMatchObject({ id: janeId, emailAddress: JANE });
  });
});

describe('createPact', () => {
  it('keeps one interaction per scenario when the journal holds several, each with what that world showed', async () => {
    const entriesOf = async (scenario: string) => {
      const fake = await startMode('fetch', { scenario, clock: { start: START } });
      await fake.call('POST', 'v1/users/lookup', { email: JANE });
      const entries = fake.controls.journal();
      await fake.stop();
      return entries;
    };
    const first = await entriesOf('default');
    const second = (await entriesOf('user-disabled')).map((entry) => ({ ...entry, seq: entry.seq + first.length }));
    const pact = createPact([...second, ...first], { consumer: 'help-desk', specification: 'V3' });
    expect(pact.interactions.map((interaction) => interaction.providerStates)).toEqual([
      [{ name: 'default', params: { email: JANE, userStatus: 'Enabled', emergencyAccessStatus: 'Disabled' } }],
      [{ name: 'user-disabled', params: { email: JANE, userStatus: 'Disabled', emergencyAccessStatus: 'Disabled' } }],
    ]);
  });
});
