/** A tenant: one isolated world with its own key, users, company settings, scenario, throttle, clock and journal. */
import type { KeyObject } from 'node:crypto';
import type { components } from '../generated/control-plane.js';
import { createClock, parseInstant, type Clock, type ClockOptions } from '../core/clock.js';
import { createJournal, type Journal } from '../core/journal.js';
import { createFaultTable, type FaultTable } from '../core/faults.js';
import { createRandom, hashString, type Random } from '../core/random.js';
import { createThrottle, type Throttle, type ThrottleLimit } from '../core/throttle.js';
import { audiencesFor, type AccessKey } from '../core/auth.js';
import { publicKeyOf, type ApiKeyFile } from '../key-file.js';
import { DEFAULT_EAC_SETTINGS, type EacSettings } from './company-settings.js';
import type { Scenario } from './scenario.js';
import { seedUsers } from './seed-users.js';
import { UserStore, type UserRecord } from './user-store.js';

/** Throttle when a scenario names none: generous enough that ordinary tests never see a 429. */
export const DEFAULT_THROTTLE: ThrottleLimit = { requestsPerSecond: 100, burst: 200 };

/** How to build a tenant. */
export interface TenantOptions {
  apiKey: ApiKeyFile;
  scenario: Scenario;
  seed: number;
  /** More seeded users on top of the scenario's. */
  extraUsers?: number;
  clock?: ClockOptions;
  journalSize?: number;
  /** Overrides the scenario's throttle limit. */
  throttle?: ThrottleLimit | undefined;
}

/** The whole state of a tenant as JSON, for export and import. */
export type TenantState = components['schemas']['TenantState'];

/** One isolated world. */
export class Tenant implements AccessKey {
  readonly apiKey: ApiKeyFile;
  readonly accessId: string;
  readonly publicKey: KeyObject;
  readonly audiences: ReadonlySet<string>;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly throttle: Throttle;
  readonly faults: FaultTable;
  readonly #options: TenantOptions;
  #scenario: Scenario;
  #store = new UserStore();
  #settings: EacSettings = { ...DEFAULT_EAC_SETTINGS };
  #random: Random;
  #seed: number;

  constructor(options: TenantOptions) {
    this.#options = options;
    this.apiKey = options.apiKey;
    this.accessId = options.apiKey.accessID;
    this.publicKey = publicKeyOf(options.apiKey);
    this.audiences = audiencesFor(options.apiKey.adminRestApiUrl);
    this.clock = createClock(options.clock);
    this.journal = createJournal(options.journalSize);
    this.#scenario = options.scenario;
    this.#seed = options.seed;
    this.throttle = createThrottle(this.#throttleLimit());
    this.faults = createFaultTable();
    this.#random = createRandom(0);
    this.#build();
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

  /** The users. */
  get store(): UserStore {
    return this.#store;
  }

  /** The company's EAC settings. */
  get settings(): EacSettings {
    return this.#settings;
  }

  /** The seeded source for ids and codes made by requests. */
  get random(): Random {
    return this.#random;
  }

  /** Changes company EAC settings (e.g. lock them) without a scenario. */
  updateSettings(changes: Partial<EacSettings>): void {
    this.#settings = { ...this.#settings, ...changes };
  }

  /** Switches to another scenario and rebuilds the world from it. */
  switchScenario(scenario: Scenario): void {
    this.#scenario = scenario;
    this.reset();
  }

  /** Rebuilds the world from its scenario and seed: users, settings, throttle, faults, journal and clock. */
  reset(): void {
    const restart = createClock(this.#options.clock);
    if (restart.isFrozen()) this.clock.freeze();
    else this.clock.unfreeze();
    this.clock.set(restart.now());
    this.journal.clear();
    this.throttle.reset();
    this.throttle.setLimit(this.#throttleLimit());
    this.#build();
  }

  /** Back to how the tenant was created: its first scenario and seed, then a reset (undoes switches and imports). */
  restart(): void {
    this.#scenario = this.#options.scenario;
    this.#seed = this.#options.seed;
    this.reset();
  }

  #throttleLimit(): ThrottleLimit {
    return this.#options.throttle ?? this.#scenario.throttle ?? DEFAULT_THROTTLE;
  }

  #build(): void {
    const seed = this.#seed;
    const { extraUsers } = this.#options;
    this.#store = new UserStore();
    for (const user of seedUsers(this.#scenario, seed, extraUsers)) this.#store.add(user);
    this.#settings = { ...DEFAULT_EAC_SETTINGS, ...this.#scenario.eacSettings };
    this.#random = createRandom(hashString('requests', seed >>> 0));
    this.faults.clear();
    for (const fault of this.#scenario.faults ?? []) this.faults.add(fault);
  }

  /** The whole state as JSON. */
  exportState(): TenantState {
    return {
      format: 'cloud-admin-fake/tenant-state@1',
      scenario: this.#scenario.name,
      seed: this.#seed,
      clock: { now: new Date(this.clock.now()).toISOString(), frozen: this.clock.isFrozen() },
      randomState: this.#random.state(),
      eacSettings: { ...this.#settings },
      throttle: { ...this.throttle.limit() },
      users: [...this.#store.all()].map((user) => ({ ...user, eac: user.eac && { ...user.eac } })),
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
