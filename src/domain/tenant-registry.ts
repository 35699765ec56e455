/** The tenant registry: every tenant of one fake, the scenarios they can switch to, and the default tenant. */
import { basePathOf, loadSpec } from '../core/spec.js';
import { createClock, type ClockOptions } from '../core/clock.js';
import type { ThrottleLimit } from '../core/throttle.js';
import { createRandom, hashString } from '../core/random.js';
import { createEventHub, type EventHub } from '../core/event-hub.js';
import {
  createApiKeyFile,
  generateAccessKey,
  generateAccessKeyAsync,
  poolKey,
  type ApiKeyFile,
} from '../core/api-key.js';
import { ControlError } from '../core/http-error.js';
import { nodeBuiltin } from '../core/node-host.js';
import { loadControlContract } from '../core/contract.js';
import { explainSchemaFailure } from '../core/schema-failure.js';
import { loadBuiltInScenarios, UnknownScenarioError, validateScenario, type Scenario } from './scenario.js';
import { seedUsersInSlices } from './seed-users.js';
import { Tenant } from './tenant.js';
import { UserStore, type UserRecord } from './user-store.js';

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
  /** Journal bound in bytes per tenant. Default 16 MiB. */
  journalBytes?: number;
  /** Most tenants at once, the default one included. Default 64 (DEFAULT_MAX_TENANTS). */
  maxTenants?: number;
  /**
   * Most seeded users the tenants may ask for on top of their scenarios', all live tenants together (the default
   * one's `users` included). Default 100,000 (DEFAULT_MAX_USERS).
   */
  maxUsers?: number;
  /** Overrides every scenario's throttle limit (`requestsPerSecond: 0` turns throttling off). */
  throttle?: ThrottleLimit;
  /** User-authored scenarios, validated against scenarios/scenario.schema.json. */
  scenarios?: Scenario[];
}

/** Default cap on tenants at once: the size of the committed key pool, so no tenant waits for a key. */
export const DEFAULT_MAX_TENANTS = 64;
/** Default cap on extra seeded users, all tenants together (about 100 MB of users at most). */
export const DEFAULT_MAX_USERS = 100_000;

/** Options for one more tenant. */
export interface TenantCreateOptions {
  scenario?: string | Scenario;
  seed?: number;
  users?: number;
  clock?: ClockOptions;
}

/** A tenant of a registry, with its key file. */
export interface TenantHandle {
  readonly accessId: string;
  readonly apiKey: ApiKeyFile;
  readonly tenant: Tenant;
}

/** The `adminRestApiUrl` for an origin: the API base path with a trailing slash, as vendor key files have it. */
export function adminRestApiUrlFor(baseUrl: string): string {
  return `${new URL(baseUrl).origin}${basePathOf(loadSpec())}/`;
}

/** Every tenant of one fake by access ID, and the scenarios they can use. */
export class TenantRegistry {
  /** The origin the fake answers on. */
  readonly baseUrl: string;
  /** Every tenant's journal entries and control changes, live (/__fake/events). */
  readonly events: EventHub = createEventHub();
  readonly #options: FakeOptions;
  readonly #tenants = new Map<string, Tenant>();
  /** Each live tenant's extra seeded users: maxUsers caps them all together, so memory has a bound. */
  readonly #extraUsers = new Map<string, number>();
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
    checkCap('maxTenants', options.maxTenants);
    if (options.throttle !== undefined) checkThrottle(options.throttle);
    checkCap('maxUsers', options.maxUsers);
    const maxUsers = options.maxUsers ?? DEFAULT_MAX_USERS;
    if ((options.users ?? 0) > maxUsers)
      throw new RangeError(`Failed to create the fake: ${options.users} users is more than maxUsers (${maxUsers}).`);
    const apiKey = options.apiKey ?? this.#newKey(seed, 0, poolKey(seed, 0, new Set()) ?? generateAccessKey());
    this.#defaultTenant = this.#addTenant(apiKey, {
      scenario: options.scenario ?? 'default',
      seed,
      ...(options.users !== undefined && { users: options.users }),
      ...(options.clock !== undefined && { clock: options.clock }),
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

  /** Resolves a scenario name (or validates a scenario object), or throws an UnknownScenarioError naming the known ones. */
  scenario(nameOrScenario: string | Scenario): Scenario {
    if (typeof nameOrScenario !== 'string') return validateScenario(nameOrScenario, `"${nameOrScenario.name}"`);
    const found = this.findScenario(nameOrScenario);
    if (found instanceof UnknownScenarioError) throw found;
    return found;
  }

  /** A scenario by name, or the UnknownScenarioError naming the known ones (returned, for callers that say more). */
  findScenario(name: string): Scenario | UnknownScenarioError {
    return this.#scenarios.get(name) ?? new UnknownScenarioError(name, [...this.#scenarios.keys()]);
  }

  /** A tenant by access ID (default: the default tenant). */
  resolveTenant(accessId?: string): Tenant | undefined {
    return accessId === undefined ? this.#defaultTenant : this.#tenants.get(accessId);
  }

  /**
   * Creates an isolated tenant and returns its key file. Its key comes from the committed pool (no key generation);
   * only past the pool is one generated, blocking (use createTenantAsync on a server). Past `maxTenants`, or with
   * more users than `maxUsers` leaves (the live tenants' count against it), it throws a ControlError and nothing
   * changes.
   */
  createTenant(options: TenantCreateOptions = {}): TenantHandle {
    const seed = this.#admit(options);
    return this.#create(options, seed, this.#freeKey(seed) ?? generateAccessKey());
  }

  /**
   * Like createTenant, but made a slice at a time, so other requests are never held up for long: a key past the
   * pool is generated off the event loop, and the seeded users are drawn and stored in slices of about a millisecond
   * with a turn of the event loop between them. The tenant is the one createTenant makes (same key, ids and users).
   */
  async createTenantAsync(options: TenantCreateOptions = {}): Promise<TenantHandle> {
    const seed = this.#admit(options);
    const scenario = this.scenario(options.scenario ?? 'default');
    const clock = options.clock ?? this.#options.clock;
    const nowMs = createClock(clock).now();
    // A turn between the request's own work and each step of the creation: each runs for well under a millisecond.
    await nextTurn();
    const users = await seedUsersInSlices(scenario, seed, options.users ?? 0, nowMs, nextTurn, SLICE_MS);
    const store = await storeInSlices(users);
    await nextTurn();
    this.#admit(options); // a cap may have been reached meanwhile
    // The pool key is taken in the same step that adds the tenant, so two creations at once never take one key.
    const poolKey = this.#freeKey(seed);
    if (poolKey !== undefined) return this.#create(options, seed, poolKey, store);
    const generated = await generateAccessKeyAsync();
    this.#admit(options);
    return this.#create(options, seed, generated, store);
  }

  /** Checks a creation against the caps (and the scenario), before anything is made; returns the seed. */
  #admit(options: TenantCreateOptions): number {
    const maxTenants = this.#options.maxTenants ?? DEFAULT_MAX_TENANTS;
    if (this.#tenants.size >= maxTenants)
      throw new ControlError(
        `Failed to create a tenant: the fake holds its most, ${maxTenants} tenants (maxTenants, --max-tenants). Delete one first.`,
      );
    const maxUsers = this.#options.maxUsers ?? DEFAULT_MAX_USERS;
    const users = options.users ?? 0;
    if (users > maxUsers)
      throw new ControlError(
        `Failed to create a tenant: ${users} users is more than the ${maxUsers} allowed (maxUsers, --max-users).`,
      );
    let held = 0;
    for (const count of this.#extraUsers.values()) held += count;
    if (held + users > maxUsers)
      throw new ControlError(
        `Failed to create a tenant: its ${users} users and the ${held} the live tenants hold are more than the ${maxUsers} allowed in all (maxUsers, --max-users). Delete a tenant first.`,
      );
    this.scenario(options.scenario ?? 'default');
    return options.seed ?? this.#options.seed ?? 1;
  }

  /** A pool key no live tenant holds, chosen by the seed and the tenant's number. */
  #freeKey(seed: number): string | undefined {
    const inUse = new Set([...this.#tenants.values()].map((tenant) => tenant.apiKey.accessKey));
    return poolKey(seed, this.#tenantCount + 1, inUse);
  }

  #create(
    options: TenantCreateOptions,
    seed: number,
    accessKey: string,
    seededUsers?: readonly UserRecord[] | UserStore,
  ): TenantHandle {
    this.#tenantCount += 1;
    const apiKey = this.#newKey(seed, this.#tenantCount, accessKey);
    const tenant = this.#addTenant(apiKey, { scenario: options.scenario ?? 'default', seed, ...options }, seededUsers);
    return { accessId: tenant.accessId, apiKey, tenant };
  }

  /** Removes a tenant (not the default one). */
  deleteTenant(accessId: string): boolean {
    if (accessId === this.#defaultTenant.accessId) return false;
    this.#extraUsers.delete(accessId);
    return this.#tenants.delete(accessId);
  }

  /** Every tenant's access ID. */
  tenantIds(): string[] {
    return [...this.#tenants.keys()];
  }

  #newKey(seed: number, index: number, accessKey: string): ApiKeyFile {
    const accessID = createRandom(hashString(`access-id:${index}`, seed >>> 0)).uuid();
    // A key per live tenant: one tenant's key must not sign for another.
    return createApiKeyFile({
      customerName: 'Example Corp',
      accessID,
      adminRestApiUrl: adminRestApiUrlFor(this.baseUrl),
      accessKey,
    });
  }

  #addTenant(
    apiKey: ApiKeyFile,
    options: { scenario: string | Scenario; seed: number; users?: number; clock?: ClockOptions },
    seededUsers?: readonly UserRecord[] | UserStore,
  ): Tenant {
    if (this.#tenants.has(apiKey.accessID))
      throw new Error(`Failed to add tenant ${apiKey.accessID}: the access ID is taken.`);
    const clock = options.clock ?? this.#options.clock;
    const tenant = new Tenant({
      apiKey,
      scenario: this.scenario(options.scenario),
      seed: options.seed,
      extraUsers: options.users ?? 0,
      ...(seededUsers !== undefined && { users: seededUsers }),
      ...(clock !== undefined && { clock }),
      ...(this.#options.journalSize !== undefined && { journalSize: this.#options.journalSize }),
      ...(this.#options.journalBytes !== undefined && { journalBytes: this.#options.journalBytes }),
      throttle: this.#options.throttle,
    });
    this.#tenants.set(apiKey.accessID, tenant);
    this.#extraUsers.set(apiKey.accessID, options.users ?? 0);
    return tenant;
  }
}

/**
 * Lets the event loop turn once, I/O first: Node's scheduler.yield (found at run time, so a browser bundle carries no
 * Node built-in), else a timer.
 */
const nextTurn = (): Promise<void> => {
  const timers = nodeBuiltin('node:timers/promises') as typeof import('node:timers/promises') | undefined;
  return timers ? timers.scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
};

/** How long one slice of a tenant's creation may run before the event loop gets a turn. */
const SLICE_MS = 1;

/**
 * The seeded users in a store, added a slice at a time. When one cannot be added (a scenario user with the email of
 * a seeded one, say), the records are given back: the tenant then adds them itself and fails as createTenant does.
 */
async function storeInSlices(users: readonly UserRecord[]): Promise<UserStore | readonly UserRecord[]> {
  const store = new UserStore();
  let sliceStart = performance.now();
  for (const [index, user] of users.entries()) {
    try {
      store.add(user);
    } catch {
      return users;
    }
    if (index % 256 === 255 && performance.now() - sliceStart >= SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  return store;
}

/** Refuses a cap that is not a positive integer when the fake is made (bad options fail early). */
function checkCap(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 1))
    throw new RangeError(`Failed to create the fake: ${name} must be a positive integer, got ${value}.`);
}

/**
 * Refuses a throttle the control plane's Throttle schema refuses (a burst of 0, say, which would answer every request
 * 429 and export a state that cannot be imported), when the fake is made.
 */
function checkThrottle(throttle: ThrottleLimit): void {
  const contract = loadControlContract();
  const validate = contract.compiler.compile('/components/schemas/Throttle');
  if (!validate(throttle)) {
    const failure = explainSchemaFailure(validate.errors, { rules: contract.spec });
    throw new RangeError(`Failed to create the fake: throttle${failure.instancePath} ${failure.text}.`);
  }
}
