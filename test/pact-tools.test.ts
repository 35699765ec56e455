/**
 * The Pact bridge proven with the real tools: a consumer test written with @pact-foundation/pact, its pact verified
 * by the Pact verifier against the standalone fake through POST /__fake/provider-states; a pact exported from the
 * fake's journal verified the same way; and that pact checked against openapi/cloud-admin.yaml by
 * @pactflow/openapi-pact-comparator. The verifier talks HTTP, so these run against the standalone server only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { MatchersV3, PactV3, Verifier } from '@pact-foundation/pact';
import * as comparatorModule from '@pactflow/openapi-pact-comparator';
import { runWorkflow } from '../examples/openapi-fetch-client.js';
import { createApiKeyFile, generateAccessKey } from '../src/core/api-key.js';
import { basePathOf, loadSpec } from '../src/core/spec.js';
import { startMode, type Harness } from './support/modes.js';
import { control, originOf } from './support/control.js';
import type { Pact } from '../src/testing/pact.js';

process.env.PACT_DO_NOT_TRACK = 'true'; // the Pact core would otherwise try to send usage statistics

const JANE = 'jane.doe@example.com';
const BASE = basePathOf(loadSpec());
const EXAMPLE_USER_ID = '54082ac6-4713-6368-2251-df813c41159f';
const EXAMPLE_CODE_ID = 'f10d0514-7dd1-4a13-a30e-236d0e65b56a';
const EXAMPLE_BEARER = 'Bearer example.jwt.token';
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss.SSSX";

let dir: string;
let fake: Harness;
let origin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cloud-admin-fake-pact-'));
  fake = await startMode('express');
  origin = originOf(fake.apiKey);
});
afterAll(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the real Pact verifier on pact files against the standalone fake, its states set by the fake itself. */
async function verify(pactFile: string): Promise<{ result: boolean; output: string }> {
  const out = await new Verifier({
    provider: 'cloud-admin',
    providerBaseUrl: origin,
    pactUrls: [pactFile],
    providerStatesSetupUrl: `${origin}/__fake/provider-states`,
    logLevel: 'error',
  }).verifyProvider();
  const report = JSON.parse(out) as { result: boolean; output: string[] };
  return { result: report.result, output: report.output.join('\n') };
}

/** One finding of the comparator. */
interface Finding {
  type: string;
  code: string;
  message: string;
}
// The comparator's declarations re-export "./compare" without an extension, which NodeNext resolution cannot follow,
// so its one class is typed here.
const { Comparator } = comparatorModule as unknown as {
  Comparator: new (oas: unknown) => { compare(pact: unknown): AsyncIterable<Finding> };
};

/** What the comparator says of a pact against the vendor contract (its servers' base path told the comparator way). */
async function compare(pact: unknown): Promise<Finding[]> {
  const oas = yaml.load(readFileSync(new URL('../openapi/cloud-admin.yaml', import.meta.url), 'utf8')) as {
    info: Record<string, unknown>;
  };
  oas.info['x-opc-config-base-path'] = BASE;
  const results: Finding[] = [];
  for await (const result of new Comparator(oas).compare(pact)) results.push(result);
  return results;
}

/** The verifier's report without its terminal colours. */
const strip = (text: string): string => text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

describe('a consumer test written with @pact-foundation/pact', () => {
  let pactFile: string;
  const realTokens: string[] = [];

  it('runs the unchanged example client against the Pact mock server and writes the pact (V3)', async () => {
    const pact = new PactV3({ consumer: 'help-desk-script', provider: 'cloud-admin', dir, logLevel: 'error' });
    const headers = { Authorization: MatchersV3.fromProviderState('Bearer ${token}', EXAMPLE_BEARER) };
    const userPath = (rest: string) =>
      MatchersV3.fromProviderState(`${BASE}/v1/users/\${userId}${rest}`, `${BASE}/v1/users/${EXAMPLE_USER_ID}${rest}`);
    const lookup = {
      method: 'POST',
      path: `${BASE}/v1/users/lookup`,
      headers,
      body: { email: JANE, searchUnsynched: false },
    };
    const apiKeyFor = (url: string) =>
      createApiKeyFile({
        customerName: 'Example Corp',
        accessID: 'd8c8f4b2-2b1e-4d55-9a4f-4a1f0e0b9a11',
        adminRestApiUrl: `${url}${BASE}/`,
        accessKey: generateAccessKey(),
      });
    const recording: typeof fetch = async (input, init) => {
      realTokens.push(new Headers(init?.headers ?? (input as Request).headers).get('authorization') ?? '');
      return fetch(input, init);
    };
    pact
      .given('default', { email: JANE, userStatus: 'Enabled', emergencyAccessStatus: 'Disabled' })
      .uponReceiving('a lookup of jane')
      .withRequest(lookup)
      .willRespondWith({
        status: 200,
        body: {
          id: MatchersV3.fromProviderState('${userId}', EXAMPLE_USER_ID),
          emailAddress: JANE,
          userStatus: 'Enabled',
          emergencyAccessStatus: MatchersV3.regex('^(Disabled|Enabled)$', 'Disabled'),
          creationDate: MatchersV3.datetime(TIMESTAMP, '2024-11-28T04:12:06.000Z'),
        },
      })
      .given('default', { email: JANE, userStatus: 'Enabled' })
      .uponReceiving('an enable of a 3-day code for jane')
      .withRequest({ method: 'PUT', path: userPath('/emergencyTokencode'), headers, body: { expirationDays: 3 } })
      .willRespondWith({
        status: 200,
        body: {
          emergencyTokencodeId: MatchersV3.regex(UUID, EXAMPLE_CODE_ID),
          emergencyTokencode: MatchersV3.regex('^[0-9A-Z]{8}$', 'K7Q2M9XA'),
          expirationDate: MatchersV3.datetime(TIMESTAMP, '2026-01-04T10:00:00.000Z'),
          offlineExpirationDate: MatchersV3.datetime(TIMESTAMP, '2026-01-04T10:00:00.000Z'),
        },
      })
      .given('default', { email: JANE, userStatus: 'Enabled', emergencyAccessStatus: 'Enabled' })
      .uponReceiving("a disable of jane's code")
      .withRequest({
        method: 'DELETE',
        path: MatchersV3.fromProviderState(
          `${BASE}/v1/users/\${userId}/emergencyTokencode/\${emergencyTokencodeId}`,
          `${BASE}/v1/users/${EXAMPLE_USER_ID}/emergencyTokencode/${EXAMPLE_CODE_ID}`,
        ),
        headers,
      })
      .willRespondWith({ status: 200 });
    // The whole workflow of the unchanged example client against the mock server: only the key file differs.
    const result = await pact.executeTest((mockServer) =>
      runWorkflow({ apiKey: apiKeyFor(mockServer.url), email: JANE, fetch: recording, log: () => {} }),
    );
    expect(result).toMatchObject({ userId: EXAMPLE_USER_ID, emergencyTokencode: 'K7Q2M9XA' });

    pact
      .given('user-missing', { email: JANE })
      .uponReceiving('a lookup of jane, who is not there')
      .withRequest(lookup)
      .willRespondWith({ status: 404, body: { code: '404 NOT_FOUND', description: `User ${JANE} not found` } });
    await pact.executeTest((mockServer) =>
      expect(
        runWorkflow({ apiKey: apiKeyFor(mockServer.url), email: JANE, fetch: recording, log: () => {} }),
      ).rejects.toThrow(`lookup failed: HTTP 404 {"code":"404 NOT_FOUND","description":"User ${JANE} not found"}`),
    );
    pactFile = join(dir, 'help-desk-script-cloud-admin.json');
    const written = JSON.parse(readFileSync(pactFile, 'utf8')) as Pact;
    expect(written.interactions.map((interaction) => interaction.description).sort()).toEqual([
      "a disable of jane's code",
      'a lookup of jane',
      'a lookup of jane, who is not there',
      'an enable of a 3-day code for jane',
    ]);
    expect(realTokens.length).toBeGreaterThan(0);
    for (const token of realTokens) expect(readFileSync(pactFile, 'utf8')).not.toContain(token.slice(7));
  });

  it('is verified by the Pact verifier against the standalone fake, states set through /__fake/provider-states', async () => {
    const { result, output } = await verify(pactFile);
    expect(strip(output)).toContain('Given user-missing');
    expect(strip(output)).toMatch(/a disable of jane's code[\s\S]*has status code 200 \(OK\)/);
    expect(result).toBe(true);
  });
});

describe('a pact exported from the journal', () => {
  let exported: Pact;
  let pactFile: string;

  beforeAll(async () => {
    const lookup = await fake.call('POST', 'v1/users/lookup', { email: JANE });
    const id = (lookup.body as { id: string }).id;
    await fake.call('POST', 'v1/users/lookup', { email: 'nobody@example.com' });
    await fake.call('PUT', `v1/users/${id}/emergencyTokencode`, { expirationDays: 3 });
    const v2 = await fake.call('PUT', `v2/users/${id}/emergencyTokencode`, { expiryUnit: 'hours', expiryValue: 2 });
    await fake.call('POST', 'v1/users/lookup', { email: JANE });
    await fake.call('PUT', `v1/users/${id}/emergencyTokencode`, { expirationDays: 9 });
    await fake.call(
      'DELETE',
      `v1/users/${id}/emergencyTokencode/${(v2.body as { emergencyTokencodeId: string }).emergencyTokencodeId}`,
    );
    await fake.call('PUT', `v1/users/${id}/userStatus`, { userStatus: 'Disabled' });
    await fake.call('PUT', `v1/users/${id}/userStatus`, { userStatus: 'Enabled', extra: 1 });
    await fake.call('POST', 'v1/users/lookup', { email: JANE }, { token: 'not-a-token' });
    const answer = await control(origin, 'GET', '/__fake/pact?consumer=help-desk&specification=V4');
    expect(answer.status).toBe(200);
    exported = answer.body as Pact;
    pactFile = join(dir, 'exported.json');
    writeFileSync(pactFile, JSON.stringify(exported, null, 2));
  });

  it('is verified by the same verifier against the standalone fake', async () => {
    expect(exported.interactions).toHaveLength(9);
    const { result, output } = await verify(pactFile);
    for (const interaction of exported.interactions) expect(strip(output)).toContain(interaction.description);
    expect(strip(output)).not.toContain('FAILED');
    expect(result).toBe(true);
  });

  it('fails verification once the pact expects what the fake does not answer (a renamed field)', async () => {
    const drifted = structuredClone(exported);
    const first = drifted.interactions[0]?.response.body as { content: Record<string, unknown> };
    first.content.userId = first.content.id;
    delete first.content.id;
    const file = join(dir, 'drifted.json');
    writeFileSync(file, JSON.stringify(drifted));
    await expect(verify(file)).rejects.toThrow();
  });

  it('replays a throttled 429 too: the verifier forces it through the provider state', async () => {
    await control(origin, 'PUT', '/__fake/scenario', { name: 'throttled' });
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++)
      status = (await fake.call('POST', 'v1/users/lookup', { email: JANE })).status;
    expect(status).toBe(429);
    const throttled = (await control(origin, 'GET', '/__fake/pact?consumer=help-desk')).body as Pact;
    expect(throttled.interactions.map((interaction) => interaction.description)).toEqual([
      'lookupUser answering 200 in scenario throttled',
      'lookupUser answering 429 in scenario throttled',
    ]);
    const file = join(dir, 'throttled.json');
    writeFileSync(file, JSON.stringify(throttled));
    const { result, output } = await verify(file);
    expect(strip(output)).toMatch(/lookupUser answering 429 in scenario throttled[\s\S]*has status code 429 \(OK\)/);
    expect(result).toBe(true);
    expect(await compare(throttled)).toEqual([]);
  });

  it('checks against openapi/cloud-admin.yaml with @pactflow/openapi-pact-comparator with no errors or warnings', async () => {
    expect(await compare(exported)).toEqual([]);
  });

  it('is told apart by the comparator when it breaks the contract (a status the operation does not declare)', async () => {
    const broken = structuredClone(exported);
    const first = broken.interactions[0];
    if (first) first.response.status = 418;
    const results = await compare(broken);
    expect(results.map((result) => `${result.type} ${result.code}`)).toContain('error response.status.unknown');
  });
});
