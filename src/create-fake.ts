/** createFake(): the in-process fake, with msw handlers, a fetch function and the controls of the control plane. */
import type { HttpHandler } from 'msw';
import { createHandlers } from './adapters/msw.js';
import { createFetch } from './adapters/fetch.js';
import { FakeCore } from './cloud-admin/fake-core.js';
import { controlsFor, type TenantControls } from './control-plane/controls.js';
import type { FakeOptions, TenantCreateOptions } from './domain/tenant-registry.js';
import type { BuiltInScenarioName, Scenario } from './domain/scenario.js';
import type { ApiKeyFile } from './core/api-key.js';
import type { Clock } from './core/clock.js';
import { signToken, type TokenOptions } from './core/sign-token.js';
import { coverageOf, formatCoverage, type CoverageRow } from './testing/coverage.js';

/** A tenant of an in-process fake: its key file, clock and controls; `Name` are the scenario names it knows. */
export interface FakeTenant<Name extends string = BuiltInScenarioName> extends TenantControls<Name> {
  readonly accessId: string;
  /** The key file: sign tokens with it as for the real tenant. */
  readonly apiKey: ApiKeyFile;
  /** The tenant's clock: read, set, advance, freeze, unfreeze. */
  readonly clock: Clock;
  /** Signs a token for this tenant, timed by its clock. */
  token: (options?: TokenOptions) => Promise<string>;
  /** Operation x status coverage of the journal, as rows and as a table a person can read. */
  coverage(): CoverageRow[];
  coverageTable(): string;
}

/** Options of one more in-process tenant, its scenario named from the fake's scenarios. */
export type FakeTenantOptions<Name extends string> = Omit<TenantCreateOptions, 'scenario'> & {
  scenario?: Name | Scenario;
};

/**
 * Options of `createFake`: a scenario is named from the built-in ones and those in `scenarios`, so a typo fails to
 * compile (and throws an UnknownScenarioError at run time, as the control plane answers 404).
 */
export type CreateFakeOptions<Custom extends string = never> = Omit<FakeOptions, 'scenario' | 'scenarios'> & {
  scenario?: BuiltInScenarioName | NoInfer<Custom> | Scenario;
  /** Your own scenarios, validated against scenarios/scenario.schema.json; their names join the union. */
  scenarios?: readonly (Scenario & { name: Custom })[];
};

/** The in-process fake. Its own controls act on the default tenant. */
export interface Fake<Name extends string = BuiltInScenarioName> extends FakeTenant<Name> {
  /** msw 2 handlers for setupServer / setupWorker. */
  readonly handlers: HttpHandler[];
  /** A standard fetch served by the core directly, with no interception. */
  readonly fetch: typeof fetch;
  /** The origin the fake answers on. */
  readonly baseUrl: string;
  /** The scenarios a tenant can switch to. */
  listScenarios(): { name: string; description: string }[];
  /** Creates an isolated tenant (own key, users, settings, scenario, throttle, clock and journal). */
  createTenant(options?: FakeTenantOptions<Name>): FakeTenant<Name>;
  /** Removes a tenant created with createTenant. */
  deleteTenant(accessId: string): boolean;
  /** The transport-free fake underneath (its tenants, and `handle` with `maxBodyBytes`), for adapters of your own. */
  readonly core: FakeCore;
}

function tenantApi<Name extends string>(core: FakeCore, accessId: string): FakeTenant<Name> {
  const tenant = core.resolveTenant(accessId);
  if (!tenant) throw new Error(`Failed to find tenant ${accessId}.`);
  return {
    ...controlsFor(core, tenant),
    accessId,
    apiKey: tenant.apiKey,
    clock: tenant.clock,
    token: (options = {}) => signToken(tenant.apiKey, { now: tenant.clock.now(), ...options }),
    coverage: () => coverageOf(tenant.journal.entries()),
    coverageTable: () => formatCoverage(coverageOf(tenant.journal.entries())),
  };
}

/**
 * Creates the in-process fake.
 * @example
 * const fake = createFake({ scenario: 'default', seed: 1 });
 * const server = setupServer(...fake.handlers);
 * // your client: sign a JWT from fake.apiKey and call fake.apiKey.adminRestApiUrl + 'v1/users/lookup'
 */
export function createFake<const Custom extends string = never>(
  options: CreateFakeOptions<Custom> = {},
): Fake<BuiltInScenarioName | Custom> {
  const { scenarios, ...rest } = options;
  const core = new FakeCore({ ...rest, ...(scenarios !== undefined && { scenarios: [...scenarios] }) });
  const fake: Omit<Fake<BuiltInScenarioName | Custom>, 'handlers'> = {
    ...tenantApi(core, core.tenant.accessId),
    fetch: createFetch(core),
    baseUrl: core.baseUrl,
    listScenarios: () => core.listScenarios(),
    createTenant: (tenantOptions) => tenantApi(core, core.createTenant(tenantOptions).accessId),
    deleteTenant: (accessId) => core.deleteTenant(accessId),
    core,
  };
  // Enumerable and configurable, as a getter written in the literal would be.
  Object.defineProperty(fake, 'handlers', { get: handlersOfFake, enumerable: true, configurable: true });
  return fake as Fake<BuiltInScenarioName | Custom>;
}

/** Each fake's msw handlers, made on first read: msw loads with them, and fake.fetch never needs it. */
const handlersOf = new WeakMap<FakeCore, HttpHandler[]>();

/**
 * `fake.handlers`: one getter shared by every fake. A getter written in createFake's object literal is a new function
 * per fake, and V8 then gives each fake a hidden class of its own, made in the old generation and pointing through
 * that function at the fake. Every fake made since the last full collection then survived each scavenge, which copied
 * them all: about 30 KB a fake, and pauses of 2 to 5 ms while worlds are made one after another.
 */
function handlersOfFake(this: { readonly core: FakeCore }): HttpHandler[] {
  let handlers = handlersOf.get(this.core);
  if (!handlers) handlersOf.set(this.core, (handlers = createHandlers(this.core)));
  return handlers;
}
