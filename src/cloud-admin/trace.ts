/** The decision trace of a vendor request: what each step of the pipeline decided, in the words a person reads. */
import type { components } from '../generated/control-plane.js';
import { formatTimestamp } from '../core/clock.js';
import type { FaultEffect } from '../core/faults.js';
import type { UserRecord } from '../domain/user-store.js';

/** Why a response is what it is (openapi/control-plane.yaml, DecisionTrace). */
export type DecisionTrace = components['schemas']['DecisionTrace'];

// The parts most requests' traces share, made once and frozen: a trace is kept in the journal for each request.
const ROUTE_MATCHED: DecisionTrace['route'] = Object.freeze({ matched: true, reason: null });
/** A token that was accepted (shared, frozen). */
export const TOKEN_ACCEPTED: NonNullable<DecisionTrace['token']> = Object.freeze({ verdict: 'accepted', reason: null });
/** A body that passed its checks (shared, frozen). */
export const BODY_VALID: NonNullable<DecisionTrace['validation']> = Object.freeze({ ok: true, reason: null });

/**
 * No change (shared, frozen, like the other shared parts above: a journal entry's trace is read, not written): most
 * requests change no user, and the pipeline replaces the list when one does.
 */
const NO_CHANGES: DecisionTrace['changed'] = Object.freeze([]) as unknown as string[];

/** A trace with nothing decided yet but the scenario. */
export const startTrace = (scenario: string): DecisionTrace => ({
  scenario,
  route: ROUTE_MATCHED,
  token: null,
  throttle: null,
  fault: null,
  validation: null,
  changed: NO_CHANGES,
});

/** A fault's effect in a few words, as X-Fake-Fault sends it (e.g. `status 503; latency 200 ms`). */
export function describeFault(fault: FaultEffect): string {
  const parts: string[] = [];
  if (fault.networkError !== undefined) parts.push(`network ${fault.networkError}`);
  if (fault.status !== undefined) parts.push(`status ${fault.status}`);
  if (fault.delayMs) parts.push(`latency ${fault.delayMs} ms`);
  return parts.join('; ');
}

/** The parts of a user a vendor operation can change. */
export interface UserSnapshot {
  id: string;
  email: string;
  userStatus: string;
  eacId: string | null;
  expiresAt: number | null;
}

/** What of a user the trace compares before and after an operation. */
export const snapshotOf = (user: UserRecord | undefined): UserSnapshot | undefined => {
  if (!user) return undefined;
  // A disabled code keeps only its offline half: online, the user has no code.
  const online = user.eac?.disabledAt === undefined ? user.eac : null;
  return {
    id: user.id,
    email: user.email,
    userStatus: user.userStatus,
    eacId: online?.id ?? null,
    expiresAt: online?.expiresAt ?? null,
  };
};

/** One line per change between two snapshots of the same user. */
export function changesOf(before: UserSnapshot | undefined, after: UserSnapshot | undefined): string[] {
  if (!before || !after) return NO_CHANGES;
  if (before.userStatus === after.userStatus && before.eacId === after.eacId) return NO_CHANGES;
  const changes: string[] = [];
  if (before.userStatus !== after.userStatus) {
    changes.push(`user ${after.email}: userStatus ${before.userStatus} -> ${after.userStatus}`);
  }
  if (before.eacId !== after.eacId) {
    const expiry = after.expiresAt === null ? '' : ` (expires ${formatTimestamp(after.expiresAt)})`;
    // A template: the journal flattens the line when it counts its bytes.
    changes.push(`user ${after.email}: emergency code ${before.eacId ?? 'none'} -> ${after.eacId ?? 'none'}${expiry}`);
  }
  return changes;
}
