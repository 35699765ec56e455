/**
 * The admin log: what the fake's own admin operations did, each at the tenant's clock reading, bounded in bytes
 * (oldest dropped first), read back one zero-based page of a time window at a time.
 */
import type { components } from '../generated/cloud-admin.js';
import { formatTimestamp } from '../core/clock.js';
import { createRandom, hashString } from '../core/random.js';
import { RepeatedText } from '../core/repeated-text.js';
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

/** An action as the log keeps it: in one object, where an action's targets are objects of their own. */
interface KeptAction {
  activity: AdminActivity;
  admin: string;
  message: string;
  targetId: string | null;
  targetName: string | null;
  targetType: string | null;
  secondId: string | null;
  secondName: string | null;
  secondType: string | null;
}

/**
 * An entry as the log keeps it: one recorded here as its action (the log keeps its number and time beside it), made
 * into the vendor's 23 fields only when read (a write is on the request path, reads are rare); an imported one whole.
 * The log holds thousands, one more per request that changes something: each object less is one less for the
 * garbage collector to copy while the entry is young.
 */
type Kept = AdminLogEntry | KeptAction;

const keptAction = ({ activity, admin, message, target, second }: AdminAction): KeptAction => ({
  activity,
  admin,
  message,
  targetId: target?.id ?? null,
  targetName: target?.name ?? null,
  targetType: target?.type ?? null,
  secondId: second?.id ?? null,
  secondName: second?.name ?? null,
  secondType: second?.type ?? null,
});

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
  // The admin of the last entry: a tenant's entries name one access ID, counted once.
  readonly #lastAdmin = new RepeatedText();

  constructor(identity: LogIdentity, maxBytes = ADMIN_LOG_MAX_BYTES, entries: readonly AdminLogEntry[] = []) {
    this.#identity = identity;
    this.#customerId = hashString(identity.customerName) % 1_000_000;
    this.#log = new TimedLog(maxBytes);
    const skeleton = this.#entryOf(keptAction({ activity: '' as AdminActivity, admin: '', message: '' }), 0, 0);
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
      this.#lastAdmin.bytesOf(action.admin) +
      // An activity key is one of ACTIVITY_CODES' names, all ASCII: a character each.
      action.activity.length +
      utf8Length(action.message) +
      targetBytes(action.target) +
      targetBytes(action.second);
    this.#log.push(nowMs, keptAction(action), bytes, this.#seq);
  }

  /** An entry in the vendor's shape, from what the log keeps of it, its time and its number. */
  #entryOf(kept: Kept, timeMs: number, seq: number): AdminLogEntry {
    if (!('activity' in kept)) return { ...kept };
    const action = kept;
    return {
      eventId: createRandom(hashString(`admin-log:${seq}`, this.#identity.seed >>> 0)).uuid(),
      eventLogDate: formatTimestamp(timeMs),
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
      targetObject1Id: action.targetId,
      targetObject1Name: action.targetName,
      targetObject1Type: action.targetType,
      targetObject2Id: action.secondId,
      targetObject2Name: action.secondName,
      targetObject2Type: action.secondType,
    };
  }

  /** One page of the entries in a window, oldest first. */
  page(window: TimeWindow, pageNumber: number, pageSize: number): LogPage<AdminLogEntry> {
    // Only the page's entries are made into the vendor's shape.
    const page = pageOf(
      this.#log.within(window, (kept, timeMs, seq) => [kept, timeMs, seq] as const),
      pageNumber,
      pageSize,
    );
    return { ...page, items: page.items.map(([kept, timeMs, seq]) => this.#entryOf(kept, timeMs, seq)) };
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
    return this.#log.values((kept, timeMs, seq) => this.#entryOf(kept, timeMs, seq));
  }
}
