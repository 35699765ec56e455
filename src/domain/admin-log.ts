/**
 * The admin log: what the fake's own admin operations did, each at the tenant's clock reading, bounded in bytes
 * (oldest dropped first), read back one zero-based page of a time window at a time.
 */
import type { components } from '../generated/cloud-admin.js';
import { formatTimestamp } from '../core/clock.js';
import { createRandom, hashString } from '../core/random.js';
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

/** What an operation tells the log. */
export interface AdminAction {
  activity: AdminActivity;
  /** The access ID of the key the call was signed with. */
  admin: string;
  message: string;
  target?: { id: string; name: string; type: string };
  second?: { id: string; name: string; type: string };
}

/** The largest admin log a tenant keeps, in bytes of its entries' JSON (chosen; the oldest go first). */
export const ADMIN_LOG_MAX_BYTES = 2 * 1024 * 1024;

/** Who the tenant is, for the fields every entry repeats. */
export interface LogIdentity {
  customerName: string;
  seed: number;
}

/** A tenant's admin log. */
export class AdminLog {
  readonly #log: TimedLog<AdminLogEntry>;
  readonly #identity: LogIdentity;
  /** The customerId every entry repeats, hashed once. */
  readonly #customerId: number;
  #seq = 0;

  constructor(identity: LogIdentity, maxBytes = ADMIN_LOG_MAX_BYTES, entries: readonly AdminLogEntry[] = []) {
    this.#identity = identity;
    this.#customerId = hashString(identity.customerName) % 1_000_000;
    this.#log = new TimedLog(maxBytes);
    for (const entry of entries) this.#log.push(Date.parse(entry.eventLogDate), { ...entry });
    this.#seq = entries.length;
  }

  /** Records an action at `nowMs`; its id is drawn from the seed and the entry's number, so it is reproducible. */
  record(action: AdminAction, nowMs: number): AdminLogEntry {
    this.#seq++;
    const entry: AdminLogEntry = {
      eventId: createRandom(hashString(`admin-log:${this.#seq}`, this.#identity.seed >>> 0)).uuid(),
      eventLogDate: formatTimestamp(nowMs),
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
    this.#log.push(nowMs, entry);
    return entry;
  }

  /** One page of the entries in a window, oldest first. */
  page(window: TimeWindow, pageNumber: number, pageSize: number): LogPage<AdminLogEntry> {
    return pageOf(this.#log.within(window), pageNumber, pageSize);
  }

  /** How many entries the log holds. */
  get size(): number {
    return this.#log.size;
  }

  /** Every entry, oldest recorded first, for a tenant's exported state. */
  entries(): AdminLogEntry[] {
    return this.#log.values().map((entry) => ({ ...entry }));
  }
}
