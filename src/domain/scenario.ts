/** Scenarios: named worlds as plain JSON data, validated against scenarios/scenario.schema.json. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import type { EacSettings } from './company-settings.js';
import type { ThrottleLimit } from '../core/throttle.js';
import type { UserStatus } from './user-store.js';

/** A user a scenario names explicitly. */
export interface ScenarioUser {
  email: string;
  firstName: string;
  lastName: string;
  userStatus?: UserStatus;
  highRiskUser?: boolean;
}

/** A fault a scenario declares, or a test sets at runtime (see the README's Faults section). */
export interface FaultSpec {
  /** The operation it applies to, or `*` for all. */
  operationId: string;
  /** A fixed latency, or a [min, max] range drawn from the seeded source. */
  latencyMs?: number | [number, number];
  /** A forced status, answered with the vendor body. */
  status?: number;
  /** The description for a forced status (default: the vendor's text for that status). */
  description?: string;
  /** Fail the connection instead of answering. */
  networkError?: 'error' | 'reset';
  /** Apply to the next N matching calls only. */
  times?: number;
  /** Apply to every Nth matching call only. */
  everyNth?: number;
}

/** A named world. */
export interface Scenario {
  name: string;
  description: string;
  customerName?: string;
  identitySource?: string;
  eacSettings?: Partial<EacSettings>;
  throttle?: ThrottleLimit;
  seededUsers?: number;
  users?: ScenarioUser[];
  faults?: FaultSpec[];
}

const SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** The built-in scenarios, listed explicitly; each is `scenarios/<name>.json`. */
export const BUILT_IN_SCENARIOS = ['default', 'user-disabled', 'user-missing', 'eac-locked', 'throttled'] as const;

let validator: ValidateFunction | undefined;
function scenarioValidator(): ValidateFunction {
  if (!validator) {
    // validateSchema off: the schema is ours and fixed; meta-validating it would cost every start about 35 ms.
    const ajv = new Ajv2020Module.default({ allErrors: false, strict: true, validateSchema: false });
    validator = ajv.compile(JSON.parse(readFileSync(join(SCENARIO_DIR, 'scenario.schema.json'), 'utf8')) as object);
  }
  return validator;
}

/** Checks that `value` is a scenario, or throws an error naming the source, the field and the reason. */
export function validateScenario(value: unknown, source: string): Scenario {
  const validate = scenarioValidator();
  if (!validate(value)) {
    const first = validate.errors?.[0];
    const field = first?.instancePath ? first.instancePath.slice(1).replace(/\//g, '.') : '(the top level)';
    const params = (first?.params ?? {}) as { additionalProperty?: unknown; allowedValues?: unknown[] };
    const extra =
      params.additionalProperty !== undefined
        ? ` "${String(params.additionalProperty)}"`
        : params.allowedValues !== undefined
          ? ` (${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')})`
          : '';
    throw new ScenarioError(`Failed to load scenario ${source}: ${field} ${first?.message ?? 'is invalid'}${extra}.`);
  }
  return value as Scenario;
}

/** A scenario that could not be read or is not valid; its message names the file, the field and the reason. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

/** Reads and validates one scenario file. */
export function loadScenarioFile(path: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(`Failed to load scenario ${path}: ${(error as Error).message}.`);
  }
  return validateScenario(raw, path);
}

/** Reads every `*.json` scenario in a folder (the schema file excepted). */
export function loadScenarioDir(dir: string): Scenario[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new ScenarioError(`Failed to read scenarios from ${dir}: ${(error as Error).message}.`);
  }
  return names
    .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
    .sort()
    .map((name) => loadScenarioFile(join(dir, name)));
}

/** Loads the built-in scenarios. */
export function loadBuiltInScenarios(): Scenario[] {
  // Not validated at runtime: compiling the scenario schema would cost tens of ms of every start, and the
  // built-in files are validated by the test suite (test/scenarios.test.ts) instead.
  return BUILT_IN_SCENARIOS.map(
    (name) => JSON.parse(readFileSync(join(SCENARIO_DIR, `${name}.json`), 'utf8')) as Scenario,
  );
}
