/**
 * Every operation of the wider user API refuses like the rest of the API, in every transport: 403 in the Spring
 * envelope without a token, 429 with Retry-After over the throttle, 404 for a user id no one has; and a refusal
 * changes nothing (the admin log stays empty).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, startMode, type Harness } from './support/modes.js';

const START = '2026-03-01T09:00:00.000Z';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const JANE = 'jane.doe@example.com';
const VERIFY = { email: JANE, code_validity: '20', validity_time_duration_unit: 'MIN', code_send_to: 'DISPLAY' };

/** One call of each new operation: [operationId, method, path (with {id} for a user id), body]. */
const CALLS: [string, string, string, unknown][] = [
  ['searchUsersV1', 'POST', 'v1/users/search?pageSize=5', { emailLike: 'doe' }],
  ['searchUsersV2', 'POST', 'v2/users/search?pageSize=5&pageNumber=0', { emailLike: 'doe' }],
  ['syncUser', 'POST', 'v1/users/{id}/sync', undefined],
  ['markUserDeleted', 'PUT', 'v1/users/{id}/markDeleted', { markDeleted: true }],
  ['deleteUserNow', 'DELETE', 'v1/users/{id}', undefined],
  ['listHighRiskUsers', 'GET', 'v2/users/highrisk', undefined],
  ['updateHighRiskUsers', 'PUT', 'v1/users/highrisk', { action: 'add', users: ['{id}'] }],
  ['listDevicesV1', 'GET', 'v1/users/{id}/devices?includeBrowsers=true', undefined],
  ['listDevicesV2', 'GET', 'v2/users/{id}/devices', undefined],
  ['deleteDevice', 'DELETE', 'v1/users/{id}/devices/some-device', undefined],
  ['exportAdminLog', 'GET', 'v1/adminlog/exportlogs?pageNumber=0&pageSize=10', undefined],
  ['exportUserEventLog', 'GET', 'v1/usereventlog/exportlogs', undefined],
  ['generateEnrollmentVerifyCodes', 'POST', 'v1/users/generateVerifyCode/enroll', [VERIFY]],
  ['generatePasswordResetCode', 'POST', 'v1/users/generateVerifyCode/resetPassword', VERIFY],
  ['generateDeviceRegistrationCode', 'POST', 'v1/users/deviceRegistrationCode', { email: JANE }],
];

const withId = (value: unknown, id: string): unknown =>
  JSON.parse(JSON.stringify(value ?? null).replaceAll('{id}', id));

describe.each(MODES)('wider user API refusals over %s', (mode) => {
  let fake: Harness;
  let janeId: string;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START }, throttle: { requestsPerSecond: 1, burst: 1 } });
    janeId = fake.controls.userRecord(JANE)?.id ?? '';
  });
  afterEach(() => fake.stop());

  describe.each(CALLS)('%s', (operationId, method, path, body) => {
    const send = (id: string, token?: string | null) =>
      fake.call(method, path.replace('{id}', id), body === undefined ? undefined : withId(body, id), {
        operationId,
        ...(token !== undefined && { token }),
      });

    it('answers 403 in the Spring envelope without a token', async () => {
      const answer = await send(janeId, null);
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        status: 403,
        error: 'Forbidden',
        message: 'Server failed to process provided access token',
        path: `/AdminInterface/restapi/${path.replace('{id}', janeId).split('?')[0] ?? ''}`,
      });
      expect(answer.headers.get('x-fake-reason')).toBeTruthy();
      expect(fake.tenant.adminLog.size).toBe(0);
    });

    it('answers 429 with Retry-After past the throttle, and does nothing', async () => {
      await fake.call('POST', 'v1/users/lookup', { email: JANE });
      const answer = await send(janeId);
      expect(answer.status).toBe(429);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.body).toEqual({ code: '429 TOO_MANY_REQUESTS', description: 'Too many requests.' });
      expect(fake.tenant.adminLog.size).toBe(0);
      expect(fake.controls.user(JANE)).toMatchObject({ markDeleted: false, highRiskUser: false });
    });

    // Only the operations that name a user in their path answer 404 for an unknown one (the high-risk PUT reports
    // unknown ids per item); the test is defined for those alone rather than skipped for the others.
    if (path.includes('{id}') && !path.includes('highrisk')) {
      it('answers 404 naming the id for an unknown user', async () => {
        const answer = await send(UNKNOWN_ID);
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual({ code: '404 NOT_FOUND', description: `User ${UNKNOWN_ID} not found` });
        expect(fake.tenant.adminLog.size).toBe(0);
      });
    }
  });
});
