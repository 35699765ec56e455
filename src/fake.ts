/** The fake without a transport: tenants, scenarios and the core, plus the operations of the control plane. */
import { basePathOf, loadSpec } from './core/spec.js';
import { createCore, type Core } from './core/pipeline.js';
import type { CoreRequest, CoreResponse } from './core/http-types.js';
import type { ClockOptions } from './core/clock.js';
import type { JournalEntry, JournalQuery } from './core/journal.js';
import type { ThrottleLimit } from './core/throttle.js';
import { createRandom, hashString } from './core/random.js';
import { loadControlContract } from './core/contract.js';
import { describeFailure, type Validator } from './core/validate.js';
import { brokenRule } from './core/broken-rule.js';
import type { EacSettings, EacSettingsChanges } from './domain/company-settings.js';
import {
  loadBuiltInScenarios,
  validateScenario,
  ScenarioError,
  type FaultSpec,
  type Scenario,
} from './domain/scenario.js';
import { Tenant, type TenantState } from './domain/tenant.js';
import { accessKeyFor, createApiKeyFile, type ApiKeyFile } from './key-file.js';
import { toUserDetails, type UserRecord } from './domain/user-store.js';

/** A scenario name the fake does not know; the control plane answers 404. */
export class UnknownScenarioError extends ScenarioError {
  override name = 'UnknownScenarioError';
}

/** Control input the fake refuses (a bad fault, state or setting); the control plane answers with `status`. */
export class ControlError extends Error {
  override name = 'ControlError';
  /** The HTTP status the control plane answers with. */
  readonly status: 400 | 404;
  constructor(message: string, status: 400 | 404 = 400) {
    super(message);
    this.status = status;
  }
}

/** Where the in-process fake answers when no baseUrl is given: the vendor's host shape, under a tenant name. */
export const DEFAULT_BASE_URL = 'https://fake-tenant.access.securid.com';

/** Options shared by both modes. */
export interface FakeOptions {
  /** The scenario to start in: a built-in name, a registered name, or a scenario object. Default `default`. */
  scenario?: string | Scenario;
  /** Fixes the data: the same seed gives the same users, ids and codes. Default 1. */
  seed?: number;
  /** The origin the fake answers on; the key file's adminRestApiUrl lies under it. */
  baseUrl?: string;
  /** An existing key file to accept (its accessID and accessKey); by default one is generated. */
  apiKey?: ApiKeyFile;
  /** More seeded users on top of the scenario's. */
  users?: number;
  /** The clock: the machine's time by default, or a fixed start (frozen unless `frozen: false`). */
  clock?: ClockOptions;
  /** Journal capacity per tenant. Default 1000. */
  journalSize?: number;
  /** Overrides every scenario's throttle limit (`requestsPerSecond: 0` turns throttling off). */
  throttle?: ThrottleLimit;
  /** User-authored scenarios, validated against scenarios/scenario.schema.json. */
  scenarios?: Scenario[];
}

/** Options for one more tenant. */
export interface TenantCreateOptions {
  scenario?: string | Scenario;
  seed?: number;
  users?: number;
  clock?: ClockOptions;
}

/** A fake's tenant as the control plane exposes it. */
export interface TenantHandle {
  readonly accessId: string;
  readonly apiKey: ApiKeyFile;
  readonly tenant: Tenant;
}

/** The `adminRestApiUrl` for an origin: the API base path with a trailing slash, as vendor key files have it. */
export function adminRestApiUrlFor(baseUrl: string): string {
  return `${new URL(baseUrl).origin}${basePathOf(loadSpec())}/`;
}

/** The fake: tenants, scenarios and one core shared by every transport. */
export class FakeCore {
  readonly core: Core;
  readonly baseUrl: string;
  readonly #options: FakeOptions;
  readonly #tenants = new Map<string, Tenant>();
  readonly #scenarios = new Map<string, Scenario>();
  readonly #defaultTenant: Tenant;
  #tenantCount = 0;

  constructor(options: FakeOptions = {}) {
    this.#options = options;
    this.baseUrl = new URL(options.baseUrl ?? DEFAULT_BASE_URL).origin;
    for (const scenario of loadBuiltInScenarios()) this.#scenarios.set(scenario.name, scenario);
    for (const scenario of options.scenarios ?? []) this.registerScenario(scenario);
    if (options.scenario !== undefined && typeof options.scenario !== 'string') this.registerScenario(options.scenario);
    const seed = options.seed ?? 1;
    const apiKey = options.apiKey ?? this.#newKey(seed, 0);
    this.#defaultTenant = this.#addTenant(apiKey, {
      scenario: options.scenario ?? 'default',
      seed,
      ...(options.users !== undefined && { users: options.users }),
      ...(options.clock !== undefined && { clock: options.clock }),
    });
    this.core = createCore({
      get: (accessId) => this.#tenants.get(accessId),
      fallback: () => this.#defaultTenant,
    });
  }

  /** The default tenant's key file: sign tokens with it exactly as for the real tenant. */
  get apiKey(): ApiKeyFile {
    return this.#defaultTenant.apiKey;
  }

  /** The default tenant. */
  get tenant(): Tenant {
    return this.#defaultTenant;
  }

  /** Answers one request (the entry point of every transport). */
  handle(request: CoreRequest): Promise<CoreResponse> {
    return this.core.handle(request);
  }

  /** Adds a user-authored scenario (validated), or replaces one of the same name. */
  registerScenario(scenario: Scenario): void {
    this.#scenarios.set(
      scenario.name,
      validateScenario(scenario, `"${String((scenario as { name?: unknown }).name)}"`),
    );
  }

  /** The scenarios a tenant can switch to. */
  listScenarios(): { name: string; description: string }[] {
    return [...this.#scenarios.values()].map(({ name, description }) => ({ name, description }));
  }

  /** Resolves a scenario name, or throws a ScenarioError naming the known ones. */
  scenario(nameOrScenario: string | Scenario): Scenario {
    if (typeof nameOrScenario !== 'string') return validateScenario(nameOrScenario, `"${nameOrScenario.name}"`);
    const found = this.#scenarios.get(nameOrScenario);
    if (!found) {
      throw new UnknownScenarioError(
        `Failed to find scenario "${nameOrScenario}". Known scenarios: ${[...this.#scenarios.keys()].join(', ')}.`,
      );
    }
    return found;
  }

  /** A tenant by access ID (default: the default tenant). */
  resolveTenant(accessId?: string): Tenant | undefined {
    return accessId === undefined ? this.#defaultTenant : this.#tenants.get(accessId);
  }

  /** Creates an isolated tenant and returns its key file. */
  createTenant(options: TenantCreateOptions = {}): TenantHandle {
    this.#tenantCount += 1;
    const seed = options.seed ?? this.#options.seed ?? 1;
    const apiKey = this.#newKey(seed, this.#tenantCount);
    const tenant = this.#addTenant(apiKey, { scenario: options.scenario ?? 'default', seed, ...options });
    return { accessId: tenant.accessId, apiKey, tenant };
  }

  /** Removes a tenant (not the default one). */
  deleteTenant(accessId: string): boolean {
    if (accessId === this.#defaultTenant.accessId) return false;
    const removed = this.#tenants.delete(accessId);
    this.core.clearAuthCache();
    return removed;
  }

  /** Every tenant's access ID. */
  tenantIds(): string[] {
    return [...this.#tenants.keys()];
  }

  #newKey(seed: number, index: number): ApiKeyFile {
    const accessID = createRandom(hashString(`access-id:${index}`, seed >>> 0)).uuid();
    return createApiKeyFile({
      customerName: 'Example Corp',
      accessID,
      adminRestApiUrl: adminRestApiUrlFor(this.baseUrl),
      // A key per access ID: one tenant's key must not sign for another. Cached, so the same fake made again is cheap.
      accessKey: accessKeyFor(accessID),
    });
  }

  #addTenant(
    apiKey: ApiKeyFile,
    options: { scenario: string | Scenario; seed: number; users?: number; clock?: ClockOptions },
  ): Tenant {
    if (this.#tenants.has(apiKey.accessID))
      throw new Error(`Failed to add tenant ${apiKey.accessID}: the access ID is taken.`);
    const clock = options.clock ?? this.#options.clock;
    const tenant = new Tenant({
      apiKey,
      scenario: this.scenario(options.scenario),
      seed: options.seed,
      extraUsers: options.users ?? 0,
      ...(clock !== undefined && { clock }),
      ...(this.#options.journalSize !== undefined && { journalSize: this.#options.journalSize }),
      throttle: this.#options.throttle,
    });
    this.#tenants.set(apiKey.accessID, tenant);
    return tenant;
  }
}

/** The control-plane operations on one tenant, the same in code and over HTTP. */
export interface TenantControls {
  /** The scenario in force. */
  scenario(): string;
  /**
   * Switches scenario and rebuilds the world; an unknown name throws an UnknownScenarioError, a world that cannot be
   * built a ScenarioError, and then nothing changes.
   */
  useScenario(name: string | Scenario): void;
  /**
   * Back to the starting state of the current scenario: users, settings, throttle, faults, journal and clock. When
   * the world cannot be built (after an import changed the seed, say), a ScenarioError, and nothing changes.
   */
  reset(): void;
  /** The journal, oldest first, optionally filtered by operationId and status. */
  journal(query?: JournalQuery): JournalEntry[];
  /** The state as JSON. */
  exportState(): TenantState;
  /** Replaces the state with an exported one; a state that is not valid throws a ControlError and changes nothing. */
  importState(state: TenantState): void;
  /** The faults in force. */
  faults(): FaultSpec[];
  /** Adds a fault (validated like the control plane's `Fault`); it applies to the calls that follow. */
  addFault(fault: FaultSpec): void;
  /** Removes every fault. */
  clearFaults(): void;
  /** Company EAC settings. */
  settings(): EacSettings;
  /**
   * Merges changes into the company EAC settings: the changes are validated like the control plane's
   * `EacSettingsPatch`, and the settings they make like `EacSettings` (an expiry from 1 minute to 7 days). A
   * ControlError says what is wrong, and nothing changes.
   */
  updateSettings(changes: EacSettingsChanges): void;
  /** A user's details as User Details would show them now. */
  user(email: string): ReturnType<typeof toUserDetails> | undefined;
  /** The stored user record (for assertions that need more than the details). */
  userRecord(email: string): UserRecord | undefined;
}

const validators = new Map<string, Validator>();

/**
 * Says in one line why control input fails its schema, starting with where (`body...`): a broken compound rule in
 * the rule's own words, anything else as ajv says it.
 */
export function explainControlFailure(errors: Validator['errors']): string {
  const rule = brokenRule(errors, loadControlContract().spec);
  if (rule) return `body${rule.instancePath} breaks a rule: ${rule.rule}`;
  return describeFailure(errors).text;
}

/** Checks control input against a schema of openapi/control-plane.yaml, or throws a ControlError naming the field. */
function checkInput<T>(schema: string, value: unknown, action: string, label: string): T {
  let validate = validators.get(schema);
  if (!validate) {
    validate = loadControlContract().compiler.compile(`/components/schemas/${schema}`);
    validators.set(schema, validate);
  }
  if (!validate(value)) {
    throw new ControlError(`Failed to ${action}: ${explainControlFailure(validate.errors).replace(/^body/, label)}.`);
  }
  return value as T;
}

/** Finds two users sharing an id or an email (emails ignore case, as lookups do). */
function duplicateUser(users: UserRecord[]): string | undefined {
  const ids = new Set<string>();
  const emails = new Set<string>();
  for (const user of users) {
    if (ids.has(user.id)) return `two users have the id ${user.id}`;
    const email = user.email.toLowerCase();
    if (emails.has(email)) return `two users have the email ${user.email}`;
    ids.add(user.id);
    emails.add(email);
  }
  return undefined;
}

/** Binds the control operations to a tenant. */
export function controlsFor(fake: FakeCore, tenant: Tenant): TenantControls {
  return {
    scenario: () => tenant.scenario.name,
    useScenario: (name) => tenant.switchScenario(fake.scenario(name)),
    reset: () => tenant.reset(),
    journal: (query) => tenant.journal.entries(query),
    exportState: () => tenant.exportState(),
    importState: (input) => {
      const state = checkInput<TenantState>('TenantState', input, 'import the state', 'state');
      const duplicate = duplicateUser(state.users);
      if (duplicate) throw new ControlError(`Failed to import the state: ${duplicate}. Ids and emails must be unique.`);
      let scenario: Scenario;
      try {
        scenario = fake.scenario(state.scenario);
      } catch (error) {
        throw new ControlError(`Failed to import the state: ${(error as Error).message}`);
      }
      tenant.importState(state, scenario);
    },
    faults: () => tenant.faults.list(),
    addFault: (input) => {
      const fault = checkInput<FaultSpec>('Fault', input, 'add the fault', 'fault');
      try {
        tenant.faults.add(fault);
      } catch (error) {
        throw new ControlError((error as Error).message);
      }
    },
    clearFaults: () => tenant.faults.clear(),
    settings: () => ({ ...tenant.settings }),
    updateSettings: (input) => {
      const changes = checkInput<EacSettingsChanges>('EacSettingsPatch', input, 'update the settings', 'settings');
      try {
        tenant.updateSettings(changes);
      } catch (error) {
        throw new ControlError((error as Error).message);
      }
    },
    user: (email) => {
      const record = tenant.store.findByEmail(email);
      return record && toUserDetails(record, tenant.clock.now());
    },
    userRecord: (email) => tenant.store.findByEmail(email),
  };
}
