/**
 * The admin log: what the fake's own admin operations did, each at the tenant's clock reading, bounded in bytes
 * (oldest dropped first), read back one zero-based page of a time window at a time.
 */
import type { components } from '../generated/cloud-admin.js';
import { formatTimestamp } from '../core/clock.js';
import { createRandom, hashString } from '../core/random.js';
import { utf8Length } from '../core/utf8-length.js';
import { pageOf, TimedLog, type LogPage, type TimeWindow } from './timed-log.js';

/** One entry, as Admin Log export returns it. */
export type AdminLogEntry = components['schemas']['AdminLogEntry'];

/** What was done. */
export type AdminActivity = AdminLogEntry['activityKey'];

/** The activity codes the fake gives each activity (chosen: the vendor's codes are unknown). */
const ACTIVITY_CODES: Record<AdminActivity, number> = {
  EMERGENCY_ACCESS_ENABLED: 1101,
  EMERGENCY_ACCESS_DISABLED: 1102,
  USER_STATUS_CHANGED: 1201,
  USER_SYNCHRONIZED: 1202,
  USER_MARKED_DELETED: 1203,
  USER_UNMARKED_DELETED: 1204,
  USER_DELETED: 1205,
  DEVICE_DELETED: 1301,
  HIGH_RISK_USER_ADDED: 1401,
  HIGH_RISK_USER_REMOVED: 1402,
  ENROLLMENT_VERIFY_CODE_GENERATED: 1501,
  PASSWORD_RESET_CODE_GENERATED: 1502,
  DEVICE_REGISTRATION_CODE_GENERATED: 1503,
};

/** An object an entry names (a user, a device). */
export interface AdminTarget {
  id: string;
  name: string;
  type: string;
}

/** What an operation tells the log. */
export interface AdminAction {
  activity: AdminActivity;
  /** The access ID of the key the call was signed with. */
  admin: string;
  message: string;
  target?: AdminTarget | undefined;
  second?: AdminTarget | undefined;
}

/**
 * An entry as the log keeps it: one recorded here is kept as the action and its number and time, and made into the
 * vendor's 23 fields only when read (a write is on the request path, reads are rare); an imported one whole.
 */
type Kept = AdminLogEntry | { seq: number; timeMs: number; action: AdminAction };

/** The UTF-8 bytes of a string field in an entry's JSON beyond those of `null` (a target left out). */
const fieldBytes = (text: string | undefined): number => (text === undefined ? 0 : utf8Length(text) - 2);
/** The same for a target's three fields. */
const targetBytes = (target: AdminTarget | undefined): number =>
  target === undefined ? 0 : fieldBytes(target.id) + fieldBytes(target.name) + fieldBytes(target.type);

/**
 * The largest admin log a tenant keeps, in bytes of its entries' JSON with their strings counted unescaped (chosen;
 * the oldest go first).
 */
export const ADMIN_LOG_MAX_BYTES = 2 * 1024 * 1024;

/** Who the tenant is, for the fields every entry repeats. */
export interface LogIdentity {
  customerName: string;
  seed: number;
}

/** A tenant's admin log. */
export class AdminLog {
  readonly #log: TimedLog<Kept>;
  readonly #identity: LogIdentity;
  /** The customerId every entry repeats, hashed once. */
  readonly #customerId: number;
  /** The JSON bytes of an entry whose variable strings are all empty and whose targets are null. */
  readonly #skeletonBytes: number;
  #seq = 0;

  constructor(identity: LogIdentity, maxBytes = ADMIN_LOG_MAX_BYTES, entries: readonly AdminLogEntry[] = []) {
    this.#identity = identity;
    this.#customerId = hashString(identity.customerName) % 1_000_000;
    this.#log = new TimedLog(maxBytes);
    const skeleton = this.#entryOf({
      seq: 0,
      timeMs: 0,
      action: { activity: '' as AdminActivity, admin: '', message: '' },
    });
    // Every activity code has four digits; `undefined` would leave the field out of the JSON.
    this.#skeletonBytes = utf8Length(JSON.stringify({ ...skeleton, activityCode: 1000 }));
    for (const entry of entries) this.#log.push(Date.parse(entry.eventLogDate), { ...entry });
    this.#seq = entries.length;
  }

  /**
   * Records an action at `nowMs`; its id is drawn from the seed and the entry's number, so it is reproducible. It
   * counts against the bound the bytes of the JSON it reads back as (strings counted unescaped), computed from the
   * strings alone.
   */
  record(action: AdminAction, nowMs: number): void {
    this.#seq++;
    const bytes =
      this.#skeletonBytes +
      utf8Length(action.admin) +
      utf8Length(action.activity) +
      utf8Length(action.message) +
      targetBytes(action.target) +
      targetBytes(action.second);
    this.#log.push(nowMs, { seq: this.#seq, timeMs: nowMs, action }, bytes);
  }

  /** An entry in the vendor's shape. */
  #entryOf(kept: Kept): AdminLogEntry {
    if (!('action' in kept)) return { ...kept };
    const { action } = kept;
    return {
      eventId: createRandom(hashString(`admin-log:${kept.seq}`, this.#identity.seed >>> 0)).uuid(),
      eventLogDate: formatTimestamp(kept.timeMs),
      eventType: 'ADMIN_ACTIVITY',
      serverURL: null,
      serverIPAddress: null,
      application: 'Cloud Administration REST API',
      customerId: this.#customerId,
      customerName: this.#identity.customerName,
      sourceIPAddress: null,
      adminUserName: action.admin,
      adminUserRole: 'SUPER_ADMIN',
      activityKey: action.activity,
      activityCode: ACTIVITY_CODES[action.activity],
      result: 'SUCCESS',
      reasonKey: null,
      message: action.message,
      requiresPublish: false,
      targetObject1Id: action.target?.id ?? null,
      targetObject1Name: action.target?.name ?? null,
      targetObject1Type: action.target?.type ?? null,
      targetObject2Id: action.second?.id ?? null,
      targetObject2Name: action.second?.name ?? null,
      targetObject2Type: action.second?.type ?? null,
    };
  }

  /** One page of the entries in a window, oldest first. */
  page(window: TimeWindow, pageNumber: number, pageSize: number): LogPage<AdminLogEntry> {
    const page = pageOf(this.#log.within(window), pageNumber, pageSize);
    return { ...page, items: page.items.map((kept) => this.#entryOf(kept)) };
  }

  /** How many entries the log holds. */
  get size(): number {
    return this.#log.size;
  }

  /** How many bytes the entries count against the bound. */
  get bytes(): number {
    return this.#log.bytes;
  }

  /** Every entry, oldest recorded first, for a tenant's exported state. */
  entries(): AdminLogEntry[] {
    return this.#log.values().map((kept) => this.#entryOf(kept));
  }
}
