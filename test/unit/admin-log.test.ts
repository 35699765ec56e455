/** The admin log on its own: entries timed by the caller's clock, windows, zero-based pages and the byte bound. */
import { describe, expect, it } from 'vitest';
import { AdminLog, type AdminAction } from '../../src/domain/admin-log.js';
import { pageOf } from '../../src/domain/timed-log.js';
import { assertMatchesContract } from '../support/contract.js';

const NOW = Date.parse('2026-03-01T09:00:00.000Z');
const IDENTITY = { customerName: 'Example Corp', seed: 7 };
const action = (message: string): AdminAction => ({
  activity: 'USER_STATUS_CHANGED',
  admin: 'access-id',
  message,
  target: { id: 'u-1', name: 'jane.doe@example.com', type: 'USER' },
});

describe('admin log', () => {
  it('records an entry in the vendor shape at the given instant', () => {
    const log = new AdminLog(IDENTITY);
    log.record(action('Disabled.'), NOW);
    expect(log.entries()).toHaveLength(1);
    expect(log.entries()[0]).toMatchObject({
      eventLogDate: '2026-03-01T09:00:00.000Z',
      eventType: 'ADMIN_ACTIVITY',
      customerName: 'Example Corp',
      adminUserName: 'access-id',
      activityKey: 'USER_STATUS_CHANGED',
      activityCode: 1201,
      result: 'SUCCESS',
      message: 'Disabled.',
      targetObject1Id: 'u-1',
      targetObject1Name: 'jane.doe@example.com',
      targetObject1Type: 'USER',
      targetObject2Id: null,
    });
    const page = log.page({ after: NOW - 1, until: NOW }, 0, 100);
    const body = { ...page, pageSize: 100, currentPage: 0, elements: page.items };
    delete (body as { items?: unknown }).items;
    assertMatchesContract('exportAdminLog', 200, body);
  });

  it('draws the same event ids for the same seed and order', () => {
    const a = new AdminLog(IDENTITY);
    const b = new AdminLog(IDENTITY);
    const c = new AdminLog({ ...IDENTITY, seed: 8 });
    const ids = (log: AdminLog) => {
      log.record(action('1'), NOW);
      log.record(action('2'), NOW);
      return log.entries().map((entry) => entry.eventId);
    };
    const first = ids(a);
    expect(ids(b)).toEqual(first);
    expect(ids(c)).not.toEqual(first);
    expect(new Set(first).size).toBe(2);
  });

  it('selects entries after the start and on or before the end, oldest first, even when recorded out of order', () => {
    const log = new AdminLog(IDENTITY);
    log.record(action('b'), NOW + 2000);
    log.record(action('a'), NOW + 1000);
    log.record(action('c'), NOW + 3000);
    log.record(action('a2'), NOW + 1000);
    const messages = (after: number, until: number): string[] =>
      log.page({ after, until }, 0, 100).items.map((entry) => entry.message);
    expect(messages(NOW, NOW + 3000)).toEqual(['a', 'a2', 'b', 'c']);
    expect(messages(NOW + 1000, NOW + 3000)).toEqual(['b', 'c']);
    expect(messages(NOW, NOW + 2999)).toEqual(['a', 'a2', 'b']);
    expect(messages(NOW + 3000, NOW + 9000)).toEqual([]);
  });

  it('pages from zero, with the counts of the whole window and an empty page past the last', () => {
    expect(pageOf(['a', 'b', 'c', 'd', 'e'], 0, 2)).toEqual({ totalPages: 3, totalElements: 5, items: ['a', 'b'] });
    expect(pageOf(['a', 'b', 'c', 'd', 'e'], 2, 2)).toEqual({ totalPages: 3, totalElements: 5, items: ['e'] });
    expect(pageOf(['a', 'b', 'c', 'd', 'e'], 3, 2)).toEqual({ totalPages: 3, totalElements: 5, items: [] });
    expect(pageOf([], 0, 100)).toEqual({ totalPages: 0, totalElements: 0, items: [] });
  });

  it('keeps within its byte bound by dropping the oldest entries first', () => {
    const single = new AdminLog(IDENTITY);
    single.record(action('x'.repeat(100)), NOW);
    const one = Buffer.byteLength(JSON.stringify(single.entries()[0]));
    // What an entry counts against the bound is the JSON it reads back as, computed without serializing it.
    expect(single.bytes).toBe(one);
    const log = new AdminLog(IDENTITY, one * 3);
    for (let i = 0; i < 10; i++) log.record(action(`${i}`.padStart(100, 'x')), NOW + i);
    expect(log.size).toBe(3);
    expect(log.entries().map((entry) => entry.message.slice(-1))).toEqual(['7', '8', '9']);
  });

  it('counts an entry with a second target and non-ASCII text as the UTF-8 bytes of its JSON', () => {
    const log = new AdminLog({ customerName: 'Société Générale', seed: 3 });
    log.record(
      {
        activity: 'DEVICE_DELETED',
        admin: 'access-id',
        message: 'Device Pixel 8 de zoë.müller@example.com supprimé.',
        target: { id: 'u-1', name: 'zoë.müller@example.com', type: 'USER' },
        second: { id: 'd-1', name: 'Pixel 8 ✓', type: 'MOBILE' },
      },
      NOW,
    );
    expect(log.bytes).toBe(Buffer.byteLength(JSON.stringify(log.entries()[0])));
  });

  it('rebuilds from its exported entries', () => {
    const log = new AdminLog(IDENTITY);
    log.record(action('a'), NOW);
    const copy = new AdminLog(IDENTITY, undefined, log.entries());
    expect(copy.entries()).toEqual(log.entries());
    copy.record(action('b'), NOW);
    expect(copy.entries()[1]?.eventId).not.toBe(log.entries()[0]?.eventId);
  });
});
