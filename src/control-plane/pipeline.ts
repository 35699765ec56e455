/**
 * The control plane (/__fake/...): the fake's controls over HTTP, a pipeline like the vendor's: route -> guard
 * (loopback, token) -> tenant (by the bearer token, times not judged) -> validate (compiled from
 * openapi/control-plane.yaml) -> a handler typed from its generated operations.
 */
import { createAuthenticator } from '../core/auth.js';
import { parseBody } from '../core/body.js';
import { loadControlContract } from '../core/contract.js';
import { applicationError, MESSAGES } from '../core/errors.js';
import { HttpError } from '../core/http-error.js';
import type { CoreRequest, CoreResponse } from '../core/http-types.js';
import { explainSchemaFailure } from '../core/schema-failure.js';
import type { Validator } from '../core/validate.js';
import type { TenantRegistry } from '../domain/tenant-registry.js';
import { controlsFor } from './controls.js';
import { guard, type ControlPlaneOptions } from './guard.js';
import { HANDLERS, isControlOperation, type ControlHandler, type ControlOperationId } from './handlers.js';

export type { ControlPlaneOptions } from './guard.js';

/** The control plane as a server mounts it. */
export interface ControlPlane {
  /** Answers a request under `prefix`; undefined for any other path (the vendor pipeline's to answer). */
  (request: CoreRequest, remoteAddress: string | undefined): Promise<CoreResponse> | undefined;
  /** The path prefix it answers, from the contract's server URL: `/__fake/`. */
  readonly prefix: string;
  /** The largest body a server should read for it: the contract's `x-max-body-bytes`. */
  readonly maxBodyBytes: number;
  /**
   * Decides from the headers alone whether the control plane answers this client at all: the refusal to send, or
   * undefined. A server calls it before it reads a body, so a refused request has nothing of its body buffered.
   */
  admit(request: CoreRequest, remoteAddress: string | undefined): CoreResponse | undefined;
  /** Answers a request the caller routed here already (its path is under `prefix`). */
  handle(request: CoreRequest, remoteAddress: string | undefined): Promise<CoreResponse>;
}

/**
 * Turns what a handler threw into a response: every refusal of input is an HttpError (ControlError, ScenarioError,
 * ClockError) and answers with the status it carries. Anything else is a defect of the fake, answered as the vendor
 * answers its own (500), with the cause in X-Fake-Reason, rather than passed off as the client's fault.
 */
function refusal(error: unknown): CoreResponse {
  if (error instanceof HttpError) return applicationError(error.status, error.message);
  const cause = error instanceof Error ? error.message : String(error);
  return applicationError(500, MESSAGES.internalError, `fake defect: ${cause.slice(0, 200)}`);
}

/**
 * A schema failure names the field in its description (the vendor's terse text would leave a person guessing), and
 * a broken compound rule (an expiry over 7 days, a fault without an effect) is told in the rule's own words.
 */
function refuseInvalidBody(errors: Validator['errors']): CoreResponse {
  const failure = explainSchemaFailure(errors, { rules: loadControlContract().spec });
  const reason = `body${failure.instancePath} ${failure.text}`;
  return applicationError(400, `Invalid request body: ${reason}.`, reason);
}

/**
 * Creates the control plane over a registry's tenants.
 * @example const answer = await createControlPlane(fake, { loopbackOnly: true })(request, '127.0.0.1');
 */
export function createControlPlane(registry: TenantRegistry, options: ControlPlaneOptions): ControlPlane {
  const contract = loadControlContract();
  const prefix = `${contract.basePath}/`;
  const auth = createAuthenticator((accessId) => registry.resolveTenant(accessId));

  async function handle(request: CoreRequest, remoteAddress: string | undefined): Promise<CoreResponse> {
    const refused = guard(options, request, remoteAddress);
    if (refused) return refused;
    const match = contract.route(request.method, request.path);
    if (!('route' in match)) return match;
    let tenant = registry.tenant;
    if (request.authorization !== undefined) {
      const named = await auth.verify(request.authorization, { judgeTimes: false });
      if (!named.ok) return applicationError(403, `The bearer token names no tenant: ${named.reason}.`);
      tenant = named.key;
    } else if (request.tenantName !== undefined) {
      const named = registry.resolveTenant(request.tenantName);
      if (!named)
        return applicationError(
          404,
          `Failed to name the tenant: X-Fake-Tenant ${request.tenantName.slice(0, 100)} is no tenant's access ID.`,
        );
      tenant = named;
    }
    // All or nothing: a body not read whole (past x-max-body-bytes) is no request to act on.
    if (request.bodyTooLarge)
      return applicationError(413, MESSAGES.payloadTooLarge, 'the body is over x-max-body-bytes');
    const { operation } = match.route;
    const operationId = operation.operationId;
    let body: unknown;
    const rule = contract.bodyRules.get(operationId);
    if (rule && !(operation.requestBody?.required === false && (request.body ?? '').trim() === '')) {
      const parsed = parseBody(request, rule, contract.maxBodyBytes, refuseInvalidBody);
      if (!parsed.ok) return parsed.response;
      body = parsed.value;
    }
    if (!isControlOperation(operationId)) return applicationError(404, MESSAGES.noRoute(request.path.slice(0, 200)));
    // The one narrowing: the body and the path parameters were checked against this operation's schemas above.
    const handler = HANDLERS[operationId] as ControlHandler<ControlOperationId>;
    let response: CoreResponse;
    try {
      response = await handler({
        registry,
        tenant,
        controls: controlsFor(registry, tenant),
        params: match.params as never,
        query: new URLSearchParams(request.query ?? ''),
        body: body as never,
      });
    } catch (error) {
      return refusal(error);
    }
    // Every operation that is not a read changed something: the dashboards connected are told which, and where.
    if (request.method !== 'GET' && response.status < 300)
      registry.events.change({ tenant: tenant.accessId, what: operationId });
    return response;
  }

  const answer = (request: CoreRequest, remoteAddress: string | undefined): Promise<CoreResponse> | undefined =>
    request.path.startsWith(prefix) ? handle(request, remoteAddress) : undefined;
  const admit = (request: CoreRequest, remoteAddress: string | undefined): CoreResponse | undefined =>
    guard(options, request, remoteAddress);
  return Object.assign(answer, { prefix, maxBodyBytes: contract.maxBodyBytes, handle, admit });
}
