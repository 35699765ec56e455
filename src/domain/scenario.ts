/**
 * Scenarios: named worlds as plain JSON data, validated against scenarios/scenario.schema.json, which takes company
 * settings, the throttle limit and faults from the control-plane contract.
 */
import type { components } from '../generated/control-plane.js';
import { BUILT_IN_SCENARIOS_JSON, SCENARIO_SCHEMA_JSON } from '../generated/scenarios.js';
import { loadControlContract } from '../core/contract.js';
import { explainSchemaFailure } from '../core/schema-failure.js';
import { faultProblem, type FaultSpec } from '../core/faults.js';
import { HttpError } from '../core/http-error.js';
import { createAjv, type Validator } from '../core/validate.js';
import { DEFAULT_EAC_SETTINGS, settingsProblem } from './company-settings.js';
import type { UserStatus } from './user-store.js';

/** A user a scenario names explicitly (defined by scenarios/scenario.schema.json alone). */
export interface ScenarioUser {
  email: string;
  firstName: string;
  lastName: string;
  userStatus?: UserStatus;
  highRiskUser?: boolean;
  /** Marked deleted when the world is built (purged 7 days later by the clock). */
  markDeleted?: boolean;
}

export type { FaultSpec };

/** A named world; scenarios/scenario.schema.json describes it, with settings, throttle and faults from the contract. */
export interface Scenario {
  name: string;
  description: string;
  customerName?: string;
  identitySource?: string;
  /** Changes to the default settings; with them they make valid `EacSettings`. */
  eacSettings?: components['schemas']['EacSettingsFields'];
  throttle?: components['schemas']['Throttle'];
  seededUsers?: number;
  users?: ScenarioUser[];
  faults?: FaultSpec[];
}

/**
 * The id the scenario schema's references resolve to: its own `$id` mirrors the package layout, so
 * `../openapi/control-plane.yaml` names this id for ajv and the real file for editors.
 */
const CONTROL_PLANE_ID = 'https://cloud-admin-fake.local/openapi/control-plane.yaml';

/** The built-in scenarios, listed explicitly; each is `scenarios/<name>.json`. */
export const BUILT_IN_SCENARIOS = [
  'default',
  'user-disabled',
  'user-missing',
  'eac-locked',
  'throttled',
  'user-marked-deleted',
  'high-risk-user',
] as const;

/** A built-in scenario's name: scenario parameters take this union (plus your own scenarios' names), not any string. */
export type BuiltInScenarioName = (typeof BUILT_IN_SCENARIOS)[number];

let validator: Validator | undefined;
function scenarioValidator(): Validator {
  if (!validator) {
    // The contracts' own ajv configuration, so shared schemas mean the same in both.
    const ajv = createAjv();
    // Only the components are registered: the rest of an OpenAPI document is not JSON Schema.
    ajv.addSchema({ $id: CONTROL_PLANE_ID, components: loadControlContract().spec.components });
    validator = ajv.compile(JSON.parse(SCENARIO_SCHEMA_JSON) as object);
  }
  return validator;
}

/** Where a JSON pointer points, in the dotted form scenario errors use. */
const fieldOf = (pointer: string): string => (pointer ? pointer.slice(1).replace(/\//g, '.') : '(the top level)');

/** Says which field of a scenario fails its schema and why. */
function schemaFailure(validate: Validator): string {
  const failure = explainSchemaFailure(validate.errors, { rules: loadControlContract().spec, detail: true });
  return `${fieldOf(failure.instancePath)} ${failure.text}`;
}

/** Says what a schema-valid scenario still gets wrong: a repeated email, a broken settings rule, a bad fault. */
function semanticFailure(scenario: Scenario): string | undefined {
  const seen = new Map<string, number>();
  for (const [index, user] of (scenario.users ?? []).entries()) {
    const email = user.email.toLowerCase();
    const first = seen.get(email);
    if (first !== undefined) {
      return `users.${index}.email ${JSON.stringify(user.email)} repeats users.${first}.email; emails are unique, whatever their case`;
    }
    seen.set(email, index);
  }
  if (scenario.eacSettings !== undefined) {
    const problem = settingsProblem({ ...DEFAULT_EAC_SETTINGS, ...scenario.eacSettings }, scenario.eacSettings);
    if (problem) return `eacSettings.${problem.field} ${problem.reason}`;
  }
  for (const [index, fault] of (scenario.faults ?? []).entries()) {
    const problem = faultProblem(fault);
    if (problem !== undefined) return `faults.${index} cannot be added: ${problem.replace(/\.$/, '')}`;
  }
  return undefined;
}

/**
 * Checks that `value` is a scenario, or throws a ScenarioError naming the source, the field and the reason: the
 * schema first, then what it cannot say (users with one email, settings whose expiry breaks the rule only together
 * with the defaults, a latency range that runs backwards).
 */
export function validateScenario(value: unknown, source: string): Scenario {
  const validate = scenarioValidator();
  const failure = validate(value) ? semanticFailure(value as Scenario) : schemaFailure(validate);
  if (failure !== undefined) throw new ScenarioError(`Failed to load scenario ${source}: ${failure}.`);
  return value as Scenario;
}

/**
 * A scenario that could not be read, found or built, or is not valid; its message names the source, the field and
 * the reason. The control plane answers 400 (404 for an unknown name).
 */
export class ScenarioError extends HttpError {
  override name = 'ScenarioError';
}

/** A scenario name the fake does not know; the control plane answers 404. */
export class UnknownScenarioError extends ScenarioError {
  override name = 'UnknownScenarioError';
  constructor(name: string, known: readonly string[]) {
    super(`Failed to find scenario "${name}". Known scenarios: ${known.join(', ')}.`, 404);
  }
}

/** Loads the built-in scenarios. */
export function loadBuiltInScenarios(): Scenario[] {
  // Not validated at runtime: compiling the scenario schema would cost tens of ms of every start, and the
  // built-in files are validated by the test suite (test/scenarios.test.ts) instead. Bundled at build time
  // (src/generated/scenarios.ts), so no file is read; parsed afresh, so no two fakes share a scenario object.
  const all = JSON.parse(BUILT_IN_SCENARIOS_JSON) as Record<string, Scenario>;
  return BUILT_IN_SCENARIOS.map((name) => {
    const scenario = all[name];
    if (!scenario) throw new Error(`Failed to find the built-in scenario ${name}: run npm run generate.`);
    return scenario;
  });
}
