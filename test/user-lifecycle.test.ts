/**
 * Sync, Mark User Deleted (and the purge 7 days later on the fake's clock), Delete User Now and the high-risk list,
 * in every transport, each seen through User Details and the admin log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, startMode, type Answer, type Harness } from './support/modes.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';
const DISABLED = 'disabled.user@example.com';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const DAY_MS = 86_400_000;

function expectApplicationError(answer: Answer, status: number, code: string, description: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  expect(answer.body).toEqual({ code, description });
}

describe.each(MODES)('user lifecycle over %s', (mode) => {
  let fake: Harness;
  let janeId: string;
  let disabledId: string;
  const idOf = (email: string): string => fake.controls.userRecord(email)?.id ?? '';
  const activities = (): string[] => fake.tenant.adminLog.entries().map((entry) => entry.activityKey);
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    janeId = idOf(JANE);
    disabledId = idOf(DISABLED);
  });
  afterEach(() => fake.stop());

  describe('sync', () => {
    it('answers the user details with lastSyncTime at the clock reading, and logs it', async () => {
      fake.tenant.clock.advance(60_000);
      const answer = await fake.call('POST', `v1/users/${janeId}/sync`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.body).toEqual({ ...fake.controls.user(JANE), lastSyncTime: '2026-03-01T09:01:00.000Z' });
      expect(fake.controls.user(JANE)?.lastSyncTime).toBe('2026-03-01T09:01:00.000Z');
      expect(activities()).toEqual(['USER_SYNCHRONIZED']);
    });

    it('ignores a body, as clients send an empty JSON string', async () => {
      const answer = await fake.call('POST', `v1/users/${janeId}/sync`, undefined, { raw: '""' });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: janeId, emailAddress: JANE });
    });

    it('answers 404 naming the id for an unknown user', async () => {
      expectApplicationError(
        await fake.call('POST', `v1/users/${UNKNOWN_ID}/sync`),
        404,
        '404 NOT_FOUND',
        `User ${UNKNOWN_ID} not found`,
      );
      expect(activities()).toEqual([]);
    });
  });

  describe('mark deleted', () => {
    it('marks a user, shows who and when in lookup, and refuses to mark twice', async () => {
      fake.tenant.clock.advance(5000);
      const answer = await fake.call('PUT', `v1/users/${janeId}/markDeleted`, { markDeleted: true });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.body).toEqual({ id: janeId, markDeleted: true });
      const lookup = await fake.call('POST', 'v1/users/lookup', { email: JANE });
      expect(lookup.body).toMatchObject({
        markDeleted: true,
        markDeletedAt: '2026-03-01T09:00:05.000Z',
        markDeletedBy: fake.apiKey.accessID,
      });
      expectApplicationError(
        await fake.call('PUT', `v1/users/${janeId}/markDeleted`, { markDeleted: 'true' }),
        409,
        '409 CONFLICT',
        'User is already marked deleted.',
      );
      expect(activities()).toEqual(['USER_MARKED_DELETED']);
    });

    it('unmarks a marked user with "false" and refuses to unmark an unmarked one', async () => {
      await fake.call('PUT', `v1/users/${janeId}/markDeleted`, { markDeleted: 'true' });
      const unmark = await fake.call('PUT', `v1/users/${janeId}/markDeleted`, { markDeleted: 'false' });
      expect(unmark.body).toEqual({ id: janeId, markDeleted: false });
      expect(fake.controls.user(JANE)).toMatchObject({ markDeleted: false, markDeletedAt: null, markDeletedBy: null });
      expectApplicationError(
        await fake.call('PUT', `v1/users/${janeId}/markDeleted`, { markDeleted: false }),
        409,
        '409 CONFLICT',
        'User is not marked deleted.',
      );
      expect(activities()).toEqual(['USER_MARKED_DELETED', 'USER_UNMARKED_DELETED']);
    });

    it('refuses another value and an unknown user, changing nothing', async () => {
      expectApplicationError(
        await fake.call('PUT', `v1/users/${janeId}/markDeleted`, { markDeleted: 'yes' }),
        400,
        '400 BAD_REQUEST',
        'Invalid markDeleted value.',
      );
      expectApplicationError(
        await fake.call('PUT', `v1/users/${UNKNOWN_ID}/markDeleted`, { markDeleted: true }),
        404,
        '404 NOT_FOUND',
        `User ${UNKNOWN_ID} not found`,
      );
      expect(fake.controls.user(JANE)?.markDeleted).toBe(false);
      expect(activities()).toEqual([]);
    });

    it('purges a marked user 7 days later by the clock, with their devices', async () => {
      await fake.call('PUT', `v1/users/${janeId}/markDeleted`, { markDeleted: true });
      fake.tenant.clock.advance(7 * DAY_MS - 1);
      expect((await fake.call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(200);
      expect((await fake.call('GET', `v2/users/${janeId}/devices`)).status).toBe(200);
      fake.tenant.clock.advance(1);
      expectApplicationError(
        await fake.call('POST', 'v1/users/lookup', { email: JANE }),
        404,
        '404 NOT_FOUND',
        `User ${JANE} not found`,
      );
      expect((await fake.call('GET', `v2/users/${janeId}/devices`)).status).toBe(404);
      expect((await fake.call('POST', 'v1/users/search', { emailLike: 'jane.doe' })).body).toEqual([]);
      expect(fake.controls.exportState().users.map((user) => user.email)).not.toContain(JANE);
    });

    it('starts with the scenario user-marked-deleted marked by "scenario"', async () => {
      fake.controls.useScenario('user-marked-deleted');
      expect(fake.controls.user('leaving.user@example.com')).toMatchObject({
        userStatus: 'Disabled',
        markDeleted: true,
        markDeletedAt: START,
        markDeletedBy: 'scenario',
      });
      fake.tenant.clock.advance(7 * DAY_MS);
      expect((await fake.call('POST', 'v1/users/lookup', { email: 'leaving.user@example.com' })).status).toBe(404);
    });
  });

  describe('delete user now', () => {
    it('deletes a disabled user: 200 with an empty body, then 404', async () => {
      const answer = await fake.call('DELETE', `v1/users/${disabledId}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toBeNull();
      expect(fake.controls.userRecord(DISABLED)).toBeUndefined();
      expectApplicationError(
        await fake.call('DELETE', `v1/users/${disabledId}`),
        404,
        '404 NOT_FOUND',
        `User ${disabledId} not found`,
      );
      expect(activities()).toEqual(['USER_DELETED']);
      expect(fake.tenant.adminLog.entries()[0]).toMatchObject({
        targetObject1Id: disabledId,
        targetObject1Name: DISABLED,
      });
    });

    it('refuses an enabled user with 409 and keeps them', async () => {
      expectApplicationError(
        await fake.call('DELETE', `v1/users/${janeId}`),
        409,
        '409 CONFLICT',
        'User is enabled; disable the user first.',
      );
      expect(fake.controls.userRecord(JANE)).toBeDefined();
      expect(activities()).toEqual([]);
    });

    it('refuses a user pending deletion with 409', async () => {
      await fake.call('PUT', `v1/users/${disabledId}/markDeleted`, { markDeleted: true });
      expectApplicationError(
        await fake.call('DELETE', `v1/users/${disabledId}`),
        409,
        '409 CONFLICT',
        'User is pending deletion.',
      );
      expect(fake.controls.userRecord(DISABLED)).toBeDefined();
    });

    it('deletes a user disabled by User Status', async () => {
      await fake.call('PUT', `v1/users/${janeId}/userStatus`, { userStatus: 'Disabled' });
      expect((await fake.call('DELETE', `v1/users/${janeId}`)).status).toBe(200);
      expect((await fake.call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(404);
    });
  });

  describe('high-risk list', () => {
    const listed = async (): Promise<string[]> => {
      const answer = await fake.call('GET', 'v2/users/highrisk');
      expect(answer.status).toBe(200);
      return (answer.body as { users: { email: string }[] }).users.map((user) => user.email);
    };

    it('lists the seeded high-risk users, sorted by email', async () => {
      const seeded = [...fake.tenant.store.all()]
        .filter((user) => user.highRiskUser)
        .map((user) => user.email)
        .sort();
      expect(await listed()).toEqual(seeded);
    });

    it('adds and removes users, reflected in lookup, one result per id', async () => {
      const added = await fake.call('PUT', 'v1/users/highrisk', { action: 'add', users: [janeId, UNKNOWN_ID] });
      expect(added.status).toBe(200);
      expect(added.body).toEqual({
        users: [
          { id: janeId, email: JANE, primaryUsername: JANE, alternateUsername: '', statusCode: '200', error: null },
          {
            id: UNKNOWN_ID,
            email: null,
            primaryUsername: null,
            alternateUsername: null,
            statusCode: '404',
            error: `User ${UNKNOWN_ID} not found`,
          },
        ],
      });
      expect(await listed()).toContain(JANE);
      expect(fake.controls.user(JANE)?.highRiskUser).toBe(true);
      const removed = await fake.call('PUT', 'v1/users/highrisk', { action: 'remove', users: [janeId] });
      expect((removed.body as { users: { statusCode: string }[] }).users[0]?.statusCode).toBe('200');
      expect(await listed()).not.toContain(JANE);
      expect(fake.controls.user(JANE)?.highRiskUser).toBe(false);
      expect(activities()).toEqual(['HIGH_RISK_USER_ADDED', 'HIGH_RISK_USER_REMOVED']);
    });

    it('refuses an unknown action and an empty list', async () => {
      expectApplicationError(
        await fake.call('PUT', 'v1/users/highrisk', { action: 'flag', users: [janeId] }),
        400,
        '400 BAD_REQUEST',
        'Invalid high-risk request.',
      );
      expectApplicationError(
        await fake.call('PUT', 'v1/users/highrisk', { action: 'add', users: [] }),
        400,
        '400 BAD_REQUEST',
        'Invalid high-risk request.',
      );
      expect(fake.controls.user(JANE)?.highRiskUser).toBe(false);
    });

    it('starts with the scenario high-risk-user listing jane alone', async () => {
      fake.controls.useScenario('high-risk-user');
      expect(await listed()).toEqual([JANE]);
      expect(fake.controls.user(JANE)?.highRiskUser).toBe(true);
    });
  });
});
