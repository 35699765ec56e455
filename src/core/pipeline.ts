/** The transport-free core: a request in, a response out, through route -> auth -> throttle -> faults -> validate -> operation. */
import { createAuthenticator, type AuthResult } from './auth.js';
import { loadContract } from './contract.js';
import { parseBody } from './body.js';
import { applicationError, forbidden, MESSAGES } from './errors.js';
import type { CoreRequest, CoreResponse } from './http-types.js';
import type { Tenant } from '../domain/tenant.js';
import { OPERATIONS } from '../operations/index.js';

/** The tenants a core serves, by access ID. */
export interface TenantRegistry {
  get(accessId: string): Tenant | undefined;
  /** The tenant that journals requests naming no known tenant. */
  fallback(): Tenant | undefined;
}

/** The core: adapters hand it requests and send back what it returns. */
export interface Core {
  handle(request: CoreRequest): Promise<CoreResponse>;
  /** The largest body adapters should read; they set `bodyTooLarge` past it. */
  readonly maxBodyBytes: number;
  /** Forgets cached token verifications (call when tenants or keys change). */
  clearAuthCache(): void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates the core over a set of tenants. Requests are routed to a tenant by the JWT's `sub`.
 * @example const core = createCore(registry); const response = await core.handle(request);
 */
export function createCore(tenants: TenantRegistry): Core {
  const contract = loadContract();
  const auth = createAuthenticator((accessId) => tenants.get(accessId));

  function journal(
    tenant: Tenant | undefined,
    request: CoreRequest,
    operationId: string | null,
    response: CoreResponse,
  ): void {
    if (!tenant) return;
    tenant.journal.record({
      operationId,
      method: request.method,
      path: request.path,
      status: response.networkError ? 0 : response.status,
      requestText: request.body,
      responseText: response.body,
      timeMs: tenant.clock.now(),
      tenant: tenant.accessId,
    });
  }

  async function run(
    request: CoreRequest,
  ): Promise<{ response: CoreResponse; tenant: Tenant | undefined; operationId: string | null }> {
    const match = contract.route(request.method, request.path);
    if (!('route' in match)) {
      const result = await auth.verify(request.authorization);
      return {
        response: match,
        tenant: result.ok ? tenants.get(result.accessId) : tenants.fallback(),
        operationId: null,
      };
    }
    const operationId = match.route.operation.operationId;
    const result: AuthResult = await auth.verify(request.authorization);
    if (!result.ok) {
      const tenant = (result.accessId !== undefined ? tenants.get(result.accessId) : undefined) ?? tenants.fallback();
      const now = tenant ? tenant.clock.now() : Date.now();
      return { response: forbidden(request.path, result.message, result.reason, now), tenant, operationId };
    }
    const tenant = tenants.get(result.accessId);
    if (!tenant) {
      return {
        response: forbidden(request.path, MESSAGES.forbiddenAccessId, 'the tenant was removed', Date.now()),
        tenant: undefined,
        operationId,
      };
    }
    const throttled = tenant.throttle.take(tenant.accessId, tenant.clock.now());
    if (!throttled.ok) {
      const response = applicationError(
        429,
        MESSAGES.tooManyRequests,
        `over ${tenant.throttle.limit().requestsPerSecond} requests/s (burst ${tenant.throttle.limit().burst})`,
        {
          'retry-after': String(throttled.retryAfterSeconds),
        },
      );
      return { response, tenant, operationId };
    }
    const fault = tenant.faults.next(operationId, tenant.random);
    if (fault && (fault.status !== undefined || fault.networkError !== undefined)) {
      const response = fault.networkError
        ? { status: 0, headers: {}, body: null, networkError: fault.networkError }
        : applicationError(
            fault.status ?? 500,
            fault.description ?? (fault.status === 500 ? MESSAGES.internalError : 'Fault injected.'),
            'a fault forced this status',
          );
      if (fault.delayMs) response.delayMs = fault.delayMs;
      return { response, tenant, operationId };
    }
    let body: unknown;
    const rule = contract.bodyRules.get(operationId);
    if (rule) {
      const parsed = parseBody(request, rule, contract.maxBodyBytes);
      if (!parsed.ok) return { response: parsed.response, tenant, operationId };
      body = parsed.value;
    }
    const operation = OPERATIONS[operationId as keyof typeof OPERATIONS];
    const response = operation({ tenant, params: match.params, body: body as never });
    if (fault?.delayMs) response.delayMs = fault.delayMs;
    return { response, tenant, operationId };
  }

  return {
    maxBodyBytes: contract.maxBodyBytes,
    clearAuthCache: () => auth.clearCache(),
    async handle(request) {
      let outcome: Awaited<ReturnType<typeof run>>;
      try {
        outcome = await run(request);
        journal(outcome.tenant, request, outcome.operationId, outcome.response);
      } catch (error) {
        // A defect in the fake must still answer in the vendor's shape, never crash the transport.
        const response = applicationError(
          500,
          MESSAGES.internalError,
          `fake defect: ${(error as Error).message?.slice(0, 200)}`,
        );
        return response;
      }
      if (outcome.response.delayMs) await sleep(outcome.response.delayMs);
      return outcome.response;
    },
  };
}
