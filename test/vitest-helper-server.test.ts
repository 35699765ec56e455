/** The vitest helper on the project's own msw server: handlers added with server.use, kept across resetHandlers. */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useCloudAdminFake } from '../src/vitest.js';
import { lookupJane } from './support/vendor-call.js';

const JANE = 'jane.doe@example.com';

// The project's own server, set up as msw's docs recommend (here in the file; usually a setupFiles module).
const server = setupServer(http.get('https://app.example.com/api/profile', () => HttpResponse.json({ name: 'app' })));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const lookup = lookupJane;

const fake = useCloudAdminFake({ server, seed: 3 });

it('returns the project server and serves the fake beside the project handlers (1/2)', async () => {
  expect(fake.server).toBe(server);
  expect(await (await fetch('https://app.example.com/api/profile')).json()).toEqual({ name: 'app' });
  expect(await lookup(fake.apiKey)).toMatchObject({ status: 200, body: { emailAddress: JANE } });
});

it('still serves the fake after the project reset its handlers (2/2)', async () => {
  expect(await lookup(fake.apiKey)).toMatchObject({ status: 200, body: { emailAddress: JANE } });
  expect(fake.journal({ operationId: 'lookupUser' })).toHaveLength(1);
});

it('lets a test override an answer with server.use, for that test only', async () => {
  fake.server.use(
    http.post(`${fake.apiKey.adminRestApiUrl}v1/users/lookup`, () =>
      HttpResponse.json({ code: '503 SERVICE_UNAVAILABLE', description: 'Down.' }, { status: 503 }),
    ),
  );
  expect(await lookup(fake.apiKey)).toEqual({
    status: 503,
    body: { code: '503 SERVICE_UNAVAILABLE', description: 'Down.' },
  });
  expect(fake.journal()).toEqual([]);
});

it('answers from the fake again once the override is reset', async () => {
  expect(await lookup(fake.apiKey)).toMatchObject({ status: 200 });
});

describe('a helper nested in a describe block, on the same server', () => {
  const inner = useCloudAdminFake({ seed: 3, scenario: 'user-missing' });

  it('joins the enclosing server and answers for its own world, with a key of its own', async () => {
    expect(inner.server).toBe(server);
    expect(inner.apiKey.accessID).not.toBe(fake.apiKey.accessID);
    expect(inner.apiKey.accessKey).not.toBe(fake.apiKey.accessKey);
    expect(await lookup(inner.apiKey)).toMatchObject({
      status: 404,
      body: { code: '404 NOT_FOUND', description: `User ${JANE} not found` },
    });
  });

  it('refuses the outer fake key, so neither fake accepts the other one tokens', async () => {
    expect(await lookup(fake.apiKey)).toMatchObject({ status: 403, body: { message: 'Access Id is not valid' } });
  });
});

it('answers from the outer fake again after the nested block', async () => {
  expect(await lookup(fake.apiKey)).toMatchObject({ status: 200, body: { emailAddress: JANE } });
});
