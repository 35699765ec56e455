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

/** Indexed user storage with the few operations the vendor API needs. */
export class UserStore {
  readonly #byId = new Map<string, UserRecord>();
  readonly #byEmail = new Map<string, UserRecord>();

  /** Adds a user; ids and emails must be unique. */
  add(user: UserRecord): void {
    if (this.#byId.has(user.id)) throw new Error(`Failed to add user ${user.email}: the id ${user.id} is taken.`);
    if (this.#byEmail.has(emailKey(user.email)))
      throw new Error(`Failed to add user ${user.email}: the email is taken.`);
    this.#byId.set(user.id, user);
    this.#byEmail.set(emailKey(user.email), user);
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

/** The User Details body for a user at `nowMs`, with the full field set of the real capture. */
export function toUserDetails(user: UserRecord, nowMs: number): UserDetails {
  const eac = user.eac;
  return {
    id: user.id,
    emailAddress: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    creationDate: formatTimestamp(user.creationDate),
    identitySource: user.identitySource,
    userStatus: user.userStatus,
    highRiskUser: user.highRiskUser,
    markDeleted: false,
    markDeletedAt: null,
    markDeletedBy: null,
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
    offlineEmergencyTokencodeExpiration: orNull(eac?.offlineExpiresAt),
    offlineEmergencyAccessStatus: eacStatus(eac, eac?.offlineExpiresAt, nowMs),
    monthLastAuthenticated: user.monthLastAuthenticated,
    principalUsername: user.email,
    alternateUsername: user.alternateUsername,
    primaryUniqueIdentifier: user.id,
  };
}
