/**
 * Users' authenticators: seeded from the seed and the user's id when first asked for (nothing is stored for a user
 * whose list never changed), and kept per user once one is deleted.
 */
import type { components } from '../generated/cloud-admin.js';
import { formatTimestamp } from '../core/clock.js';
import { createRandom, hashString, type Random } from '../core/random.js';
import type { UserRecord } from './user-store.js';

/** One authenticator, as Authenticator Details return it. */
export type Authenticator = components['schemas']['Authenticator'];

/** Authenticator Details version 1: no SecurID 700 tokens. */
export type AuthenticatorsV1 = components['schemas']['AuthenticatorsV1'];
/** Authenticator Details version 2: with SecurID 700 tokens. */
export type AuthenticatorsV2 = components['schemas']['AuthenticatorsV2'];

/** Seeded dates are drawn before this instant, as the users' are (src/domain/seed-users.ts). */
const REFERENCE_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;
const PHONES = ['iPhone 15', 'iPhone 13', 'Pixel 8', 'Galaxy S23', 'Pixel 6a', 'Galaxy A54'];
const BROWSERS = ['Chrome', 'Edge', 'Firefox'];
const FIDO_KEYS = ['YubiKey 5 NFC', 'Security Key C NFC', 'Titan Security Key'];

/** An authenticator with every field null but those all kinds have. */
function base(id: string, name: string, user: UserRecord, deviceType: Authenticator['deviceType']): Authenticator {
  return {
    id,
    name,
    userId: user.id,
    deviceType,
    registeredDate: null,
    capabilities: null,
    browser: null,
    tokenSerialNumber: null,
    deviceSerialNumber: null,
    updatedAt: null,
    tokenState: null,
    expiryDate: null,
    tokenStatus: null,
    assignedAt: null,
    assignedBy: null,
    pinSet: null,
    tokenStatusChangedAt: null,
    tokenStatusChangedBy: null,
    status: null,
    tokenStatusReason: null,
  };
}

/** A registration instant between the user's creation and REFERENCE_MS. */
function registeredAt(random: Random, user: UserRecord): number {
  const from = Math.min(user.creationDate, REFERENCE_MS - DAY_MS);
  return from + Math.floor(random.next() * (REFERENCE_MS - from));
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random.next() * items.length)] as T;

/**
 * The authenticators a user starts with, the same for the same seed and user id whatever else the world holds: a
 * mobile device (most users; a few have two), often a browser, sometimes a FIDO key and a SecurID 700 token.
 */
export function seedAuthenticators(seed: number, user: UserRecord): Authenticator[] {
  const random = createRandom(hashString(`devices:${user.id}`, seed >>> 0));
  const list: Authenticator[] = [];
  const mobiles = random.next() < 0.85 ? (random.next() < 0.2 ? 2 : 1) : 0;
  for (let i = 0; i < mobiles; i++) {
    const at = registeredAt(random, user);
    list.push({
      ...base(random.uuid(), pick(random, PHONES), user, 'MOBILE'),
      registeredDate: formatTimestamp(at),
      updatedAt: formatTimestamp(at),
      capabilities: 'APPROVE,TOKEN,BIOMETRICS',
      deviceSerialNumber: random.string(12, '0123456789ABCDEF'),
      status: 'ACTIVE',
    });
  }
  if (random.next() < 0.5) {
    const at = registeredAt(random, user);
    const browser = pick(random, BROWSERS);
    list.push({
      ...base(random.uuid(), `${browser} on Windows`, user, 'BROWSER'),
      registeredDate: formatTimestamp(at),
      updatedAt: formatTimestamp(at),
      capabilities: 'APPROVE',
      browser,
      status: 'ACTIVE',
    });
  }
  if (random.next() < 0.3) {
    const at = registeredAt(random, user);
    list.push({
      ...base(random.uuid(), pick(random, FIDO_KEYS), user, 'FIDO'),
      registeredDate: formatTimestamp(at),
      updatedAt: formatTimestamp(at),
      capabilities: 'FIDO',
      status: 'ACTIVE',
    });
  }
  if (random.next() < 0.35) {
    const at = registeredAt(random, user);
    list.push({
      ...base(random.uuid(), 'SecurID 700', user, 'HARDWARE_TOKEN'),
      tokenSerialNumber: String(100_000_000 + Math.floor(random.next() * 900_000_000)).padStart(12, '0'),
      tokenState: 'ASSIGNED',
      expiryDate: formatTimestamp(at + 5 * 365 * DAY_MS),
      tokenStatus: 'ENABLED',
      assignedAt: formatTimestamp(at),
      assignedBy: 'admin',
      pinSet: random.next() < 0.7,
      status: 'ACTIVE',
    });
  }
  return list;
}

/** Which authenticators a version of Authenticator Details shows. */
export interface DeviceView {
  includeBrowsers: boolean;
}

/** Version 1's body: mobile devices (and browsers when asked), FIDO tokens; SecurID 700 tokens are left out. */
export function toAuthenticatorsV1(list: readonly Authenticator[], view: DeviceView): AuthenticatorsV1 {
  return {
    devices: list.filter((a) => a.deviceType === 'MOBILE' || (view.includeBrowsers && a.deviceType === 'BROWSER')),
    fidoTokens: list.filter((a) => a.deviceType === 'FIDO'),
  };
}

/** Version 2's body: as version 1, with SecurID 700 tokens in `sidTokens`. */
export function toAuthenticatorsV2(list: readonly Authenticator[], view: DeviceView): AuthenticatorsV2 {
  return { ...toAuthenticatorsV1(list, view), sidTokens: list.filter((a) => a.deviceType === 'HARDWARE_TOKEN') };
}

/** The authenticators of a tenant's users. */
export class DeviceStore {
  readonly #seed: number;
  /** Lists that changed since seeding, by user id; every other user has the seeded list. */
  readonly #changed = new Map<string, Authenticator[]>();

  constructor(seed: number, changed: Record<string, Authenticator[]> = {}) {
    this.#seed = seed;
    for (const [userId, list] of Object.entries(changed))
      this.#changed.set(
        userId,
        list.map((a) => ({ ...a })),
      );
  }

  /** The user's authenticators. */
  list(user: UserRecord): readonly Authenticator[] {
    return this.#changed.get(user.id) ?? seedAuthenticators(this.#seed, user);
  }

  /** Deletes one of the user's authenticators; the deleted one, or undefined when the user has none with the id. */
  remove(user: UserRecord, deviceId: string): Authenticator | undefined {
    const list = this.list(user);
    const index = list.findIndex((a) => a.id === deviceId);
    if (index < 0) return undefined;
    this.#changed.set(
      user.id,
      list.filter((_, i) => i !== index),
    );
    return list[index];
  }

  /** Forgets a user's list (the user is gone). */
  forget(userId: string): void {
    this.#changed.delete(userId);
  }

  /** The changed lists, for a tenant's exported state. */
  exportChanged(): Record<string, Authenticator[]> {
    return Object.fromEntries([...this.#changed].map(([userId, list]) => [userId, list.map((a) => ({ ...a }))]));
  }
}
