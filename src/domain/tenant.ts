/** A tenant: one isolated world with its own key, users, company settings, scenario, throttle, clock and journal. */
import type { components } from '../generated/control-plane.js';
import { createClock, parseInstant, type Clock, type ClockOptions } from '../core/clock.js';
import { createJournal, type Journal } from '../core/journal.js';
import { createFaultTable, type FaultTable } from '../core/faults.js';
import { createRandom, hashString, type Random } from '../core/random.js';
import { createThrottle, type Throttle, type ThrottleLimit } from '../core/throttle.js';
import { audiencesFor, type AccessKey } from '../core/auth.js';
import { keysOf, type ApiKeyFile } from '../core/api-key.js';
import { ControlError } from '../core/http-error.js';
import {
  DEFAULT_EAC_SETTINGS,
  settingsProblem,
  type EacSettings,
  type EacSettingsChanges,
} from './company-settings.js';
import { ScenarioError, type Scenario } from './scenario.js';
import { seedUsers } from './seed-users.js';
import { UserStore, type UserRecord } from './user-store.js';
import { DeviceStore, type Authenticator } from './device-store.js';
import { AdminLog, type AdminAction } from './admin-log.js';
import { UserEventLog } from './user-event-log.js';
import { loadContract } from '../core/contract.js';
import type { Validator } from '../core/validate.js';

/** Throttle when a scenario names none: generous enough that ordinary tests never see a 429. */
export const DEFAULT_THROTTLE: ThrottleLimit = { requestsPerSecond: 100, burst: 200 };

/** How to build a tenant. */
export interface TenantOptions {
  apiKey: ApiKeyFile;
  scenario: Scenario;
  seed: number;
  /** More seeded users on top of the scenario's. */
  extraUsers?: number;
  /**
   * The first world's users, seeded already (what seedUsers gives for the scenario, seed and extra users), as records
   * or in a store: a server draws and stores them a slice at a time before it creates the tenant. Resets draw them
   * again.
   */
  users?: readonly UserRecord[] | UserStore;
  clock?: ClockOptions;
  journalSize?: number;
  /** Journal bound in bytes. */
  journalBytes?: number;
  /** Overrides the scenario's throttle limit. */
  throttle?: ThrottleLimit | undefined;
}

/** The whole state of a tenant as JSON, for export and import. */
export type TenantState = components['schemas']['TenantState'];

/** Everything a scenario and a seed build, made in full before any of it replaces the tenant's world. */
interface World {
  scenario: Scenario;
  seed: number;
  store: UserStore;
  settings: EacSettings;
  random: Random;
  faults: FaultTable;
  throttle: ThrottleLimit;
  devices: DeviceStore;
  adminLog: AdminLog;
  userEvents: UserEventLog;
}

/** One isolated world. */
export class Tenant implements AccessKey {
  readonly apiKey: ApiKeyFile;
  readonly accessId: string;
  readonly audiences: ReadonlySet<string>;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly throttle: Throttle;
  readonly #options: TenantOptions;
  #scenario!: Scenario;
  #store!: UserStore;
  #settings!: EacSettings;
  #random!: Random;
  #faults!: FaultTable;
  #seed!: number;
  #devices!: DeviceStore;
  #adminLog!: AdminLog;
  #userEvents!: UserEventLog;

  constructor(options: TenantOptions) {
    this.#options = options;
    this.apiKey = options.apiKey;
    this.accessId = options.apiKey.accessID;
    this.audiences = audiencesFor(options.apiKey.adminRestApiUrl);
    this.clock = createClock(options.clock);
    this.journal = createJournal(options.journalSize, { maxBytes: options.journalBytes });
    const world = this.#build(options.scenario, options.seed, this.clock.now(), options.users);
    this.throttle = createThrottle(world.throttle);
    this.#commit(world);
  }

  /** The key tokens are verified with: imported from the key file on first use, so making a tenant parses no key. */
  async verifyKey(): Promise<CryptoKey> {
    return (await keysOf(this.apiKey)).verify;
  }

  /** The clock reading, for the authenticator. */
  now(): number {
    return this.clock.now();
  }

  /** The scenario in force. */
  get scenario(): Scenario {
    return this.#scenario;
  }

  /** The seed the world was built from (or the imported state's). */
  get seed(): number {
    return this.#seed;
  }

  /** The users; marked users whose 7 days have passed on the clock are purged first. */
  get store(): UserStore {
    this.#purge();
    return this.#store;
  }

  /** The users' authenticators. */
  get devices(): DeviceStore {
    return this.#devices;
  }

  /** What the fake's admin operations did. */
  get adminLog(): AdminLog {
    return this.#adminLog;
  }

  /** The user event log. */
  get userEvents(): UserEventLog {
    return this.#userEvents;
  }

  /** Records an admin operation in the admin log at the clock's reading. */
  recordAdmin(action: Omit<AdminAction, 'admin'>): void {
    const { activity, message, target, second } = action;
    // Named, not spread: a spread copy is a slow path of V8, and this runs on every request that changes something.
    this.#adminLog.record({ activity, admin: this.accessId, message, target, second }, this.clock.now());
  }

  /** Removes the marked users whose purge is due, with their authenticators. */
  #purge(): void {
    // Read on every access to the users: with no user marked, the clock is not read at all.
    if (this.#store.nextPurgeAt === Infinity) return;
    for (const user of this.#store.purgeDue(this.clock.now())) this.#devices.forget(user.id);
  }

  /** Deletes a user now, with their authenticators. */
  deleteUser(user: UserRecord): void {
    this.#store.remove(user.id);
    this.#devices.forget(user.id);
  }

  /** The company's EAC settings. */
  get settings(): EacSettings {
    return this.#settings;
  }

  /** The seeded source for ids and codes made by requests. */
  get random(): Random {
    return this.#random;
  }

  /** The faults in force. */
  get faults(): FaultTable {
    return this.#faults;
  }

  /**
   * Changes company EAC settings (e.g. lock them) without a scenario. The settings they make must be valid
   * EacSettings of the control-plane contract (an expiry from 1 minute to 7 days); otherwise it throws a ControlError
   * and nothing changes.
   */
  updateSettings(changes: EacSettingsChanges): void {
    const next: EacSettings = { ...this.#settings, ...changes };
    const problem = settingsProblem(next, changes);
    if (problem) throw new ControlError(`Failed to update the settings: settings/${problem.field} ${problem.reason}.`);
    this.#settings = next;
  }

  /** Switches to another scenario and rebuilds the world from it; when it cannot be built, nothing changes. */
  switchScenario(scenario: Scenario): void {
    this.#rebuild(scenario, this.#seed);
  }

  /**
   * Rebuilds the world from its scenario and seed: users, settings, throttle, faults, journal and clock. When it
   * cannot be built (a scenario user with the email of a seeded user, say), it throws and nothing changes.
   */
  reset(): void {
    this.#rebuild(this.#scenario, this.#seed);
  }

  /** Back to how the tenant was created: its first scenario and seed, then a reset (undoes switches and imports). */
  restart(): void {
    this.#rebuild(this.#options.scenario, this.#options.seed);
  }

  /** Builds the world in full first, so a failure leaves the tenant exactly as it was; then replaces it. */
  #rebuild(scenario: Scenario, seed: number): void {
    const restart = createClock(this.#options.clock);
    const world = this.#build(scenario, seed, restart.now());
    if (restart.isFrozen()) this.clock.freeze();
    else this.clock.unfreeze();
    this.clock.set(restart.now());
    this.journal.clear();
    this.#commit(world);
  }

  /** Builds what `scenario` and `seed` make, touching nothing of the tenant; throws a ScenarioError if it cannot. */
  #build(scenario: Scenario, seed: number, nowMs: number, users?: readonly UserRecord[] | UserStore): World {
    try {
      let store: UserStore;
      if (users instanceof UserStore) store = users;
      else {
        store = new UserStore();
        for (const user of users ?? seedUsers(scenario, seed, this.#options.extraUsers, nowMs)) store.add(user);
      }
      const userEvents = new UserEventLog(this.#eventIdentity(seed));
      userEvents.seed(store.all(), nowMs);
      return {
        scenario,
        seed,
        store,
        settings: { ...DEFAULT_EAC_SETTINGS, ...scenario.eacSettings },
        random: createRandom(hashString('requests', seed >>> 0)),
        faults: createFaultTable(scenario.faults),
        throttle: this.#options.throttle ?? scenario.throttle ?? DEFAULT_THROTTLE,
        devices: new DeviceStore(seed),
        adminLog: new AdminLog({ customerName: this.apiKey.customerName, seed }),
        userEvents,
      };
    } catch (error) {
      throw new ScenarioError(
        `Failed to build scenario "${scenario.name}" with seed ${seed}: ${(error as Error).message}`,
        400,
        { cause: error },
      );
    }
  }

  /** Makes a built world the tenant's; nothing in it can fail. */
  #commit(world: World): void {
    this.#scenario = world.scenario;
    this.#seed = world.seed;
    this.#store = world.store;
    this.#settings = world.settings;
    this.#random = world.random;
    this.#faults = world.faults;
    this.#devices = world.devices;
    this.#adminLog = world.adminLog;
    this.#userEvents = world.userEvents;
    this.throttle.setLimit(world.throttle);
    this.throttle.reset();
  }

  /** Who the tenant is, for the user event log's repeated fields; the tenant id is derived from the company name. */
  #eventIdentity(seed: number): { customerName: string; tenantId: string; seed: number } {
    const customerName = this.apiKey.customerName;
    return { customerName, tenantId: createRandom(hashString(`tenant:${customerName}`)).uuid(), seed };
  }

  /** The whole state as JSON. */
  exportState(): TenantState {
    this.#purge();
    this.#userEvents.expire(this.clock.now());
    return {
      format: 'cloud-admin-fake/tenant-state@1',
      scenario: this.#scenario.name,
      seed: this.#seed,
      clock: { now: new Date(this.clock.now()).toISOString(), frozen: this.clock.isFrozen() },
      randomState: this.#random.state(),
      eacSettings: { ...this.#settings },
      throttle: { ...this.throttle.limit() },
      users: [...this.#store.all()].map((user) => ({ ...user, eac: user.eac && { ...user.eac } })),
      devices: this.#devices.exportChanged(),
      adminLog: this.#adminLog.entries(),
      userEvents: this.#userEvents.entries(),
    };
  }

  /**
   * Replaces the state with an exported one; `scenario` is the state's scenario, resolved by the caller, and a
   * later reset rebuilds from it and the state's seed. Atomic: when the users cannot be stored (a duplicate id or
   * email), it throws and nothing changes. The caller validates the state against the control-plane schema.
   */
  importState(state: TenantState, scenario: Scenario): void {
    const store = new UserStore();
    for (const user of state.users) store.add({ ...user, eac: user.eac && { ...user.eac } });
    const instant = parseInstant(state.clock.now);
    const devices = state.devices ?? {};
    for (const [userId, list] of Object.entries(devices)) {
      list.forEach((device, index) => checkRecord('Authenticator', device, `devices.${userId}.${index}`));
    }
    (state.adminLog ?? []).forEach((entry, index) => checkRecord('AdminLogEntry', entry, `adminLog.${index}`));
    (state.userEvents ?? []).forEach((entry, index) => checkRecord('UserEventLogEntry', entry, `userEvents.${index}`));
    this.#devices = new DeviceStore(state.seed, devices as Record<string, Authenticator[]>);
    this.#adminLog = new AdminLog(
      { customerName: this.apiKey.customerName, seed: state.seed },
      undefined,
      (state.adminLog ?? []) as never,
    );
    this.#userEvents = new UserEventLog(this.#eventIdentity(state.seed), undefined, (state.userEvents ?? []) as never);
    this.#store = store;
    this.#scenario = scenario;
    this.#seed = state.seed;
    this.#settings = { ...state.eacSettings };
    this.#random = createRandom(state.randomState);
    this.throttle.setLimit({ ...state.throttle });
    this.throttle.reset();
    if (state.clock.frozen) this.clock.freeze();
    else this.clock.unfreeze();
    this.clock.set(instant);
  }
}

const recordValidators = new Map<string, Validator>();

/**
 * Checks a record of an imported state against its vendor schema (the control-plane contract only names the
 * fields it needs), so an imported record can never make the fake answer outside its contract.
 */
function checkRecord(schema: string, value: unknown, where: string): void {
  let validate = recordValidators.get(schema);
  if (!validate) {
    validate = loadContract().compiler.compile(`/components/schemas/${schema}`);
    recordValidators.set(schema, validate);
  }
  if (!validate(value)) {
    const first = validate.errors?.[0];
    throw new ControlError(
      `Failed to import the state: ${where}${first?.instancePath.replace(/\//g, '.') ?? ''} ${first?.message ?? 'is invalid'} (not the vendor contract's ${schema}).`,
    );
  }
}
