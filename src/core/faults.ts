/** Fault injection: latency, forced statuses and network errors, per operation, for a count or every Nth call. */
import type { components } from '../generated/control-plane.js';
import { ControlError } from './http-error.js';
import type { Random } from './random.js';

/** A fault a scenario declares, or a test sets at runtime: the control-plane contract's `Fault`. */
export type FaultSpec = components['schemas']['Fault'];

/** What the matching faults do to one request. */
export interface FaultEffect {
  delayMs?: number;
  status?: number;
  description?: string;
  networkError?: 'error' | 'reset';
}

interface ActiveFault {
  spec: FaultSpec;
  /** Matching calls seen since the fault was added. */
  seen: number;
  /** Calls it applied to. */
  applied: number;
}

/** The faults of one tenant. */
export interface FaultTable {
  /** Adds a fault; it applies to the calls that follow. */
  add(spec: FaultSpec): void;
  /** Removes every fault. */
  clear(): void;
  /** Removes the fault at `index` (its place in `list()`); false when there is none there. */
  remove(index: number): boolean;
  /** The faults in force, as given. */
  list(): FaultSpec[];
  /** The effect for the next call of `operationId`, counting the call. */
  next(operationId: string, random: Random): FaultEffect | undefined;
}

/** What the schema cannot check: a latency range must not run backwards. Undefined when the fault is sound. */
export function faultProblem(spec: FaultSpec): string | undefined {
  if (Array.isArray(spec.latencyMs) && spec.latencyMs[0] > spec.latencyMs[1]) {
    return `Failed to add the fault for ${spec.operationId}: latencyMs [${spec.latencyMs.join(', ')}] runs backwards. Give [min, max].`;
  }
  return undefined;
}

/** Whether a fault applies to this call; the call is counted either way. */
function fires(fault: ActiveFault): boolean {
  const { spec } = fault;
  fault.seen += 1;
  if (spec.everyNth !== undefined && fault.seen % spec.everyNth !== 0) return false;
  if (spec.times !== undefined && fault.applied >= spec.times) return false;
  fault.applied += 1;
  return true;
}

/** The most faults in force at once: each POST /__fake/faults answers the whole list, so it stays short. */
export const MAX_FAULTS = 100;

/**
 * Creates a fault table, optionally with a scenario's faults. Every matching fault counts every call (so
 * `everyNth` and `times` count the operation's calls, whatever other faults do); the effects of the faults that
 * fire combine: their latencies add up, and the first forced status or network error wins.
 * @example createFaultTable([{ operationId: 'lookupUser', status: 500, times: 2 }])
 */
export function createFaultTable(initial: FaultSpec[] = []): FaultTable {
  let faults: ActiveFault[] = [];
  const add = (spec: FaultSpec): void => {
    const problem = faultProblem(spec);
    if (problem !== undefined) throw new ControlError(problem);
    if (faults.length >= MAX_FAULTS)
      throw new ControlError(
        `Failed to add the fault: ${MAX_FAULTS} faults are in force, the most there can be. Clear them first.`,
      );
    faults.push({ spec: structuredClone(spec), seen: 0, applied: 0 });
  };
  initial.forEach(add);
  return {
    add,
    clear: () => void (faults = []),
    remove: (index) => index < faults.length && faults.splice(index, 1).length === 1,
    list: () => faults.map((fault) => structuredClone(fault.spec)),
    next(operationId, random) {
      if (faults.length === 0) return undefined;
      let effect: FaultEffect | undefined;
      for (const fault of faults) {
        const { spec } = fault;
        if (spec.operationId !== '*' && spec.operationId !== operationId) continue;
        if (!fires(fault)) continue;
        effect ??= {};
        if (spec.latencyMs !== undefined) {
          const delay = Array.isArray(spec.latencyMs)
            ? spec.latencyMs[0] + Math.floor(random.next() * (spec.latencyMs[1] - spec.latencyMs[0] + 1))
            : spec.latencyMs;
          effect.delayMs = (effect.delayMs ?? 0) + delay;
        }
        if (effect.status !== undefined || effect.networkError !== undefined) continue;
        if (spec.networkError !== undefined) effect.networkError = spec.networkError;
        else if (spec.status !== undefined) {
          effect.status = spec.status;
          if (spec.description !== undefined) effect.description = spec.description;
        }
      }
      // A fault that applied all its `times` is spent: it is dropped, so faults do not pile up.
      faults = faults.filter((fault) => fault.spec.times === undefined || fault.applied < fault.spec.times);
      return effect;
    },
  };
}
