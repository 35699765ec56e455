/**
 * The control plane's handlers, one per operation of openapi/control-plane.yaml, each typed from the generated
 * `operations`: the type fails to check when an operation is missing, and a handler's body and path parameters
 * are the contract's types (the pipeline validated them against the same schemas).
 */
import type { operations } from '../generated/control-plane.js';
import { parseInstant } from '../core/clock.js';
import { loadControlContract, unknownOperationProblem, type VendorOperationId } from '../core/contract.js';
import { emptyResponse, jsonResponse } from '../core/errors.js';
import { PAGE_TOKEN_COOKIE, type CoreResponse } from '../core/http-types.js';
import { ControlError } from '../core/http-error.js';
import { signToken } from '../core/sign-token.js';
import type { Tenant } from '../domain/tenant.js';
import type { TenantRegistry } from '../domain/tenant-registry.js';
import { coverageOf } from '../testing/coverage.js';
import type { TenantControls } from './controls.js';
import { contractResponse, isAsset, pageFile } from './pages.js';
import { changeProviderState } from './provider-states.js';

/** An operationId of the control-plane contract. */
export type ControlOperationId = keyof operations;

type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The request body of an operation as the contract types it: undefined when it has none or it may be left out. */
export type ControlBody<K extends ControlOperationId> = operations[K] extends { requestBody: infer R }
  ? JsonBody<R>
  : JsonBody<NonNullable<operations[K]['requestBody']>> | undefined;

/** The path parameters of an operation as the contract types them. */
export type ControlParams<K extends ControlOperationId> = operations[K]['parameters'] extends { path: infer P }
  ? P
  : Record<string, never>;

/** What a handler receives: the registry, the tenant the request names, and the validated input. */
export interface ControlInput<K extends ControlOperationId> {
  registry: TenantRegistry;
  tenant: Tenant;
  controls: TenantControls;
  params: ControlParams<K>;
  query: URLSearchParams;
  body: ControlBody<K>;
}

/** A handler of one control operation. */
export type ControlHandler<K extends ControlOperationId> = (
  input: ControlInput<K>,
) => CoreResponse | Promise<CoreResponse>;

const clockState = (tenant: Tenant) => ({
  now: new Date(tenant.clock.now()).toISOString(),
  frozen: tenant.clock.isFrozen(),
});

/**
 * A numeric query parameter checked against its schema in the contract (a pattern of digits), or its default.
 * @note Query parameters arrive as text, so the contract types them as strings with a pattern.
 */
function queryNumber(query: URLSearchParams, name: string, pointer: string, fallback: number, action: string): number {
  const value = query.get(name);
  if (value === null) return fallback;
  const shown = value.slice(0, 20);
  if (!loadControlContract().compiler.compile(pointer)(value))
    throw new ControlError(`Failed to ${action}: the ${name} parameter is out of range, got "${shown}".`);
  return Number(value);
}

/**
 * A page opened with `?token=` (the guard checked it) keeps the token in its cookie, so its own requests carry it.
 * Without a control token configured, the guard ignores the parameter and so does this.
 */
function withTokenCookie(page: CoreResponse, query: URLSearchParams): CoreResponse {
  const token = query.get('token');
  if (token === null || page.status !== 200) return page;
  const cookie = `${PAGE_TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/__fake/; HttpOnly; SameSite=Strict`;
  return { ...page, headers: { ...page.headers, 'set-cookie': cookie } };
}

/** A tenant as the tenant picker lists it. */
const summaryOf = (registry: TenantRegistry, tenant: Tenant) => ({
  accessId: tenant.accessId,
  customerName: tenant.apiKey.customerName,
  scenario: tenant.scenario.name,
  isDefault: tenant === registry.tenant,
});

/** Every control operation's handler. */
export const HANDLERS: { [K in ControlOperationId]: ControlHandler<K> } = {
  listScenarios: ({ registry }) => jsonResponse(200, registry.listScenarios()),
  getScenario: ({ controls }) => jsonResponse(200, { name: controls.scenario() }),
  useScenario: ({ controls, body }) => {
    controls.useScenario(body.name);
    return jsonResponse(200, { name: controls.scenario() });
  },
  reset: ({ controls }) => {
    controls.reset();
    return jsonResponse(200, { name: controls.scenario() });
  },
  getClock: ({ tenant }) => jsonResponse(200, clockState(tenant)),
  setClock: ({ tenant, body }) => {
    const { now, frozen } = body;
    if (now !== undefined) parseInstant(now); // refuse a bad instant before anything changes
    if (frozen === true) tenant.clock.freeze();
    if (frozen === false) tenant.clock.unfreeze();
    if (now !== undefined) tenant.clock.set(now);
    return jsonResponse(200, clockState(tenant));
  },
  advanceClock: ({ tenant, body }) => {
    tenant.clock.advance(body.ms);
    return jsonResponse(200, clockState(tenant));
  },
  getJournal: ({ controls, query }) => {
    const status = query.get('status');
    const operationId = query.get('operationId');
    if (status !== null && !/^[1-5][0-9]{2}$|^0$/.test(status))
      throw new ControlError(
        `Failed to read the journal: the status filter must be an HTTP status code (or 0 for a failed connection), got "${status.slice(0, 20)}".`,
      );
    const problem = operationId === null ? undefined : unknownOperationProblem(operationId);
    if (problem !== undefined) throw new ControlError(`Failed to read the journal: ${problem}.`);
    return jsonResponse(
      200,
      controls.journal({
        ...(operationId !== null && { operationId: operationId as VendorOperationId }),
        ...(status !== null && { status: Number(status) }),
      }),
    );
  },
  getCoverage: ({ controls }) => jsonResponse(200, coverageOf(controls.journal())),
  exportState: ({ controls }) => jsonResponse(200, controls.exportState()),
  addUserEvents: ({ controls, body }) => jsonResponse(201, controls.addUserEvents(body)),
  importState: ({ controls, body }) => {
    controls.importState(body);
    return jsonResponse(200, controls.exportState());
  },
  getSettings: ({ controls }) => jsonResponse(200, controls.settings()),
  updateSettings: ({ controls, body }) => {
    controls.updateSettings(body);
    return jsonResponse(200, controls.settings());
  },
  listFaults: ({ controls }) => jsonResponse(200, controls.faults()),
  addFault: ({ controls, body }) => {
    controls.addFault(body);
    return jsonResponse(201, controls.faults());
  },
  clearFaults: ({ controls }) => {
    controls.clearFaults();
    return jsonResponse(200, []);
  },
  removeFault: ({ controls, params }) => {
    controls.removeFault(Number(params.index));
    return jsonResponse(200, controls.faults());
  },
  clearJournal: ({ controls }) => {
    controls.clearJournal();
    return jsonResponse(200, []);
  },
  getThrottle: ({ controls }) => jsonResponse(200, controls.throttle()),
  setThrottle: ({ controls, body }) => {
    controls.setThrottle(body);
    return jsonResponse(200, controls.throttle());
  },
  listUsers: ({ controls, query }) =>
    jsonResponse(
      200,
      controls.users({
        limit: queryNumber(query, 'limit', '/paths/~1users/get/parameters/0/schema', 100, 'list the users'),
        offset: queryNumber(query, 'offset', '/paths/~1users/get/parameters/1/schema', 0, 'list the users'),
      }),
    ),
  listTenants: ({ registry }) =>
    jsonResponse(
      200,
      registry.tenantIds().flatMap((accessId) => {
        const tenant = registry.resolveTenant(accessId);
        return tenant ? [summaryOf(registry, tenant)] : [];
      }),
    ),
  streamEvents: ({ registry }) => ({
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    },
    body: null,
    stream: registry.events,
  }),
  getDashboard: ({ query }) => withTokenCookie(pageFile('dashboard.html'), query),
  getDocs: ({ query }) => withTokenCookie(pageFile('docs.html'), query),
  getAsset: ({ params }) => {
    if (!isAsset(params.name))
      throw new ControlError(`Failed to serve ${params.name.slice(0, 100)}: the pages have no such asset.`, 404);
    return pageFile(params.name);
  },
  getVendorContractJson: ({ registry }) => contractResponse('vendor', registry.baseUrl, 'json'),
  getVendorContractYaml: ({ registry }) => contractResponse('vendor', registry.baseUrl, 'yaml'),
  getControlContract: ({ registry }) => contractResponse('control-plane', registry.baseUrl, 'json'),
  createTenant: async ({ registry, body }) => jsonResponse(201, (await registry.createTenantAsync(body ?? {})).apiKey),
  getPact: ({ controls, query }) => {
    const consumer = query.get('consumer');
    const provider = query.get('provider');
    const specification = query.get('specification');
    if (consumer === null || consumer === '' || consumer.length > 200)
      throw new ControlError(
        'Failed to export the pact: the consumer parameter must name its consumer (1 to 200 characters).',
      );
    if (provider !== null && (provider === '' || provider.length > 200))
      throw new ControlError('Failed to export the pact: the provider parameter must be 1 to 200 characters.');
    if (specification !== null && specification !== 'V3' && specification !== 'V4')
      throw new ControlError(
        `Failed to export the pact: the specification parameter must be V3 or V4, got "${specification.slice(0, 20)}".`,
      );
    return jsonResponse(
      200,
      controls.pact({ consumer, provider: provider ?? undefined, specification: specification ?? undefined }),
    );
  },
  setProviderState: async ({ controls, tenant, body }) =>
    jsonResponse(
      200,
      await changeProviderState(
        {
          tenant,
          useScenario: (name) => controls.useScenario(name),
          reset: () => controls.reset(),
          token: () => signToken(tenant.apiKey, { now: tenant.clock.now() }),
        },
        body,
      ),
    ),
  deleteTenant: ({ registry, tenant: named, params }) => {
    const { accessId } = params;
    const tenant = accessId.slice(0, 100);
    if (accessId === registry.tenant.accessId)
      throw new ControlError(`Failed to remove tenant ${tenant}: it is the default tenant, which stays.`, 404);
    // A tenant's token controls that tenant only: it may remove itself, not another (the default tenant may).
    if (named !== registry.tenant && named.accessId !== accessId)
      throw new ControlError(
        `Failed to remove tenant ${tenant}: the bearer token names another tenant, and a tenant's token may remove only that tenant (send none, or its own).`,
        403,
      );
    if (!registry.deleteTenant(accessId))
      throw new ControlError(`Failed to remove tenant ${tenant}: no tenant has this access ID.`, 404);
    return emptyResponse(204);
  },
};

/** Whether an operationId names a control operation. */
export const isControlOperation = (operationId: string): operationId is ControlOperationId =>
  Object.hasOwn(HANDLERS, operationId);
