/** The control operations on one tenant, the same in code (createFake) and over HTTP (the control plane). */
import type { components } from '../generated/control-plane.js';
import { loadControlContract, unknownOperationProblem } from '../core/contract.js';
import type { FaultSpec } from '../core/faults.js';
import { ControlError } from '../core/http-error.js';
import type { JournalEntry, JournalQuery } from '../core/journal.js';
import type { ThrottleLimit } from '../core/throttle.js';
import { explainSchemaFailure } from '../core/schema-failure.js';
import type { Validator } from '../core/validate.js';
import type { EacSettings, EacSettingsChanges } from '../domain/company-settings.js';
import type { Scenario } from '../domain/scenario.js';
import type { Tenant, TenantState } from '../domain/tenant.js';
import type { TenantRegistry } from '../domain/tenant-registry.js';
import { toUserDetails, type UserRecord } from '../domain/user-store.js';
import type { UserEventInput, UserEventLogEntry } from '../domain/user-event-log.js';
import { parseInstant } from '../core/clock.js';
import { createPact, type Pact, type PactOptions } from '../testing/pact.js';

/**
 * The control-plane operations on one tenant, the same in code and over HTTP. `Name` is the scenario names
 * `useScenario` takes: the in-process fake narrows it to the built-in and your own scenarios' names.
 */
export interface TenantControls<Name extends string = string> {
  /** The scenario in force. */
  scenario(): string;
  /**
   * Switches scenario and rebuilds the world; an unknown name throws an UnknownScenarioError, a world that cannot be
   * built a ScenarioError, and then nothing changes.
   */
  useScenario(name: Name | Scenario): void;
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
  /** Removes the fault at `index` of `faults()`; a ControlError (404) when there is none there. */
  removeFault(index: number): void;
  /** The throttle limit in force. */
  throttle(): ThrottleLimit;
  /** Changes the throttle limit (validated like the control plane's `Throttle`); buckets keep their level. */
  setThrottle(limit: ThrottleLimit): void;
  /** Empties the journal. */
  clearJournal(): void;
  /** A page of users as User Details shows them now, in the order they were added, and how many there are. */
  users(page?: { limit?: number; offset?: number }): { total: number; users: ReturnType<typeof toUserDetails>[] };
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
  /**
   * Adds events to the user event log, each naming a user by email (validated like the control plane's
   * `UserEventInputList`); all or nothing: an unknown email throws a ControlError and adds none. Returns the events
   * as User Event Log export shows them.
   */
  addUserEvents(events: UserEventInput[]): UserEventLogEntry[];
  /**
   * A Pact file made from the journal: one interaction per operation, status and scenario, with provider states
   * the control plane's `POST /__fake/provider-states` sets up (see src/testing/pact.ts).
   * @example writeFileSync('pacts/help-desk-cloud-admin.json', JSON.stringify(fake.pact({ consumer: 'help-desk' })));
   */
  pact(options: PactOptions): Pact;
}

const validators = new Map<string, Validator>();

/** The schemas of openapi/control-plane.yaml that control input is checked against. */
type CheckedSchema = 'TenantState' | 'Fault' | 'EacSettingsPatch' | 'Throttle' | 'UserEventInputList';

/** Checks control input against a schema of openapi/control-plane.yaml, or throws a ControlError naming the field. */
function checkInput<K extends CheckedSchema>(
  schema: K,
  value: unknown,
  action: string,
  label: string,
): components['schemas'][K] {
  const contract = loadControlContract();
  let validate = validators.get(schema);
  if (!validate) {
    validate = contract.compiler.compile(`/components/schemas/${schema}`);
    validators.set(schema, validate);
  }
  if (!validate(value)) {
    const failure = explainSchemaFailure(validate.errors, { rules: contract.spec });
    throw new ControlError(`Failed to ${action}: ${label}${failure.instancePath} ${failure.text}.`);
  }
  return value as components['schemas'][K];
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

/** Binds the control operations to a tenant of a registry. */
export function controlsFor(registry: TenantRegistry, tenant: Tenant): TenantControls {
  return {
    scenario: () => tenant.scenario.name,
    useScenario: (name) => tenant.switchScenario(registry.scenario(name)),
    reset: () => tenant.reset(),
    journal: (query) => {
      const problem = query?.operationId === undefined ? undefined : unknownOperationProblem(query.operationId);
      if (problem !== undefined) throw new ControlError(`Failed to read the journal: ${problem}.`);
      return tenant.journal.entries(query);
    },
    exportState: () => tenant.exportState(),
    importState: (input) => {
      const state = checkInput('TenantState', input, 'import the state', 'state');
      const duplicate = duplicateUser(state.users);
      if (duplicate) throw new ControlError(`Failed to import the state: ${duplicate}. Ids and emails must be unique.`);
      const scenario = registry.findScenario(state.scenario);
      if (scenario instanceof Error) throw new ControlError(`Failed to import the state: ${scenario.message}`);
      try {
        tenant.importState(state, scenario);
      } catch (error) {
        // A clock instant out of the clock's range (the schema cannot say it for a date-time string).
        if (error instanceof RangeError) throw new ControlError(`Failed to import the state: ${error.message}`);
        throw error;
      }
    },
    faults: () => tenant.faults.list(),
    addFault: (input) => tenant.faults.add(checkInput('Fault', input, 'add the fault', 'fault')),
    clearFaults: () => tenant.faults.clear(),
    removeFault: (index) => {
      if (!tenant.faults.remove(index))
        throw new ControlError(
          `Failed to remove fault ${index}: there are ${tenant.faults.list().length} faults.`,
          404,
        );
    },
    throttle: () => ({ ...tenant.throttle.limit() }),
    setThrottle: (input) =>
      tenant.throttle.setLimit({ ...checkInput('Throttle', input, 'set the throttle', 'throttle') }),
    clearJournal: () => tenant.journal.clear(),
    users: ({ limit = 100, offset = 0 } = {}) => {
      const now = tenant.clock.now();
      const users: ReturnType<typeof toUserDetails>[] = [];
      let index = 0;
      for (const user of tenant.store.all()) {
        if (users.length >= limit) break;
        if (index++ >= offset) users.push(toUserDetails(user, now));
      }
      return { total: tenant.store.size, users };
    },
    settings: () => ({ ...tenant.settings }),
    updateSettings: (input) =>
      tenant.updateSettings(checkInput('EacSettingsPatch', input, 'update the settings', 'settings')),
    user: (email) => {
      const record = tenant.store.findByEmail(email);
      return record && toUserDetails(record, tenant.clock.now());
    },
    userRecord: (email) => tenant.store.findByEmail(email),
    addUserEvents: (input) => {
      const events = checkInput('UserEventInputList', input, 'add the user events', 'events');
      const now = tenant.clock.now();
      const resolved = events.map((event, index) => {
        const user = tenant.store.findByEmail(event.email);
        if (!user) {
          throw new ControlError(
            `Failed to add the user events: events.${index}.email ${event.email.slice(0, 320)} names no user of the tenant.`,
          );
        }
        let timeMs = now;
        if (event.time !== undefined) {
          try {
            timeMs = parseInstant(event.time);
          } catch (error) {
            throw new ControlError(`Failed to add the user events: events.${index}.time: ${(error as Error).message}`);
          }
        }
        return { user, timeMs, input: event };
      });
      return tenant.userEvents.add(resolved);
    },
    pact: (options) =>
      createPact(tenant.journal.entries(), {
        ...options,
        emailOf: options.emailOf ?? ((id) => tenant.store.findById(id)?.email),
      }),
  };
}
