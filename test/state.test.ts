/** What the operations do to the world, in every transport: codes replace each other, users block them, time expires them. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, startMode, type Answer, type Harness } from './support/modes.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const DAY_MS = 86_400_000;

/** An ISO timestamp `ms` after START. */
const after = (ms: number): string => new Date(Date.parse(START) + ms).toISOString();

interface Code {
  emergencyTokencodeId: string;
  emergencyTokencode: string;
  expirationDate: string;
  offlineExpirationDate: string;
}

interface CodeV2 extends Code {
  configurationsUsed: { expiryValue: number; expiryUnit: string; oneTimeUse: boolean };
  oneTimeUse: boolean;
  configurationsLocked: boolean;
}

function expectApplicationError(answer: Answer, status: number, code: string, description: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  expect(answer.body).toEqual({ code, description });
}

describe.each(MODES)('state over %s', (mode) => {
  let fake: Harness;
  let janeId: string;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    const jane = await fake.call('POST', 'v1/users/lookup', { email: JANE, searchUnsynched: false });
    janeId = (jane.body as { id: string }).id;
  });
  afterEach(() => fake.stop());

  const lookupJane = async (): Promise<Record<string, unknown>> => {
    const answer = await fake.call('POST', 'v1/users/lookup', { email: JANE });
    expect(answer.status).toBe(200);
    return answer.body as Record<string, unknown>;
  };
  const enableV1 = (expirationDays: unknown, id = janeId): Promise<Answer> =>
    fake.call('PUT', `v1/users/${id}/emergencyTokencode`, { expirationDays });
  const enableV2 = (body: unknown, id = janeId): Promise<Answer> =>
    fake.call('PUT', `v2/users/${id}/emergencyTokencode`, body);
  const setStatus = (userStatus: string, id = janeId): Promise<Answer> =>
    fake.call('PUT', `v1/users/${id}/userStatus`, { userStatus });

  describe('enable', () => {
    it('gives a new code with a new id when enabled twice, and lookup shows the newest', async () => {
      const first = await enableV1('7');
      const second = await enableV1('7');
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      const a = first.body as Code;
      const b = second.body as Code;
      expect(b.emergencyTokencodeId).not.toBe(a.emergencyTokencodeId);
      expect(b.emergencyTokencode).not.toBe(a.emergencyTokencode);
      expect(await lookupJane()).toMatchObject({
        emergencyAccessStatus: 'Enabled',
        emergencyTokencodeId: b.emergencyTokencodeId,
      });
      expect(fake.controls.userRecord(JANE)?.eac?.code).toBe(b.emergencyTokencode);
    });

    it('accepts expirationDays as an integer string', async () => {
      const answer = await enableV1('2');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.body).toEqual({
        emergencyTokencodeId: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        ),
        emergencyTokencode: expect.stringMatching(/^[0-9A-Z]{8}$/),
        expirationDate: after(2 * DAY_MS),
        offlineExpirationDate: after(2 * DAY_MS),
      });
    });

    it('accepts expirationDays as a JSON integer', async () => {
      const answer = await enableV1(1);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ expirationDate: after(DAY_MS), offlineExpirationDate: after(DAY_MS) });
      expect(await lookupJane()).toMatchObject({
        emergencyTokencodeExpiration: after(DAY_MS),
        offlineEmergencyTokencodeExpiration: after(DAY_MS),
        emergencyTokencodeLastUse: null,
      });
    });

    it('takes the company defaults for v2 when the body is empty', async () => {
      const answer = await enableV2({});
      expect(answer.status).toBe(200);
      const code = answer.body as CodeV2;
      expect(code).toMatchObject({
        expirationDate: after(3 * DAY_MS),
        offlineExpirationDate: after(3 * DAY_MS),
        configurationsUsed: { expiryValue: 3, expiryUnit: 'days', oneTimeUse: false },
        oneTimeUse: false,
        configurationsLocked: false,
      });
      expect(await lookupJane()).toMatchObject({ emergencyTokencodeId: code.emergencyTokencodeId });
    });

    it('follows changed company defaults for v2', async () => {
      fake.controls.updateSettings({ expiryValue: 90, expiryUnit: 'minutes', oneTimeUse: true });
      const answer = await enableV2({});
      expect(answer.body).toMatchObject({
        expirationDate: after(90 * 60_000),
        configurationsUsed: { expiryValue: 90, expiryUnit: 'minutes', oneTimeUse: true },
        oneTimeUse: true,
      });
    });

    it.each([
      ['minutes', 1, 60_000],
      ['minutes', 10080, 7 * DAY_MS],
      ['hours', 5, 5 * 3_600_000],
      ['hours', 168, 7 * DAY_MS],
      ['days', 7, 7 * DAY_MS],
    ])('enables a v2 code for %s %i', async (expiryUnit, expiryValue, ms) => {
      const answer = await enableV2({ expiryUnit, expiryValue });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        expirationDate: after(ms),
        offlineExpirationDate: after(ms),
        configurationsUsed: { expiryValue, expiryUnit, oneTimeUse: false },
        configurationsLocked: false,
      });
      expect(await lookupJane()).toMatchObject({ emergencyTokencodeExpiration: after(ms) });
    });

    it('enables a one-time-use v2 code and keeps the other defaults', async () => {
      const answer = await enableV2({ oneTimeUse: true });
      expect(answer.body).toMatchObject({
        expirationDate: after(3 * DAY_MS),
        configurationsUsed: { expiryValue: 3, expiryUnit: 'days', oneTimeUse: true },
        oneTimeUse: true,
        configurationsLocked: false,
      });
      expect(fake.controls.userRecord(JANE)?.eac?.oneTimeUse).toBe(true);
    });

    it('ignores properties v1 does not know', async () => {
      const answer = await fake.call('PUT', `v1/users/${janeId}/emergencyTokencode`, {
        expirationDays: 4,
        emergencyTokencode: 'CHOSEN01',
      });
      expect(answer.status).toBe(200);
      expect((answer.body as Code).emergencyTokencode).not.toBe('CHOSEN01');
      expect(answer.body).toMatchObject({ expirationDate: after(4 * DAY_MS) });
    });
  });

  describe('user status', () => {
    it('returns 400 "User is disabled." on v1 and v2 enable after the user is disabled', async () => {
      const disabled = await setStatus('Disabled');
      expect(disabled.status).toBe(200);
      expect(disabled.body).toEqual({ id: janeId, userStatus: 'Disabled' });
      expect(await lookupJane()).toMatchObject({ userStatus: 'Disabled' });

      const before = fake.controls.exportState();
      const v1 = await enableV1(7);
      expectApplicationError(v1, 400, '400 BAD_REQUEST', 'User is disabled.');
      expect(v1.headers.get('x-fake-reason')).toBe('the user status is Disabled');
      expectApplicationError(await enableV2({}), 400, '400 BAD_REQUEST', 'User is disabled.');
      expect(fake.controls.exportState()).toEqual(before);
      expect(await lookupJane()).toMatchObject({ emergencyAccessStatus: 'Disabled', emergencyTokencodeId: null });
    });

    it('lets enable work again once the user is enabled again', async () => {
      await setStatus('Disabled');
      expect((await enableV1(7)).status).toBe(400);
      const enabled = await setStatus('Enabled');
      expect(enabled.body).toEqual({ id: janeId, userStatus: 'Enabled' });
      const answer = await enableV1(7);
      expect(answer.status).toBe(200);
      expect(await lookupJane()).toMatchObject({
        userStatus: 'Enabled',
        emergencyAccessStatus: 'Enabled',
        emergencyTokencodeId: (answer.body as Code).emergencyTokencodeId,
      });
    });

    it('answers 200 when the user already has the status asked for', async () => {
      const answer = await setStatus('Enabled');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ id: janeId, userStatus: 'Enabled' });
    });

    it('keeps the code of a user who is disabled after it was enabled', async () => {
      const code = (await enableV1(7)).body as Code;
      await setStatus('Disabled');
      expect(await lookupJane()).toMatchObject({
        userStatus: 'Disabled',
        emergencyTokencodeId: code.emergencyTokencodeId,
      });
    });
  });

  describe('unknown users', () => {
    it('returns 404 "User not found." on enable v1, enable v2 and disable', async () => {
      const before = fake.controls.exportState();
      expectApplicationError(await enableV1(7, UNKNOWN_ID), 404, '404 NOT_FOUND', 'User not found.');
      expectApplicationError(await enableV2({}, UNKNOWN_ID), 404, '404 NOT_FOUND', 'User not found.');
      const disable = await fake.call('DELETE', `v1/users/${UNKNOWN_ID}/emergencyTokencode/${UNKNOWN_ID}`);
      expectApplicationError(disable, 404, '404 NOT_FOUND', 'User not found.');
      expect(disable.headers.get('x-fake-reason')).toBe('no user has this id');
      expect(fake.controls.exportState()).toEqual(before);
    });

    it('returns 404 "User <id> not found" on userStatus', async () => {
      const answer = await setStatus('Disabled', UNKNOWN_ID);
      expectApplicationError(answer, 404, '404 NOT_FOUND', `User ${UNKNOWN_ID} not found`);
    });

    it('returns 404 "User <email> not found" on lookup', async () => {
      const answer = await fake.call('POST', 'v1/users/lookup', { email: 'nobody@example.com' });
      expectApplicationError(answer, 404, '404 NOT_FOUND', 'User nobody@example.com not found');
    });

    it('does not match a user id by a different case', async () => {
      expectApplicationError(await enableV1(7, janeId.toUpperCase()), 404, '404 NOT_FOUND', 'User not found.');
    });
  });

  describe('lookup', () => {
    it('ignores extra properties and searchUnsynched in a lookup body', async () => {
      const answer = await fake.call('POST', 'v1/users/lookup', { email: JANE, searchUnsynched: true, extra: 1 });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: janeId, emailAddress: JANE });
    });

    it('finds a user whatever the case of the email', async () => {
      const answer = await fake.call('POST', 'v1/users/lookup', { email: 'Jane.DOE@Example.COM' });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.body).toMatchObject({
        id: janeId,
        emailAddress: JANE,
        principalUsername: JANE,
        primaryUniqueIdentifier: janeId,
        firstName: 'Jane',
        lastName: 'Doe',
        identitySource: 'Corporate Directory',
      });
    });

    it('shows a disabled user of the scenario as Disabled', async () => {
      const answer = await fake.call('POST', 'v1/users/lookup', { email: 'disabled.user@example.com' });
      expect(answer.body).toMatchObject({ emailAddress: 'disabled.user@example.com', userStatus: 'Disabled' });
    });
  });

  describe('disable', () => {
    it('clears the online code, keeps the offline half, and answers 200 application/json with an empty body', async () => {
      const code = (await enableV1(7)).body as Code;
      const answer = await fake.call('DELETE', `v1/users/${janeId}/emergencyTokencode/${code.emergencyTokencodeId}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toBeNull();
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.headers.get('x-fake-reason')).toBeNull();
      expect(await lookupJane()).toMatchObject({
        emergencyAccessStatus: 'Disabled',
        emergencyTokencodeId: null,
        emergencyTokencodeExpiration: null,
        emergencyTokencodeLastUse: null,
        offlineEmergencyAccessStatus: 'Enabled',
        offlineEmergencyTokencodeExpiration: after(7 * DAY_MS),
      });
    });

    it('keeps the offline half of a disabled code until its offline expiry, then shows nothing', async () => {
      const code = (await enableV1(2)).body as Code;
      await fake.call('DELETE', `v1/users/${janeId}/emergencyTokencode/${code.emergencyTokencodeId}`);
      fake.tenant.clock.advance(2 * DAY_MS);
      expect(await lookupJane()).toMatchObject({
        emergencyAccessStatus: 'Disabled',
        offlineEmergencyAccessStatus: 'Enabled',
        offlineEmergencyTokencodeExpiration: after(2 * DAY_MS),
      });
      fake.tenant.clock.advance(1);
      expect(await lookupJane()).toMatchObject({
        emergencyAccessStatus: 'Disabled',
        emergencyTokencodeId: null,
        offlineEmergencyAccessStatus: 'Disabled',
        offlineEmergencyTokencodeExpiration: null,
      });
    });

    it('keeps the first disable time when disable is called twice, and a new enable replaces both halves', async () => {
      const first = (await enableV1(3)).body as Code;
      await fake.call('DELETE', `v1/users/${janeId}/emergencyTokencode/${first.emergencyTokencodeId}`);
      fake.tenant.clock.advance(1000);
      const again = await fake.call('DELETE', `v1/users/${janeId}/emergencyTokencode/${first.emergencyTokencodeId}`);
      expect(again.status).toBe(200);
      expect(fake.controls.exportState().users.find((user) => user.email === JANE)?.eac).toMatchObject({
        id: first.emergencyTokencodeId,
        disabledAt: Date.parse(START),
      });
      const second = (await enableV1(1)).body as Code;
      expect(await lookupJane()).toMatchObject({
        emergencyAccessStatus: 'Enabled',
        emergencyTokencodeId: second.emergencyTokencodeId,
        offlineEmergencyAccessStatus: 'Enabled',
        offlineEmergencyTokencodeExpiration: second.offlineExpirationDate,
      });
    });

    it('clears the code even when given the stale id of a replaced code', async () => {
      const stale = (await enableV1(7)).body as Code;
      const current = (await enableV1(7)).body as Code;
      expect(current.emergencyTokencodeId).not.toBe(stale.emergencyTokencodeId);
      const answer = await fake.call('DELETE', `v1/users/${janeId}/emergencyTokencode/${stale.emergencyTokencodeId}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toBeNull();
      expect(await lookupJane()).toMatchObject({ emergencyAccessStatus: 'Disabled', emergencyTokencodeId: null });
    });

    it('clears the code even when given an id that was never issued', async () => {
      await enableV2({ oneTimeUse: true });
      const answer = await fake.call('DELETE', `v1/users/${janeId}/emergencyTokencode/not-a-tokencode-id`);
      expect(answer.status).toBe(200);
      expect(answer.body).toBeNull();
      expect(await lookupJane()).toMatchObject({ emergencyAccessStatus: 'Disabled', emergencyTokencodeId: null });
    });

    it('answers 200 when the user has no code', async () => {
      const answer = await fake.call('DELETE', `v1/users/${janeId}/emergencyTokencode/${UNKNOWN_ID}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toBeNull();
    });
  });

  describe('expiry', () => {
    it('shows Enabled up to the expiration instant and Expired after it', async () => {
      const code = (await enableV2({ expiryUnit: 'minutes', expiryValue: 1 })).body as CodeV2;
      expect(code.expirationDate).toBe(after(60_000));
      fake.tenant.clock.advance(60_000);
      expect(await lookupJane()).toMatchObject({
        emergencyAccessStatus: 'Enabled',
        offlineEmergencyAccessStatus: 'Enabled',
      });
      fake.tenant.clock.advance(1);
      expect(await lookupJane()).toMatchObject({
        emergencyAccessStatus: 'Expired',
        offlineEmergencyAccessStatus: 'Expired',
        emergencyTokencodeId: code.emergencyTokencodeId,
        emergencyTokencodeExpiration: after(60_000),
      });
    });

    it('shows a v1 code as Expired once its days have passed', async () => {
      await enableV1('1');
      fake.tenant.clock.advance(DAY_MS + 1000);
      expect(await lookupJane()).toMatchObject({ emergencyAccessStatus: 'Expired' });
    });

    it('shows Enabled again after an expired code is replaced', async () => {
      await enableV2({ expiryUnit: 'minutes', expiryValue: 5 });
      fake.tenant.clock.advance(10 * 60_000);
      expect(await lookupJane()).toMatchObject({ emergencyAccessStatus: 'Expired' });
      const fresh = (await enableV2({ expiryUnit: 'hours', expiryValue: 1 })).body as CodeV2;
      expect(fresh.expirationDate).toBe(after(70 * 60_000));
      expect(await lookupJane()).toMatchObject({
        emergencyAccessStatus: 'Enabled',
        emergencyTokencodeId: fresh.emergencyTokencodeId,
      });
    });
  });
});
