/**
 * The user event log: seeded events of a tenant's first users and events a test adds through the control plane,
 * kept 40 days by the tenant's clock (D-UEL) and bounded in bytes, read back one page of a time window at a time.
 */
import type { components } from '../generated/cloud-admin.js';
import type { components as ControlComponents } from '../generated/control-plane.js';
import { formatTimestamp } from '../core/clock.js';
import { createRandom, hashString, type Random } from '../core/random.js';
import { pageOf, TimedLog, type LogPage, type TimeWindow } from './timed-log.js';
import type { UserRecord } from './user-store.js';

/** One event, as User Event Log export returns it. */
export type UserEventLogEntry = components['schemas']['UserEventLogEntry'];

/** An event a test adds through the control plane (only the email is required). */
export type UserEventInput = ControlComponents['schemas']['UserEventInput'];

/** How long events are kept, by the tenant's clock (D-UEL: 40 days). */
export const USER_EVENT_RETENTION_MS = 40 * 86_400_000;

/** The largest user event log a tenant keeps, in bytes of its events' JSON (chosen; the oldest go first). */
export const USER_EVENT_LOG_MAX_BYTES = 4 * 1024 * 1024;

/** How many of a tenant's users get seeded events (the first ones, in the world's order). */
export const SEEDED_EVENT_USERS = 20;

const HOUR_MS = 3_600_000;

/** Who the tenant is, for the fields every event repeats. */
export interface EventIdentity {
  customerName: string;
  /** Reported as `tenantId`. */
  tenantId: string;
  seed: number;
}

/** What one event says, before the fields every event shares are added. */
type EventFields = Omit<UserEventLogEntry, 'eventId' | 'eventLogDate' | 'tenantId' | 'customerName' | 'userId'>;

/** A successful authentication: the fields an added event takes when it leaves them out. */
const SUCCESS: EventFields = {
  eventType: 'AUTHENTICATION',
  eventLevel: 'INFO',
  eventCategory: 'AUTHENTICATION',
  serverIPAddress: null,
  sourceIPAddress: null,
  eventCode: 'AUTHN_SUCCESS',
  eventDescription: 'User authenticated successfully.',
  application: null,
  method: null,
  deviceName: null,
  deviceId: null,
  policyId: null,
  policyName: null,
  authenticationDetails: null,
  assuranceLevel: null,
  verboseFlag: null,
  userActivityId: null,
  transactionId: null,
};

const FAILURE: Partial<EventFields> = {
  eventLevel: 'WARN',
  eventCode: 'AUTHN_FAILURE',
  eventDescription: 'User authentication failed.',
};
const METHODS = ['APPROVE', 'TOKEN', 'BIOMETRICS', 'FIDO', 'SMS'];
const APPLICATIONS = ['Corporate Portal', 'VPN', 'Workday', 'Salesforce'];

/** A tenant's user event log. */
export class UserEventLog {
  readonly #log: TimedLog<UserEventLogEntry>;
  readonly #identity: EventIdentity;
  readonly #random: Random;
  /** What seed() was given, until the log is first used. */
  #pending: { userIds: string[]; nowMs: number } | undefined;

  constructor(
    identity: EventIdentity,
    maxBytes = USER_EVENT_LOG_MAX_BYTES,
    entries: readonly UserEventLogEntry[] = [],
  ) {
    this.#identity = identity;
    this.#log = new TimedLog(maxBytes);
    this.#random = createRandom(hashString(`user-events:${entries.length}`, identity.seed >>> 0));
    for (const entry of entries) this.#log.push(Date.parse(entry.eventLogDate), { ...entry });
  }

  /**
   * Seeds the events of the first SEEDED_EVENT_USERS users over the day before `nowMs`: one to three
   * authentications each, some failed. The same seed and users give the same events (times move with `nowMs`).
   * The events are made when the log is first used: they cost about as much as the rest of a new tenant, and most
   * tenants never read them; only the users' ids and `nowMs` are kept until then, so the events are the same.
   */
  seed(users: Iterable<UserRecord>, nowMs: number): void {
    const userIds: string[] = [];
    for (const user of users) {
      if (userIds.length >= SEEDED_EVENT_USERS) break;
      userIds.push(user.id);
    }
    this.#pending = { userIds, nowMs };
  }

  /** Makes the events seed() stands for, before anything reads or adds to the log. */
  #seedPending(): void {
    if (!this.#pending) return;
    const { userIds, nowMs } = this.#pending;
    this.#pending = undefined;
    const random = createRandom(hashString('seeded-user-events', this.#identity.seed >>> 0));
    const events: { timeMs: number; userId: string; fields: Partial<EventFields> }[] = [];
    for (const userId of userIds) {
      const n = 1 + Math.floor(random.next() * 3);
      for (let i = 0; i < n; i++) {
        const failed = random.next() < 0.2;
        events.push({
          timeMs: nowMs - 1 - Math.floor(random.next() * 24 * HOUR_MS),
          userId,
          fields: {
            ...(failed ? FAILURE : {}),
            method: METHODS[Math.floor(random.next() * METHODS.length)] ?? null,
            application: APPLICATIONS[Math.floor(random.next() * APPLICATIONS.length)] ?? null,
          },
        });
      }
    }
    events.sort((a, b) => a.timeMs - b.timeMs);
    for (const event of events) this.#push(event.userId, event.timeMs, event.fields, random);
  }

  /** Adds events for users already resolved (the caller checks every email first, so adding cannot fail). */
  add(items: readonly { user: UserRecord; timeMs: number; input: UserEventInput }[]): UserEventLogEntry[] {
    this.#seedPending();
    return items.map(({ user, timeMs, input }) => {
      const fields: Partial<EventFields> = { ...input };
      // The email and time said who and when; they are not fields of the event.
      delete (fields as Partial<UserEventInput>).email;
      delete (fields as Partial<UserEventInput>).time;
      return this.#push(user.id, timeMs, fields, this.#random);
    });
  }

  /** Drops the events older than 40 days at `nowMs`. */
  expire(nowMs: number): void {
    this.#seedPending();
    this.#log.dropBefore(nowMs - USER_EVENT_RETENTION_MS);
  }

  /** One page of the events in a window (after expiring old ones), oldest first. */
  page(window: TimeWindow, pageNumber: number, pageSize: number, nowMs: number): LogPage<UserEventLogEntry> {
    this.expire(nowMs);
    return pageOf(this.#log.within(window), pageNumber, pageSize);
  }

  /** How many events the log holds. */
  get size(): number {
    this.#seedPending();
    return this.#log.size;
  }

  /** How many bytes of JSON the events take. */
  get bytes(): number {
    this.#seedPending();
    return this.#log.bytes;
  }

  /** Every event, in recording order, for a tenant's exported state. */
  entries(): UserEventLogEntry[] {
    this.#seedPending();
    return this.#log.values().map((entry) => ({ ...entry }));
  }

  #push(userId: string, timeMs: number, fields: Partial<EventFields>, random: Random): UserEventLogEntry {
    const entry: UserEventLogEntry = {
      eventId: random.uuid(),
      eventLogDate: formatTimestamp(timeMs),
      tenantId: this.#identity.tenantId,
      customerName: this.#identity.customerName,
      userId,
      ...SUCCESS,
      ...fields,
    };
    this.#log.push(timeMs, entry);
    return entry;
  }
}
