/** The user store on its own: indexes by id and email, uniqueness, and the User Details it derives. */
import { describe, expect, it } from 'vitest';
import { toUserDetails, UserStore, type UserRecord } from '../../src/domain/user-store.js';
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
});
