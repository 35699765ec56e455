/** The user event log on its own: seeded events, added events, 40 days of retention and the byte bound. */
import { describe, expect, it } from 'vitest';
import { USER_EVENT_RETENTION_MS, UserEventLog } from '../../src/domain/user-event-log.js';
import { seedUsers } from '../../src/domain/seed-users.js';
import type { UserRecord } from '../../src/domain/user-store.js';
import { assertMatchesContract, present } from '../support/contract.js';

const NOW = Date.parse('2026-03-01T09:00:00.000Z');
const DAY_MS = 86_400_000;
const IDENTITY = { customerName: 'Example Corp', tenantId: 'tenant-1', seed: 7 };
const USERS: UserRecord[] = seedUsers({ name: 'events', description: 'test', seededUsers: 30 }, 7);
const JANE = present(USERS[0], 'a user');
const ALL = { after: 0, until: Number.MAX_SAFE_INTEGER };

function seeded(seed = 7): UserEventLog {
  const log = new UserEventLog({ ...IDENTITY, seed });
  log.seed(USERS, NOW);
  return log;
}

describe('user event log', () => {
  it('seeds one to three events for each of the first 20 users, in the day before the clock', () => {
    const log = seeded();
    const events = log.page(ALL, 0, 100, NOW).items;
    const users = new Set(events.map((event) => event.userId));
    expect(users).toEqual(new Set(USERS.slice(0, 20).map((user) => user.id)));
    expect(events.length).toBeGreaterThanOrEqual(20);
    expect(events.length).toBeLessThanOrEqual(60);
    for (const event of events) {
      const time = Date.parse(event.eventLogDate);
      expect(time).toBeLessThan(NOW);
      expect(time).toBeGreaterThanOrEqual(NOW - DAY_MS);
    }
    const times = events.map((event) => event.eventLogDate);
    expect([...times].sort()).toEqual(times);
    assertMatchesContract('exportUserEventLog', 200, {
      totalPages: 1,
      totalElements: events.length,
      pageSize: 100,
      currentPage: 0,
      userEventLogExportEntries: events,
    });
  });

  it('seeds the same events for the same seed, others for another', () => {
    expect(seeded().entries()).toEqual(seeded().entries());
    expect(seeded(8).entries()).not.toEqual(seeded().entries());
  });

  it('adds events with defaults of a successful authentication and the fields given', () => {
    const log = new UserEventLog(IDENTITY);
    const [plain, failed] = log.add([
      { user: JANE, timeMs: NOW, input: { email: JANE.email } },
      {
        user: JANE,
        timeMs: NOW + 1,
        input: { email: JANE.email, eventCode: 'AUTHN_FAILURE', eventLevel: 'WARN', method: 'TOKEN' },
      },
    ]);
    expect(plain).toMatchObject({
      eventLogDate: '2026-03-01T09:00:00.000Z',
      userId: JANE.id,
      tenantId: 'tenant-1',
      customerName: 'Example Corp',
      eventType: 'AUTHENTICATION',
      eventLevel: 'INFO',
      eventCode: 'AUTHN_SUCCESS',
      method: null,
    });
    expect(failed).toMatchObject({ eventCode: 'AUTHN_FAILURE', eventLevel: 'WARN', method: 'TOKEN' });
    expect(failed).not.toHaveProperty('email');
    expect(failed).not.toHaveProperty('time');
    expect(log.page(ALL, 0, 100, NOW).items).toEqual([plain, failed]);
  });

  it('keeps events 40 days by the clock', () => {
    const log = new UserEventLog(IDENTITY);
    log.add([
      { user: JANE, timeMs: NOW, input: { email: JANE.email, eventCode: 'OLD' } },
      { user: JANE, timeMs: NOW + DAY_MS, input: { email: JANE.email, eventCode: 'NEW' } },
    ]);
    expect(USER_EVENT_RETENTION_MS).toBe(40 * DAY_MS);
    const codes = (nowMs: number): string[] => log.page(ALL, 0, 100, nowMs).items.map((event) => event.eventCode);
    expect(codes(NOW + 40 * DAY_MS)).toEqual(['OLD', 'NEW']);
    expect(codes(NOW + 40 * DAY_MS + 1)).toEqual(['NEW']);
    expect(log.size).toBe(1);
    expect(codes(NOW)).toEqual(['NEW']);
  });

  it('keeps within its byte bound by dropping the oldest events first', () => {
    const log = new UserEventLog(IDENTITY, 4000);
    for (let i = 0; i < 50; i++)
      log.add([{ user: JANE, timeMs: NOW + i, input: { email: JANE.email, eventCode: `E${i}` } }]);
    expect(log.bytes).toBeLessThanOrEqual(4000);
    const codes = log.entries().map((event) => event.eventCode);
    expect(codes.length).toBeGreaterThan(1);
    expect(codes.at(-1)).toBe('E49');
    expect(codes[0]).not.toBe('E0');
  });

  it('rebuilds from its exported events', () => {
    const log = seeded();
    expect(new UserEventLog(IDENTITY, undefined, log.entries()).entries()).toEqual(log.entries());
  });
});
