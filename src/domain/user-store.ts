/** The users of one tenant, indexed by id and by email so the request path never scans. */
import type { components } from '../generated/cloud-admin.js';
import type { components as ControlComponents } from '../generated/control-plane.js';

type ControlSchemas = ControlComponents['schemas'];
import { formatTimestamp } from '../core/clock.js';

type UserDetails = components['schemas']['UserDetails'];
/** Enabled or Disabled. */
export type UserStatus = components['schemas']['UserStatus'];

/** A user's active Emergency Tokencode, as stored (and exported by the control plane's state). */
export type EacRecord = ControlSchemas['EacRecord'];

/** A user as the fake stores it: only what varies; the rest of the details are derived. */
export type UserRecord = ControlSchemas['UserRecord'];

/** Emails match case-insensitively (inferred: mail addresses are, in practice). */
const emailKey = (email: string): string => email.toLowerCase();

/** A marked user is purged this long after the mark (D-MARK: "purged after 7 days"). */
export const PURGE_AFTER_MS = 7 * 86_400_000;

/** One page of a search. */
export interface SearchPage {
  /** How many users match in all (counted only when asked for). */
  total: number;
  users: UserRecord[];
}

/** What purgeDue gives when no user is due. */
const NONE: readonly UserRecord[] = Object.freeze([]);

/**
 * Indexed user storage with the operations the vendor API needs. Lookups by id and email, the high-risk list and
 * the purge of marked users use indexes; only a substring search scans (no index answers "contains"), and it scans
 * a list kept sorted by email, so a page never needs sorting.
 */
export class UserStore {
  readonly #byId = new Map<string, UserRecord>();
  readonly #byEmail = new Map<string, UserRecord>();
  readonly #highRisk = new Set<UserRecord>();
  /** Marked users, so purging looks at them alone. */
  readonly #marked = new Set<UserRecord>();
  /** The earliest instant a marked user is due to be purged, so most calls to `purgeDue` return at once. */
  #nextPurgeAt = Infinity;
  /**
   * Users sorted by email with their lower-cased emails, built on the first search after a change: the keys are
   * computed once, not per comparison or per search (at 100,000 users that is the difference between seconds and
   * milliseconds).
   */
  #sorted: { keys: string[]; users: UserRecord[] } | undefined;

  /** Adds a user; ids and emails must be unique. */
  add(user: UserRecord): void {
    if (this.#byId.has(user.id)) throw new Error(`Failed to add user ${user.email}: the id ${user.id} is taken.`);
    if (this.#byEmail.has(emailKey(user.email)))
      throw new Error(`Failed to add user ${user.email}: the email is taken.`);
    this.#byId.set(user.id, user);
    this.#byEmail.set(emailKey(user.email), user);
    if (user.highRiskUser) this.#highRisk.add(user);
    if (user.markDeletedAt !== undefined) this.#noteMarked(user, user.markDeletedAt);
    this.#sorted = undefined;
  }

  /** Removes a user and every index entry of theirs; false when no user has the id. */
  remove(id: string): boolean {
    const user = this.#byId.get(id);
    if (!user) return false;
    this.#byId.delete(id);
    this.#byEmail.delete(emailKey(user.email));
    this.#highRisk.delete(user);
    this.#marked.delete(user);
    this.#sorted = undefined;
    return true;
  }

  /** The user with this id. */
  findById(id: string): UserRecord | undefined {
    return this.#byId.get(id);
  }

  /** The user with this email, ignoring case. */
  findByEmail(email: string): UserRecord | undefined {
    return this.#byEmail.get(emailKey(email));
  }

  /** How many users there are. */
  get size(): number {
    return this.#byId.size;
  }

  /** Every user, in insertion order. */
  all(): IterableIterator<UserRecord> {
    return this.#byId.values();
  }

  /**
   * The users whose email contains `emailLike` (ignoring case), sorted by email: `limit` of them from `offset`.
   * `countAll` false stops at the end of the page (the total is then only a lower bound).
   */
  search(emailLike: string, offset: number, limit: number, countAll: boolean): SearchPage {
    const needle = emailKey(emailLike);
    this.#sorted ??= sortByEmail(this.#byId.values());
    const { keys, users: sorted } = this.#sorted;
    const users: UserRecord[] = [];
    let total = 0;
    for (let i = 0; i < keys.length; i++) {
      if (!(keys[i] ?? '').includes(needle)) continue;
      const user = sorted[i];
      if (user && total >= offset && users.length < limit) users.push(user);
      total++;
      if (!countAll && users.length === limit) break;
    }
    return { total, users };
  }

  /** Puts a user on the high-risk list or takes them off it. */
  setHighRisk(user: UserRecord, highRisk: boolean): void {
    user.highRiskUser = highRisk;
    if (highRisk) this.#highRisk.add(user);
    else this.#highRisk.delete(user);
  }

  /** The users on the high-risk list, sorted by email. */
  highRiskUsers(): UserRecord[] {
    return [...this.#highRisk].sort((a, b) => compareEmails(a.email, b.email));
  }

  /** Marks a user deleted at `nowMs` by `by`; they are purged PURGE_AFTER_MS later. */
  markDeleted(user: UserRecord, by: string, nowMs: number): void {
    user.markDeletedAt = nowMs;
    user.markDeletedBy = by;
    this.#noteMarked(user, nowMs);
  }

  /** Takes a user's mark away. */
  unmarkDeleted(user: UserRecord): void {
    delete user.markDeletedAt;
    delete user.markDeletedBy;
    this.#marked.delete(user);
  }

  /** When the next marked user is due to be purged (Infinity: none is marked), so a caller can skip the clock. */
  get nextPurgeAt(): number {
    return this.#nextPurgeAt;
  }

  /** Removes the marked users whose purge is due at `nowMs` and returns them; cheap when none is due. */
  purgeDue(nowMs: number): readonly UserRecord[] {
    // Asked on every read of a tenant's users: nothing due costs no allocation.
    if (nowMs < this.#nextPurgeAt) return NONE;
    const purged: UserRecord[] = [];
    let next = Infinity;
    for (const user of this.#marked) {
      const due = (user.markDeletedAt ?? 0) + PURGE_AFTER_MS;
      if (due <= nowMs) purged.push(user);
      else next = Math.min(next, due);
    }
    for (const user of purged) this.remove(user.id);
    this.#nextPurgeAt = next;
    return purged;
  }

  #noteMarked(user: UserRecord, markedAt: number): void {
    this.#marked.add(user);
    this.#nextPurgeAt = Math.min(this.#nextPurgeAt, markedAt + PURGE_AFTER_MS);
  }
}

/** Users and their lower-cased emails, in two arrays sorted by email (parallel arrays scan fastest). */
function sortByEmail(all: Iterable<UserRecord>): { keys: string[]; users: UserRecord[] } {
  const entries = [...all].map((user) => ({ key: emailKey(user.email), user }));
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { keys: entries.map((entry) => entry.key), users: entries.map((entry) => entry.user) };
}

/** Orders emails ignoring case (the store keeps them unique ignoring case, so the order is total). */
function compareEmails(a: string, b: string): number {
  const left = emailKey(a);
  const right = emailKey(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** How an EAC reads at `nowMs`: Enabled while valid, Expired after, Disabled when there is none. */
function eacStatus(
  eac: EacRecord | null,
  until: number | undefined,
  nowMs: number,
): UserDetails['emergencyAccessStatus'] {
  if (eac === null || until === undefined) return 'Disabled';
  return nowMs <= until ? 'Enabled' : 'Expired';
}

const orNull = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : formatTimestamp(ms);

/**
 * The User Details body for a user at `nowMs`, with the full field set of the real capture. A disabled code
 * (`disabledAt`) shows nothing online but keeps its offline status and date until the offline expiry (D-DEAC:
 * the user "can continue to use Emergency Tokencode offline ... until the tokencode expires").
 */
export function toUserDetails(user: UserRecord, nowMs: number): UserDetails {
  const eac = user.eac?.disabledAt === undefined ? user.eac : null;
  const offline = user.eac && (eac !== null || nowMs <= user.eac.offlineExpiresAt) ? user.eac : null;
  return {
    id: user.id,
    emailAddress: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    creationDate: formatTimestamp(user.creationDate),
    identitySource: user.identitySource,
    userStatus: user.userStatus,
    highRiskUser: user.highRiskUser,
    markDeleted: user.markDeletedAt !== undefined,
    markDeletedAt: orNull(user.markDeletedAt),
    markDeletedBy: user.markDeletedBy ?? null,
    isTokenLocked: false,
    isSmsLocked: false,
    isVoiceLocked: false,
    isFingerprintLocked: false,
    isApproveLocked: false,
    lastSyncTime: orNull(user.lastSyncTime),
    emergencyAccessStatus: eacStatus(eac, eac?.expiresAt, nowMs),
    emergencyTokencodeId: eac?.id ?? null,
    emergencyTokencodeExpiration: orNull(eac?.expiresAt),
    emergencyTokencodeLastUse: orNull(eac?.lastUse),
    offlineEmergencyTokencodeExpiration: orNull(offline?.offlineExpiresAt),
    offlineEmergencyAccessStatus: eacStatus(offline, offline?.offlineExpiresAt, nowMs),
    monthLastAuthenticated: user.monthLastAuthenticated,
    principalUsername: user.email,
    alternateUsername: user.alternateUsername,
    primaryUniqueIdentifier: user.id,
  };
}
