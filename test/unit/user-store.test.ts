/** The user store on its own: indexes by id and email, uniqueness, and the User Details it derives. */
import { describe, expect, it } from 'vitest';
import { PURGE_AFTER_MS, toUserDetails, UserStore, type UserRecord } from '../../src/domain/user-store.js';
import { assertMatchesContract } from '../support/contract.js';

const NOW = Date.parse('2026-03-01T09:00:00.000Z');

function user(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: '54082ac6-4713-4368-a251-df813c41159f',
    email: 'John.Doe@Example.com',
    firstName: 'John',
    lastName: 'Doe',
    creationDate: Date.parse('2024-11-28T04:12:06.000Z'),
    identitySource: 'CAS Prod',
    userStatus: 'Enabled',
    highRiskUser: false,
    lastSyncTime: Date.parse('2025-02-17T21:44:09.000Z'),
    monthLastAuthenticated: 'Jun 2025',
    alternateUsername: '',
    eac: null,
    ...overrides,
  };
}

describe('user store', () => {
  it('finds a user by id and by email in any case', () => {
    const store = new UserStore();
    const john = user();
    store.add(john);
    expect(store.findById(john.id)).toBe(john);
    expect(store.findByEmail('john.doe@example.com')).toBe(john);
    expect(store.findByEmail('JOHN.DOE@EXAMPLE.COM')).toBe(john);
    expect(store.findById(john.id.toUpperCase())).toBeUndefined();
    expect(store.findByEmail('jane.doe@example.com')).toBeUndefined();
  });

  it('finds nothing under Object.prototype names', () => {
    const store = new UserStore();
    store.add(user());
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(store.findById(name)).toBeUndefined();
      expect(store.findByEmail(name)).toBeUndefined();
    }
  });

  it('refuses a second user with the same id', () => {
    const store = new UserStore();
    store.add(user());
    expect(() => store.add(user({ email: 'other@example.com' }))).toThrow(
      'Failed to add user other@example.com: the id 54082ac6-4713-4368-a251-df813c41159f is taken.',
    );
    expect(store.size).toBe(1);
    expect(store.findByEmail('other@example.com')).toBeUndefined();
  });

  it('refuses a second user whose email differs only in case', () => {
    const store = new UserStore();
    store.add(user());
    expect(() => store.add(user({ id: 'another-id', email: 'JOHN.DOE@example.com' }))).toThrow(
      'Failed to add user JOHN.DOE@example.com: the email is taken.',
    );
    expect(store.findById('another-id')).toBeUndefined();
  });

  it('counts and lists users in insertion order', () => {
    const store = new UserStore();
    const emails = ['c@example.com', 'a@example.com', 'b@example.com'];
    emails.forEach((email, i) => store.add(user({ id: `id-${i}`, email })));
    expect(store.size).toBe(3);
    expect([...store.all()].map((entry) => entry.email)).toEqual(emails);
  });

  it('derives User Details with the full field set of the real capture', () => {
    const details = toUserDetails(user(), NOW);
    assertMatchesContract('lookupUser', 200, details);
    expect(details).toEqual({
      id: '54082ac6-4713-4368-a251-df813c41159f',
      emailAddress: 'John.Doe@Example.com',
      firstName: 'John',
      lastName: 'Doe',
      creationDate: '2024-11-28T04:12:06.000Z',
      identitySource: 'CAS Prod',
      userStatus: 'Enabled',
      highRiskUser: false,
      markDeleted: false,
      markDeletedAt: null,
      markDeletedBy: null,
      isTokenLocked: false,
      isSmsLocked: false,
      isVoiceLocked: false,
      isFingerprintLocked: false,
      isApproveLocked: false,
      lastSyncTime: '2025-02-17T21:44:09.000Z',
      emergencyAccessStatus: 'Disabled',
      emergencyTokencodeId: null,
      emergencyTokencodeExpiration: null,
      emergencyTokencodeLastUse: null,
      offlineEmergencyTokencodeExpiration: null,
      offlineEmergencyAccessStatus: 'Disabled',
      monthLastAuthenticated: 'Jun 2025',
      principalUsername: 'John.Doe@Example.com',
      alternateUsername: '',
      primaryUniqueIdentifier: '54082ac6-4713-4368-a251-df813c41159f',
    });
  });

  it('shows a code as Enabled until its expiration instant and Expired after it', () => {
    const eac = {
      id: 'f10d0514-7dd1-4a13-a30e-236d0e65b56a',
      code: 'K7Q2M9XA',
      expiresAt: NOW + 60_000,
      offlineExpiresAt: NOW + 120_000,
      oneTimeUse: false,
      lastUse: null,
    };
    const holder = user({ eac });
    expect(toUserDetails(holder, NOW + 60_000)).toMatchObject({
      emergencyAccessStatus: 'Enabled',
      offlineEmergencyAccessStatus: 'Enabled',
      emergencyTokencodeId: eac.id,
      emergencyTokencodeExpiration: '2026-03-01T09:01:00.000Z',
      offlineEmergencyTokencodeExpiration: '2026-03-01T09:02:00.000Z',
    });
    expect(toUserDetails(holder, NOW + 60_001)).toMatchObject({
      emergencyAccessStatus: 'Expired',
      offlineEmergencyAccessStatus: 'Enabled',
    });
    expect(toUserDetails(holder, NOW + 120_001)).toMatchObject({ offlineEmergencyAccessStatus: 'Expired' });
  });

  it('shows null times as null', () => {
    expect(toUserDetails(user({ lastSyncTime: null, monthLastAuthenticated: null }), NOW)).toMatchObject({
      lastSyncTime: null,
      monthLastAuthenticated: null,
    });
  });

  describe('search', () => {
    const emails = ['c.doe@example.com', 'A.Doe@example.com', 'b.smith@example.com', 'j.doe@other.test'];
    const store = new UserStore();
    emails.forEach((email, i) => store.add(user({ id: `id-${i}`, email })));
    const found = (page: { users: UserRecord[] }): string[] => page.users.map((entry) => entry.email);

    it('finds a literal substring ignoring case, sorted by email', () => {
      expect(found(store.search('DOE@', 0, 25, true))).toEqual([
        'A.Doe@example.com',
        'c.doe@example.com',
        'j.doe@other.test',
      ]);
      expect(store.search('doe@', 0, 25, true).total).toBe(3);
    });

    it('treats wildcard characters literally', () => {
      expect(store.search('*', 0, 25, true)).toEqual({ total: 0, users: [] });
      expect(store.search('.', 0, 25, true).total).toBe(4);
      expect(store.search('d%e', 0, 25, true).total).toBe(0);
    });

    it('pages from an offset and counts every match when asked', () => {
      expect(store.search('', 1, 2, true)).toEqual({
        total: 4,
        users: [store.findById('id-2'), store.findById('id-0')],
      });
      expect(store.search('', 4, 2, true)).toEqual({ total: 4, users: [] });
    });

    it('stops at the end of the page when the total is not needed', () => {
      const page = store.search('', 0, 1, false);
      expect(found(page)).toEqual(['A.Doe@example.com']);
      expect(page.total).toBe(1);
    });

    it('sees users added and removed after an earlier search', () => {
      const local = new UserStore();
      local.add(user({ id: 'x', email: 'x@example.com' }));
      expect(local.search('example', 0, 25, true).total).toBe(1);
      local.add(user({ id: 'a', email: 'a@example.com' }));
      expect(found(local.search('example', 0, 25, true))).toEqual(['a@example.com', 'x@example.com']);
      expect(local.remove('x')).toBe(true);
      expect(found(local.search('example', 0, 25, true))).toEqual(['a@example.com']);
    });
  });

  describe('remove', () => {
    it('drops the user from every index and answers false for an unknown id', () => {
      const store = new UserStore();
      const john = user({ highRiskUser: true, markDeletedAt: NOW, markDeletedBy: 'k' });
      store.add(john);
      expect(store.remove(john.id)).toBe(true);
      expect(store.findById(john.id)).toBeUndefined();
      expect(store.findByEmail(john.email)).toBeUndefined();
      expect(store.highRiskUsers()).toEqual([]);
      expect(store.purgeDue(NOW + PURGE_AFTER_MS)).toEqual([]);
      expect(store.remove(john.id)).toBe(false);
      store.add(user());
      expect(store.size).toBe(1);
    });
  });

  describe('high-risk list', () => {
    it('indexes seeded high-risk users and follows changes, sorted by email', () => {
      const store = new UserStore();
      const zed = user({ id: 'z', email: 'zed@example.com', highRiskUser: true });
      const amy = user({ id: 'a', email: 'amy@example.com' });
      store.add(zed);
      store.add(amy);
      expect(store.highRiskUsers()).toEqual([zed]);
      store.setHighRisk(amy, true);
      expect(store.highRiskUsers()).toEqual([amy, zed]);
      expect(toUserDetails(amy, NOW).highRiskUser).toBe(true);
      store.setHighRisk(zed, false);
      store.setHighRisk(zed, false);
      expect(store.highRiskUsers()).toEqual([amy]);
      expect(zed.highRiskUser).toBe(false);
    });
  });

  describe('mark deleted and purge', () => {
    it('shows the mark in User Details and takes it away again', () => {
      const store = new UserStore();
      const john = user();
      store.add(john);
      store.markDeleted(john, 'access-id', NOW);
      const details = toUserDetails(john, NOW);
      assertMatchesContract('lookupUser', 200, details);
      expect(details).toMatchObject({
        markDeleted: true,
        markDeletedAt: '2026-03-01T09:00:00.000Z',
        markDeletedBy: 'access-id',
      });
      store.unmarkDeleted(john);
      expect(toUserDetails(john, NOW)).toMatchObject({ markDeleted: false, markDeletedAt: null, markDeletedBy: null });
      expect('markDeletedAt' in john).toBe(false);
      expect(store.purgeDue(NOW + PURGE_AFTER_MS)).toEqual([]);
    });

    it('purges a marked user exactly 7 days after the mark, and no one else', () => {
      const store = new UserStore();
      const john = user();
      const amy = user({ id: 'a', email: 'amy@example.com' });
      store.add(john);
      store.add(amy);
      store.markDeleted(john, 'k', NOW);
      expect(PURGE_AFTER_MS).toBe(7 * 86_400_000);
      expect(store.purgeDue(NOW + PURGE_AFTER_MS - 1)).toEqual([]);
      expect(store.findById(john.id)).toBe(john);
      expect(store.purgeDue(NOW + PURGE_AFTER_MS)).toEqual([john]);
      expect(store.findById(john.id)).toBeUndefined();
      expect(store.findById(amy.id)).toBe(amy);
      expect(store.size).toBe(1);
    });

    it('purges users marked at different times each when due', () => {
      const store = new UserStore();
      const first = user({ id: '1', email: '1@example.com' });
      const second = user({ id: '2', email: '2@example.com' });
      store.add(first);
      store.add(second);
      store.markDeleted(second, 'k', NOW + 1000);
      store.markDeleted(first, 'k', NOW);
      expect(store.purgeDue(NOW + PURGE_AFTER_MS)).toEqual([first]);
      expect(store.purgeDue(NOW + PURGE_AFTER_MS + 999)).toEqual([]);
      expect(store.purgeDue(NOW + PURGE_AFTER_MS + 1000)).toEqual([second]);
    });

    it('indexes a user stored with a mark (an imported state)', () => {
      const store = new UserStore();
      const john = user({ markDeletedAt: NOW, markDeletedBy: 'scenario' });
      store.add(john);
      expect(store.purgeDue(NOW + PURGE_AFTER_MS)).toEqual([john]);
    });
  });
});
