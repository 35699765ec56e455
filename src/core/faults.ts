/** Fault injection: latency, forced statuses and network errors, per operation, for a count or every Nth call. */
import type { FaultSpec } from '../domain/scenario.js';
import type { Random } from './random.js';

/** What a matching fault does to one request. */
export interface FaultEffect {
  delayMs?: number;
  status?: number;
  description?: string;
  networkError?: 'error' | 'reset';
}

interface ActiveFault {
  spec: FaultSpec;
  seen: number;
  applied: number;
}

/** The faults of one tenant. */
export interface FaultTable {
  /** Adds a fault; it applies to the calls that follow. */
  add(spec: FaultSpec): void;
  /** Removes every fault. */
  clear(): void;
  /** The faults in force, as given. */
  list(): FaultSpec[];
  /** The effect for the next call of `operationId`, counting the call. */
  next(operationId: string, random: Random): FaultEffect | undefined;
}

/** Creates a fault table, optionally with a scenario's faults. */
export function createFaultTable(initial: FaultSpec[] = []): FaultTable {
  let faults: ActiveFault[] = initial.map((spec) => ({ spec, seen: 0, applied: 0 }));
  return {
    add: (spec) => void faults.push({ spec, seen: 0, applied: 0 }),
    clear: () => void (faults = []),
    list: () => faults.map((fault) => fault.spec),
    next(operationId, random) {
      if (faults.length === 0) return undefined;
      for (const fault of faults) {
        const { spec } = fault;
        if (spec.operationId !== '*' && spec.operationId !== operationId) continue;
        fault.seen += 1;
        if (spec.everyNth !== undefined && fault.seen % spec.everyNth !== 0) continue;
        if (spec.times !== undefined && fault.applied >= spec.times) continue;
        fault.applied += 1;
        const effect: FaultEffect = {};
        if (spec.latencyMs !== undefined) {
          effect.delayMs = Array.isArray(spec.latencyMs)
            ? spec.latencyMs[0] + Math.floor(random.next() * (spec.latencyMs[1] - spec.latencyMs[0] + 1))
            : spec.latencyMs;
        }
        if (spec.status !== undefined) effect.status = spec.status;
        if (spec.description !== undefined) effect.description = spec.description;
        if (spec.networkError !== undefined) effect.networkError = spec.networkError;
        return effect;
      }
      return undefined;
    },
  };
}
