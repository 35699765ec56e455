/**
 * Property-based fuzzing (fast-check) of the vendor routes in every transport and of the control plane: whatever is
 * sent, the answer is a 2xx or 4xx in the contract's shape, never a 5xx, and a rejected request changes nothing.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, startMode, type Harness } from '../support/modes.js';
import { control, originOf } from '../support/control.js';
import {
  BASE_PATH,
  FUZZ_RUNS,
  LONG,
  checkVendorBody,
  count,
  createTally,
  note,
  report,
  vendorOperation,
} from './tally.js';

const JANE = 'jane.doe@example.com';
const START = '2026-03-01T09:00:00.000Z';
const tally = createTally();
afterAll(() => {
  report('fuzz', tally);
});

/** What a rejected request must leave as it was: the tenant's state, faults and the fake's tenants (not the journal). */
function snapshot(fake: Harness): string {
  const state = fake.tenant.exportState();
  const clock = state.clock.frozen ? state.clock : { frozen: false };
  return JSON.stringify({
    ...state,
    clock,
    faults: fake.tenant.faults.list(),
    tenants: fake.core.tenantIds(),
  });
}

const bodyKeys = fc.constantFrom(
  'email',
  'searchUnsynched',
  'expirationDays',
  'userStatus',
  'oneTimeUse',
  'expiryUnit',
  'expiryValue',
  'id',
  '__proto__',
  'constructor',
);

/** Bodies: plausible objects with odd values, any JSON, any text, bytes that are not UTF-8, deep nesting. */
const body = fc.oneof(
  fc.dictionary(bodyKeys, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }).map((value) => JSON.stringify(value)),
  fc.constantFrom(
    JSON.stringify({ email: JANE, searchUnsynched: false }),
    JSON.stringify({ userStatus: 'Disabled' }),
    JSON.stringify({ expirationDays: 2 }),
    JSON.stringify({ expiryValue: 5, expiryUnit: 'minutes', oneTimeUse: true }),
  ),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => new Uint8Array(bytes)),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 5000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.constant(undefined),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  undefined,
);

const segment = (known: () => string) =>
  fc.oneof(
    fc.constant(null).map(() => known()),
    fc.uuid().map(String),
    fc.string({ maxLength: 40 }).map((text) => encodeURIComponent(text)),
    fc.constantFrom('%', '%zz', '%E0%A4%A', '..', '%2e%2e', '.', '%00', '%2F', 'a'.repeat(3000), '', '%ff%fe'),
  );

describe.each(MODES)('fuzzing the vendor routes over %s', (mode) => {
  let fake: Harness;
  let janeId: string;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 5, clock: { start: START }, throttle: { requestsPerSecond: 0, burst: 1 } });
    const jane = await fake.call('POST', 'v1/users/lookup', { email: JANE, searchUnsynched: false });
    janeId = (jane.body as { id: string }).id;
  });
  afterEach(() => fake.stop());

  it(
    'answers every request with a 2xx or a 4xx in the contract shape and changes nothing when it refuses',
    async () => {
      const valid = await fake.token();
      const other = await fake.token({ aud: 'https://elsewhere.example/' });
      const path = fc.oneof(
        fc.constant('v1/users/lookup'),
        segment(() => janeId).map((id) => `v1/users/${id}/userStatus`),
        segment(() => janeId).map((id) => `v1/users/${id}/emergencyTokencode`),
        segment(() => janeId).map((id) => `v2/users/${id}/emergencyTokencode`),
        fc
          .tuple(
            segment(() => janeId),
            segment(() => fake.tenant.store.findById(janeId)?.eac?.id ?? janeId),
          )
          .map(([id, code]) => `v1/users/${id}/emergencyTokencode/${code}`),
        fc.constantFrom('', 'v3/users/lookup', 'v1/users/lookup/extra', 'v1/users', 'v1//users/lookup'),
        fc.webPath({ size: 'small' }).map((text) => text.replace(/^\//, '')),
      );
      const request = fc.record({
        method: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        path,
        query: fc.option(
          fc.string({ maxLength: 30 }).map((text) => `?${encodeURIComponent(text)}`),
          { nil: '' },
        ),
        body,
        contentType,
        token: fc.constantFrom(valid, valid, valid, null, 'garbage', other),
      });
      await fc.assert(
        fc.asyncProperty(request, async (input) => {
          const before = snapshot(fake);
          const headers: Record<string, string> = {};
          if (input.token !== null) headers.authorization = `Bearer ${input.token}`;
          if (input.contentType !== undefined) headers['content-type'] = input.contentType;
          // fetch sends no body with GET or HEAD (it throws instead), as no client does.
          const hasBody = input.body !== undefined && input.method !== 'GET' && input.method !== 'HEAD';
          const url = `${fake.apiKey.adminRestApiUrl}${input.path}${input.query}`;
          const response = await fake.fetch(url, {
            method: input.method,
            headers,
            ...(hasBody && { body: input.body as BodyInit }),
          });
          const text = await response.text();
          const describe = () =>
            `${mode} ${input.method} ${url.slice(0, 200)} -> ${response.status} ${text.slice(0, 200)}`;
          count(tally, response.status, describe);
          expect(response.status, describe()).toBeLessThan(500);
          const parsed: unknown = text === '' ? null : JSON.parse(text);
          if (text !== '') expect(response.headers.get('content-type')).toBe('application/json');
          const rawPath = new URL(url).pathname;
          // A HEAD answer has no body to check: its status and the state left as it was are what it shows.
          if (input.method !== 'HEAD')
            checkVendorBody(
              vendorOperation(input.method, rawPath.startsWith(BASE_PATH) ? rawPath : ''),
              response.status,
              parsed,
            );
          if (response.status >= 300 && snapshot(fake) !== before) {
            tally.stateChangesOnRejection += 1;
            note(tally, `state changed: ${describe()}`);
          }
          expect(tally.stateChangesOnRejection, describe()).toBe(0);
        }),
        { numRuns: FUZZ_RUNS, seed: 8, endOnFailure: true },
      );
    },
    LONG ? 600_000 : 60_000,
  );
});

describe('fuzzing the control plane', () => {
  let fake: Harness;
  let origin: string;
  beforeEach(async () => {
    fake = await startMode('express', { seed: 5, clock: { start: START } });
    origin = originOf(fake.apiKey);
  });
  afterEach(() => fake.stop());

  it(
    'answers every request with a 2xx or a 4xx in the contract shape and changes nothing when it refuses',
    async () => {
      const path = fc.oneof(
        fc.constantFrom(
          '/__fake/scenarios',
          '/__fake/scenario',
          '/__fake/reset',
          '/__fake/clock',
          '/__fake/clock/advance',
          '/__fake/journal',
          '/__fake/coverage',
          '/__fake/state',
          '/__fake/settings',
          '/__fake/faults',
          '/__fake/tenants',
          '/__fake/',
          '/__fake/nothing',
        ),
        segment(() => fake.tenant.accessId).map((id) => `/__fake/tenants/${id}`),
        fc
          .constantFrom('?status=abc', '?operationId=%00', '?status=200&status=404', '?x=%zz')
          .map((q) => `/__fake/journal${q}`),
      );
      const controlBody = fc.oneof(
        body,
        fc.constantFrom(
          JSON.stringify({ name: 'eac-locked' }),
          JSON.stringify({ now: '2030-01-01T00:00:00.000Z' }),
          JSON.stringify({ now: 1e20 }),
          JSON.stringify({ ms: -1 }),
          JSON.stringify({ ms: 60_000 }),
          JSON.stringify({ expiryValue: 99999 }),
          JSON.stringify({ operationId: '*', status: 503, times: 1 }),
          JSON.stringify({ operationId: 'lookupUser', latencyMs: 1e12 }),
          JSON.stringify({ seed: 'x' }),
          JSON.stringify({ users: 1e12 }),
          JSON.stringify({ format: 'cloud-admin-fake/tenant-state@1' }),
        ),
      );
      const request = fc.record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        path,
        body: controlBody,
        contentType,
      });
      await fc.assert(
        fc.asyncProperty(request, async (input) => {
          const before = snapshot(fake);
          const hasBody = input.body !== undefined && input.method !== 'GET';
          const raw = hasBody
            ? typeof input.body === 'string'
              ? input.body
              : new TextDecoder().decode(input.body)
            : undefined;
          let status = 0;
          let problem = '';
          try {
            const answer = await control(origin, input.method, input.path, undefined, {
              ...(raw !== undefined && { raw }),
              ...(input.contentType !== undefined && raw !== undefined && { contentType: input.contentType }),
            });
            status = answer.status;
          } catch (error) {
            problem = (error as Error).message;
          }
          const describe = () =>
            `control ${input.method} ${input.path.slice(0, 100)} ${String(raw).slice(0, 100)} -> ${status} ${problem}`;
          count(tally, status === 0 ? 599 : status, describe);
          expect(problem, describe()).toBe('');
          expect(status, describe()).toBeLessThan(500);
          if (status >= 300 && snapshot(fake) !== before) {
            tally.stateChangesOnRejection += 1;
            note(tally, `state changed: ${describe()}`);
          }
          expect(tally.stateChangesOnRejection, describe()).toBe(0);
        }),
        { numRuns: FUZZ_RUNS * 2, seed: 9, endOnFailure: true },
      );
    },
    LONG ? 600_000 : 60_000,
  );
});
