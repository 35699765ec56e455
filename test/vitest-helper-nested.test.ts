/** Nested vitest helpers without a project server: one msw server, bodies read once, a key each. */
import { describe, expect, it } from 'vitest';
import { useCloudAdminFake } from '../src/vitest.js';
import { vendorCall } from './support/vendor-call.js';
import type { ApiKeyFile } from '../src/core/api-key.js';

const JANE = 'jane.doe@example.com';

const call = vendorCall;

async function giveCode(apiKey: ApiKeyFile): Promise<{ status: number; body: unknown }> {
  const user = await call(apiKey, 'POST', 'v1/users/lookup', { email: JANE });
  return call(apiKey, 'PUT', `v1/users/${(user.body as { id: string }).id}/emergencyTokencode`, { expirationDays: 2 });
}

const outer = useCloudAdminFake();

it('starts a server of its own and returns it', async () => {
  expect(typeof outer.server.use).toBe('function');
  expect(await giveCode(outer.apiKey)).toMatchObject({ status: 200, body: { emergencyTokencode: expect.any(String) } });
});

describe('nested', () => {
  const inner = useCloudAdminFake({ scenario: 'eac-locked' });

  it('joins the outer server, reads each request body once, and answers from its own world', async () => {
    expect(inner.server).toBe(outer.server);
    const answer = await giveCode(inner.apiKey);
    expect(answer).toMatchObject({ status: 200 });
    expect(inner.journal({ operationId: 'enableEmergencyTokencodeV1' })[0]).toMatchObject({
      status: 200,
      requestBody: { expirationDays: 2 },
    });
    expect(inner.user(JANE)?.emergencyTokencodeExpiration).not.toBeNull();
    expect(outer.journal()).toEqual([]);
  });

  it('has a key of its own: the outer key is refused here', async () => {
    expect(inner.apiKey.accessID).not.toBe(outer.apiKey.accessID);
    expect(inner.apiKey.accessKey).not.toBe(outer.apiKey.accessKey);
    expect(await call(outer.apiKey, 'POST', 'v1/users/lookup', { email: JANE })).toMatchObject({
      status: 403,
      body: { message: 'Access Id is not valid' },
    });
  });
});

it('answers from the outer fake after the nested block, and its key works again', async () => {
  expect(await giveCode(outer.apiKey)).toMatchObject({ status: 200 });
  expect(outer.journal().map((entry) => entry.status)).toEqual([200, 200]);
});
