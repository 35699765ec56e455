/** The vendor pipeline: a request in, a response out, through route -> auth -> throttle -> faults -> validate -> operation. */
import { createAuthenticator } from '../core/auth.js';
import { loadContract } from '../core/contract.js';
import { parseBody } from '../core/body.js';
import { applicationError, forbidden, MESSAGES } from '../core/errors.js';
import type { CoreRequest, CoreResponse, RequestHandler } from '../core/http-types.js';
import type { Tenant } from '../domain/tenant.js';
import { OPERATIONS } from './operations/index.js';

/** The tenants the pipeline serves. */
export interface TenantSource {
  /** A tenant by access ID (the JWT's `sub`). */
  resolveTenant(accessId: string): Tenant | undefined;
  /** The tenant that journals requests naming no known tenant. */
  readonly tenant: Tenant;
}

/** The vendor pipeline: adapters hand it requests and send back what it returns. */
export interface VendorPipeline extends RequestHandler {
  /** Forgets cached token verifications (call when tenants or keys change). */
  clearAuthCache(): void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates the vendor pipeline over a set of tenants. Requests are routed to a tenant by the JWT's `sub`, looked up
 * once (the authenticator returns the tenant it verified the token with).
 * @example const pipeline = createVendorPipeline(registry); const response = await pipeline.handle(request);
 */
export function createVendorPipeline(tenants: TenantSource): VendorPipeline {
  const contract = loadContract();
  const auth = createAuthenticator((accessId) => tenants.resolveTenant(accessId));

  function journal(tenant: Tenant, request: CoreRequest, operationId: string | null, response: CoreResponse): void {
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
  ): Promise<{ response: CoreResponse; tenant: Tenant; operationId: string | null }> {
    const match = contract.route(request.method, request.path);
    if (!('route' in match)) {
      const result = await auth.verify(request.authorization);
      return { response: match, tenant: result.ok ? result.key : tenants.tenant, operationId: null };
    }
    const operationId = match.route.operation.operationId;
    const result = await auth.verify(request.authorization);
    if (!result.ok) {
      const tenant = result.key ?? tenants.tenant;
      return {
        response: forbidden(request.path, result.message, result.reason, tenant.clock.now()),
        tenant,
        operationId,
      };
    }
    const tenant = result.key;
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
          `fake defect: ${String((error as Error | undefined)?.message).slice(0, 200)}`,
        );
        return response;
      }
      if (outcome.response.delayMs) await sleep(outcome.response.delayMs);
      return outcome.response;
    },
  };
}
