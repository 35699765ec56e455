/** The control plane (/__fake/...): the in-process fake's controls over HTTP, routed and validated from its own contract. */
import { loadControlContract } from './core/contract.js';
import { parseBody } from './core/body.js';
import { createAuthenticator } from './core/auth.js';
import { applicationError, emptyResponse, jsonResponse } from './core/errors.js';
import type { CoreRequest, CoreResponse } from './core/http-types.js';
import { controlsFor, type FakeCore } from './fake.js';
import { coverageOf } from './coverage.js';
import type { Tenant, TenantState } from './domain/tenant.js';
import type { EacSettings } from './domain/company-settings.js';
import type { FaultSpec } from './domain/scenario.js';

/** Who may use the control plane. */
export interface ControlPlaneOptions {
  /** Answer only loopback clients (the default when the server binds loopback). */
  loopbackOnly: boolean;
  /** When set, every call must send it in X-Fake-Control-Token. */
  token?: string | undefined;
}

/** Where the control plane lives. */
export const CONTROL_PREFIX = '/__fake/';

type Handler = (input: {
  fake: FakeCore;
  tenant: Tenant;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}) => CoreResponse;

const clockState = (tenant: Tenant) => ({
  now: new Date(tenant.clock.now()).toISOString(),
  frozen: tenant.clock.isFrozen(),
});

const HANDLERS: Record<string, Handler> = {
  listScenarios: ({ fake }) => jsonResponse(200, fake.listScenarios()),
  getScenario: ({ tenant }) => jsonResponse(200, { name: tenant.scenario.name }),
  useScenario: ({ fake, tenant, body }) => {
    const name = (body as { name: string }).name;
    controlsFor(fake, tenant).useScenario(name);
    return jsonResponse(200, { name });
  },
  reset: ({ tenant }) => {
    tenant.reset();
    return jsonResponse(200, { name: tenant.scenario.name });
  },
  getClock: ({ tenant }) => jsonResponse(200, clockState(tenant)),
  setClock: ({ tenant, body }) => {
    const { now, frozen } = body as { now?: string | number; frozen?: boolean };
    if (frozen === true) tenant.clock.freeze();
    if (frozen === false) tenant.clock.unfreeze();
    if (now !== undefined) tenant.clock.set(now);
    return jsonResponse(200, clockState(tenant));
  },
  advanceClock: ({ tenant, body }) => {
    tenant.clock.advance((body as { ms: number }).ms);
    return jsonResponse(200, clockState(tenant));
  },
  getJournal: ({ tenant, query }) => {
    const status = query.get('status');
    const operationId = query.get('operationId');
    if (status !== null && !/^[0-9]{1,3}$/.test(status))
      return applicationError(400, 'The status filter must be an HTTP status code.');
    return jsonResponse(
      200,
      tenant.journal.entries({
        ...(operationId !== null && { operationId }),
        ...(status !== null && { status: Number(status) }),
      }),
    );
  },
  getCoverage: ({ tenant }) => jsonResponse(200, coverageOf(tenant.journal.entries())),
  exportState: ({ tenant }) => jsonResponse(200, tenant.exportState()),
  importState: ({ tenant, body }) => {
    tenant.importState(body as TenantState);
    return jsonResponse(200, tenant.exportState());
  },
  getSettings: ({ tenant }) => jsonResponse(200, tenant.settings),
  updateSettings: ({ tenant, body }) => {
    tenant.updateSettings(body as Partial<EacSettings>);
    return jsonResponse(200, tenant.settings);
  },
  listFaults: ({ tenant }) => jsonResponse(200, tenant.faults.list()),
  addFault: ({ tenant, body }) => {
    tenant.faults.add(body as FaultSpec);
    return jsonResponse(201, tenant.faults.list());
  },
  clearFaults: ({ tenant }) => {
    tenant.faults.clear();
    return jsonResponse(200, []);
  },
  createTenant: ({ fake, body }) => {
    const options = (body ?? {}) as { scenario?: string; seed?: number; users?: number };
    return jsonResponse(201, fake.createTenant(options).apiKey);
  },
  deleteTenant: ({ fake, params }) =>
    fake.deleteTenant(params.accessId ?? '')
      ? emptyResponse(204)
      : applicationError(404, `Tenant ${params.accessId ?? ''} not found (the default tenant cannot be removed).`),
};

const isLoopbackAddress = (address: string | undefined): boolean =>
  address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/**
 * Creates the control plane. It returns undefined for requests outside /__fake/, so the vendor core answers them.
 * @example const answer = createControlPlane(fake, { loopbackOnly: true })(request, '127.0.0.1');
 */
export function createControlPlane(
  fake: FakeCore,
  options: ControlPlaneOptions,
): (request: CoreRequest, remoteAddress: string | undefined) => Promise<CoreResponse | undefined> | undefined {
  const contract = loadControlContract();
  const auth = createAuthenticator((accessId) => fake.resolveTenant(accessId));
  return (request, remoteAddress) => {
    if (!request.path.startsWith(CONTROL_PREFIX)) return undefined;
    return (async () => {
      if (!options.loopbackOnly && !options.token)
        return applicationError(
          403,
          'The control plane is off: the server binds a non-loopback address and has no control token.',
        );
      if (options.loopbackOnly && !isLoopbackAddress(remoteAddress))
        return applicationError(403, 'The control plane answers loopback clients only.');
      if (options.token !== undefined && request.controlToken !== options.token) {
        return applicationError(403, 'The control plane needs the X-Fake-Control-Token header.');
      }
      const match = contract.route(request.method, request.path);
      if (!('route' in match)) return match;
      let tenant = fake.tenant;
      if (request.authorization !== undefined) {
        const result = await auth.verify(request.authorization);
        if (!result.ok) return applicationError(403, `The bearer token does not name a tenant: ${result.reason}.`);
        tenant = fake.resolveTenant(result.accessId) ?? tenant;
      }
      const operationId = match.route.operation.operationId;
      let body: unknown;
      const rule = contract.bodyRules.get(operationId);
      if (rule && !(match.route.operation.requestBody?.required === false && (request.body ?? '').trim() === '')) {
        const parsed = parseBody(request, rule, contract.maxBodyBytes);
        if (!parsed.ok) return parsed.response;
        body = parsed.value;
      }
      const handler = HANDLERS[operationId];
      if (!handler) return applicationError(404, `No control operation ${operationId}.`);
      try {
        return handler({ fake, tenant, params: match.params, query: new URLSearchParams(request.query ?? ''), body });
      } catch (error) {
        // Bad control input that the schema cannot see (an unknown scenario, duplicate users in a state): a 4xx.
        const message = (error as Error).message;
        return applicationError(/find scenario|Tenant .* not found/.test(message) ? 404 : 400, message);
      }
    })();
  };
}
