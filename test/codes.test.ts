/** The three code-generating operations in every transport: enrollment verify codes, password reset, registration. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, startMode, type Answer, type Harness } from './support/modes.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';

function expectApplicationError(answer: Answer, status: number, description: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  expect(answer.body).toEqual({ code: `${status} ${status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST'}`, description });
}

describe.each(MODES)('codes over %s', (mode) => {
  let fake: Harness;
  const activities = (): string[] => fake.tenant.adminLog.entries().map((entry) => entry.activityKey);
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
  });
  afterEach(() => fake.stop());

  describe('enrollment verify codes', () => {
    it('answers one result per user in order: a shown code, a mailed one, a 404', async () => {
      const answer = await fake.call('POST', 'v1/users/generateVerifyCode/enroll', [
        { email: JANE, code_validity: '20', validity_time_duration_unit: 'MIN', code_send_to: 'DISPLAY' },
        {
          email: 'JANE.DOE@example.com',
          custom_email: 'jane@home.test',
          code_validity: 2,
          validity_time_duration_unit: 'HOUR',
          code_send_to: 'EMAIL',
        },
        {
          email: 'nobody@example.com',
          code_validity: '20',
          validity_time_duration_unit: 'MIN',
          code_send_to: 'DISPLAY',
        },
      ]);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.body).toEqual([
        {
          status: 200,
          errorMessage: null,
          userDetailsRequestForVerifyCodeGeneration: {
            email: JANE,
            custom_email: null,
            code_validity: '20',
            validity_time_duration_unit: 'MIN',
            code_send_to: 'DISPLAY',
          },
          verify_code: expect.stringMatching(/^[0-9]{8}$/) as unknown,
          verify_code_validity_time: '2026-03-01T09:20:00.000Z',
          verify_code_generation_mode: 'DISPLAY',
          verification_Link: null,
        },
        expect.objectContaining({
          status: 200,
          verify_code: null,
          verify_code_validity_time: '2026-03-01T11:00:00.000Z',
          verify_code_generation_mode: 'EMAIL',
        }),
        expect.objectContaining({ status: 404, errorMessage: 'User nobody@example.com not found', verify_code: null }),
      ]);
      expect(activities()).toEqual(['ENROLLMENT_VERIFY_CODE_GENERATED', 'ENROLLMENT_VERIFY_CODE_GENERATED']);
    });

    it('refuses a validity over 24 hours, an unknown unit and an empty list', async () => {
      for (const body of [
        [{ email: JANE, code_validity: '25', validity_time_duration_unit: 'HOUR', code_send_to: 'DISPLAY' }],
        [{ email: JANE, code_validity: 1441, validity_time_duration_unit: 'MIN', code_send_to: 'DISPLAY' }],
        [{ email: JANE, code_validity: '20', validity_time_duration_unit: 'DAY', code_send_to: 'DISPLAY' }],
        [],
        { email: JANE, code_validity: '20', validity_time_duration_unit: 'MIN', code_send_to: 'DISPLAY' },
      ]) {
        expectApplicationError(
          await fake.call('POST', 'v1/users/generateVerifyCode/enroll', body),
          400,
          'Invalid verify code request.',
        );
      }
      expect(activities()).toEqual([]);
    });
  });

  describe('password reset code', () => {
    it('answers one result for one user', async () => {
      const answer = await fake.call('POST', 'v1/users/generateVerifyCode/resetPassword', {
        email: JANE,
        code_validity: '15',
        validity_time_duration_unit: 'MIN',
        code_send_to: 'DISPLAY',
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        status: 200,
        verify_code: expect.stringMatching(/^[0-9]{8}$/) as unknown,
        verify_code_validity_time: '2026-03-01T09:15:00.000Z',
      });
      expect(activities()).toEqual(['PASSWORD_RESET_CODE_GENERATED']);
    });

    it('answers 404 for an unknown email', async () => {
      expectApplicationError(
        await fake.call('POST', 'v1/users/generateVerifyCode/resetPassword', {
          email: 'nobody@example.com',
          code_validity: '15',
          validity_time_duration_unit: 'MIN',
          code_send_to: 'DISPLAY',
        }),
        404,
        'User nobody@example.com not found',
      );
    });
  });

  describe('device registration code', () => {
    it('answers a 12-digit code valid 7 days', async () => {
      const answer = await fake.call('POST', 'v1/users/deviceRegistrationCode', {
        email: JANE,
        appId: '1f00c62b-a5c0-49d3-9ffb-92314d717187',
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        companyId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
        deviceRegistrationCode: expect.stringMatching(/^[0-9]{12}$/) as unknown,
        email: JANE,
        expirationDate: '2026-03-08T09:00:00.000Z',
      });
      const again = await fake.call('POST', 'v1/users/deviceRegistrationCode', { email: JANE });
      expect((again.body as { deviceRegistrationCode: string }).deviceRegistrationCode).not.toBe(
        (answer.body as { deviceRegistrationCode: string }).deviceRegistrationCode,
      );
      expect(activities()).toEqual(['DEVICE_REGISTRATION_CODE_GENERATED', 'DEVICE_REGISTRATION_CODE_GENERATED']);
    });

    it('answers 404 for an unknown email and 400 without one', async () => {
      expectApplicationError(
        await fake.call('POST', 'v1/users/deviceRegistrationCode', { email: 'nobody@example.com' }),
        404,
        'User nobody@example.com not found',
      );
      expectApplicationError(
        await fake.call('POST', 'v1/users/deviceRegistrationCode', { appId: 'x' }),
        400,
        'Invalid registration code request.',
      );
    });
  });
});
