/**
 * Admin log and user event log exports in every transport: what the fake's admin operations did, timed by its
 * clock; seeded and added user events kept 40 days; windows, zero-based pages and the refusals.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, startMode, type Answer, type Harness } from './support/modes.js';

const START = '2026-03-01T09:00:00.000Z';
const JANE = 'jane.doe@example.com';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const at = (ms: number): string => new Date(Date.parse(START) + ms).toISOString();

interface AdminPage {
  totalPages: number;
  totalElements: number;
  pageSize: number;
  currentPage: number;
  elements: { eventLogDate: string; activityKey: string; targetObject1Name: string | null; adminUserName: string }[];
}
interface EventPage {
  totalPages: number;
  totalElements: number;
  pageSize: number;
  currentPage: number;
  userEventLogExportEntries: { eventId: string; eventLogDate: string; userId: string; eventCode: string }[];
}

function expectApplicationError(answer: Answer, status: number, description: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  expect(answer.body).toEqual({ code: '400 BAD_REQUEST', description });
}

describe.each(MODES)('logs over %s', (mode) => {
  let fake: Harness;
  let janeId: string;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    janeId = fake.controls.userRecord(JANE)?.id ?? '';
  });
  afterEach(() => fake.stop());

  const adminLog = async (query = ''): Promise<AdminPage> => {
    const answer = await fake.call('GET', `v1/adminlog/exportlogs${query}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    return answer.body as AdminPage;
  };
  const events = async (query = ''): Promise<EventPage> => {
    const answer = await fake.call('GET', `v1/usereventlog/exportlogs${query}`);
    expect(answer.status).toBe(200);
    return answer.body as EventPage;
  };

  describe('admin log', () => {
    it('records what admin operations did, at the clock reading, oldest first', async () => {
      const enabled = await fake.call('PUT', `v1/users/${janeId}/emergencyTokencode`, { expirationDays: 1 });
      const codeId = (enabled.body as { emergencyTokencodeId: string }).emergencyTokencodeId;
      fake.tenant.clock.advance(HOUR_MS);
      await fake.call('DELETE', `v1/users/${janeId}/emergencyTokencode/${codeId}`);
      fake.tenant.clock.advance(HOUR_MS);
      await fake.call('PUT', `v1/users/${janeId}/userStatus`, { userStatus: 'Disabled' });
      await fake.call('PUT', `v1/users/${janeId}/markDeleted`, { markDeleted: true });
      await fake.call('POST', 'v1/users/lookup', { email: JANE });
      const page = await adminLog();
      expect(page).toMatchObject({ totalPages: 1, totalElements: 4, pageSize: 100, currentPage: 0 });
      expect(page.elements.map((entry) => [entry.eventLogDate, entry.activityKey, entry.targetObject1Name])).toEqual([
        [at(0), 'EMERGENCY_ACCESS_ENABLED', JANE],
        [at(HOUR_MS), 'EMERGENCY_ACCESS_DISABLED', JANE],
        [at(2 * HOUR_MS), 'USER_STATUS_CHANGED', JANE],
        [at(2 * HOUR_MS), 'USER_MARKED_DELETED', JANE],
      ]);
      expect(page.elements.every((entry) => entry.adminUserName === fake.apiKey.accessID)).toBe(true);
    });

    it('records nothing for a refused operation', async () => {
      await fake.call('PUT', `v1/users/${janeId}/userStatus`, { userStatus: 'Nope' });
      await fake.call('DELETE', `v1/users/${janeId}`);
      expect(await adminLog()).toEqual({
        totalPages: 0,
        totalElements: 0,
        pageSize: 100,
        currentPage: 0,
        elements: [],
      });
    });

    it('selects after startTimeAfter and on or before endTimeOnOrBefore, any offset', async () => {
      for (let i = 0; i < 3; i++) {
        await fake.call('POST', `v1/users/${janeId}/sync`);
        fake.tenant.clock.advance(HOUR_MS);
      }
      const dates = async (query: string): Promise<string[]> =>
        (await adminLog(query)).elements.map((entry) => entry.eventLogDate);
      expect(await dates(`?startTimeAfter=${at(0)}`)).toEqual([at(HOUR_MS), at(2 * HOUR_MS)]);
      expect(await dates(`?startTimeAfter=${at(-1)}&endTimeOnOrBefore=${at(HOUR_MS)}`)).toEqual([at(0), at(HOUR_MS)]);
      expect(
        await dates(`?startTimeAfter=2026-03-01T09:59:59.999%2B01:00&endTimeOnOrBefore=2026-03-01T09:00:00.0-00:00`),
      ).toEqual([at(0)]);
    });

    it('pages from zero; a page past the last is empty', async () => {
      for (let i = 0; i < 5; i++) await fake.call('POST', `v1/users/${janeId}/sync`);
      const first = await adminLog('?pageSize=2');
      const last = await adminLog('?pageSize=2&pageNumber=2');
      const past = await adminLog('?pageSize=2&pageNumber=3');
      expect([first.elements.length, last.elements.length, past.elements.length]).toEqual([2, 1, 0]);
      expect(past).toMatchObject({ totalPages: 3, totalElements: 5, pageSize: 2, currentPage: 3 });
    });

    it('defaults to the 24 hours before the clock', async () => {
      await fake.call('POST', `v1/users/${janeId}/sync`);
      fake.tenant.clock.advance(DAY_MS - 1);
      expect((await adminLog()).totalElements).toBe(1);
      fake.tenant.clock.advance(1);
      expect((await adminLog()).totalElements).toBe(0);
      expect((await adminLog(`?startTimeAfter=${at(-1)}`)).totalElements).toBe(1);
    });

    it('refuses a malformed date, a start after the end and a page size over 100', async () => {
      expectApplicationError(
        await fake.call('GET', 'v1/adminlog/exportlogs?startTimeAfter=yesterday'),
        400,
        'Invalid date.',
      );
      expectApplicationError(
        await fake.call('GET', `v1/adminlog/exportlogs?startTimeAfter=${at(1)}&endTimeOnOrBefore=${at(0)}`),
        400,
        'Invalid date range.',
      );
      expectApplicationError(await fake.call('GET', 'v1/adminlog/exportlogs?pageSize=101'), 400, 'Invalid page size.');
    });
  });

  describe('user event log', () => {
    it('holds seeded events of the first users from the day before the clock', async () => {
      const page = await events();
      expect(page.totalElements).toBeGreaterThan(0);
      expect(page.userEventLogExportEntries).toEqual(
        fake.tenant.userEvents
          .entries()
          .sort((a, b) => (a.eventLogDate < b.eventLogDate ? -1 : 1))
          .slice(0, 100),
      );
      for (const entry of page.userEventLogExportEntries) {
        expect(Date.parse(entry.eventLogDate)).toBeGreaterThanOrEqual(Date.parse(START) - DAY_MS);
        expect(Date.parse(entry.eventLogDate)).toBeLessThan(Date.parse(START));
      }
    });

    it('shows events a test adds, and forgets them after 40 days on the clock', async () => {
      const added = fake.controls.addUserEvents([
        { email: JANE, eventCode: 'AUTHN_FAILURE', eventLevel: 'WARN', method: 'TOKEN' },
        { email: JANE, time: at(HOUR_MS) },
      ]);
      expect(added).toHaveLength(2);
      expect(added[0]).toMatchObject({ userId: janeId, eventLogDate: START, eventCode: 'AUTHN_FAILURE' });
      fake.tenant.clock.advance(HOUR_MS);
      const window = `?startTimeAfter=${at(-1)}&endTimeOnOrBefore=${at(HOUR_MS)}`;
      const page = await events(window);
      expect(page.userEventLogExportEntries).toEqual(added);
      expect(page).toMatchObject({ totalPages: 1, totalElements: 2, pageSize: 100, currentPage: 0 });
      fake.tenant.clock.advance(40 * DAY_MS - HOUR_MS);
      expect((await events(window)).totalElements).toBe(2);
      fake.tenant.clock.advance(1);
      expect((await events(window)).userEventLogExportEntries.map((entry) => entry.eventLogDate)).toEqual([
        at(HOUR_MS),
      ]);
    });

    it('adds nothing when one event names an unknown user', () => {
      const before = fake.tenant.userEvents.size;
      expect(() => fake.controls.addUserEvents([{ email: JANE }, { email: 'nobody@example.com' }])).toThrow(
        /events\.1\.email nobody@example.com names no user/,
      );
      expect(fake.tenant.userEvents.size).toBe(before);
    });

    it('refuses a page number that is not an integer', async () => {
      expectApplicationError(
        await fake.call('GET', 'v1/usereventlog/exportlogs?pageNumber=x'),
        400,
        'Invalid page number.',
      );
    });
  });
});
