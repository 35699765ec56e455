/**
 * cloud-admin-fake: a stateful fake of RSA's Cloud Administration REST API, in-process (msw's setupServer and
 * setupWorker, or a fetch function). No Node built-in, Express or YAML parser is on this entry, so it also runs in a
 * browser; the standalone server and files on disk are in cloud-admin-fake/server.
 */
export {
  createFake,
  type CreateFakeOptions,
  type Fake,
  type FakeTenant,
  type FakeTenantOptions,
} from './create-fake.js';
export type { VendorOperationId } from './core/contract.js';
export { FakeCore } from './cloud-admin/fake-core.js';
export {
  DEFAULT_BASE_URL,
  adminRestApiUrlFor,
  type FakeOptions,
  type TenantCreateOptions,
} from './domain/tenant-registry.js';
export type { TenantControls } from './control-plane/controls.js';
export { createFetch } from './adapters/fetch.js';
export { createHandlers } from './adapters/msw.js';
export { signToken, type TokenOptions } from './core/sign-token.js';
export { createApiKeyFile, generateAccessKeyAsync, type ApiKeyFile } from './core/api-key.js';
export { ClockError, createClock, type Clock, type ClockOptions } from './core/clock.js';
export { HttpError, ControlError } from './core/http-error.js';
export type { JournalEntry, JournalQuery } from './core/journal.js';
export type { CoreRequest, CoreResponse, RequestHandler, OriginHandler } from './core/http-types.js';
export { coverageOf, formatCoverage, type CoverageRow } from './testing/coverage.js';
export {
  validateScenario,
  ScenarioError,
  UnknownScenarioError,
  BUILT_IN_SCENARIOS,
  type BuiltInScenarioName,
  type Scenario,
  type FaultSpec,
} from './domain/scenario.js';
export type { EacSettings } from './domain/company-settings.js';
export type { TenantState } from './domain/tenant.js';
export type { paths, components, operations } from './generated/cloud-admin.js';
