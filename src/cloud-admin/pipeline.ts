/** The vendor pipeline: a request in, a response out, through route -> auth -> throttle -> faults -> validate -> operation. */
import { createAuthenticator, type AuthResult } from '../core/auth.js';
import { loadContract } from '../core/contract.js';
import { parseBody } from '../core/body.js';
import { parseQuery } from '../core/query.js';
import { applicationError, forbidden, headerSafe, MESSAGES } from '../core/errors.js';
import type { EventHub } from '../core/event-hub.js';
import type { ThrottleLimit, ThrottleResult } from '../core/throttle.js';
import type { CoreRequest, CoreResponse, RequestHandler } from '../core/http-types.js';
import type { Tenant } from '../domain/tenant.js';
import { OPERATIONS } from './operations/index.js';
import {
  BODY_VALID,
  changesOf,
  describeFault,
  snapshotOf,
  startTrace,
  TOKEN_ACCEPTED,
  type DecisionTrace,
} from './trace.js';

/** The tenants the pipeline serves. */
export interface TenantSource {
  /** A tenant by access ID (the JWT's `sub`). */
  resolveTenant(accessId: string): Tenant | undefined;
  /** The tenant that journals requests naming no known tenant. */
  readonly tenant: Tenant;
  /** Where each journal entry is also sent, live (the dashboard's stream). */
  readonly events: EventHub;
}

/** The vendor pipeline: adapters hand it requests and send back what it returns. */
export interface VendorPipeline extends RequestHandler {
  decide(request: CoreRequest): CoreResponse | Promise<CoreResponse>;
  /** Forgets cached token verifications (call when tenants or keys change). */
  clearAuthCache(): void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What one request came to: the answer, whose journal holds it, and why (the decision trace). */
interface Outcome {
  response: CoreResponse;
  tenant: Tenant;
  operationId: string | null;
  trace: DecisionTrace;
}

/** The query of an operation that declares none (shared, frozen). */
const NO_QUERY: Readonly<Record<string, unknown>> = Object.freeze({});

/** Bytes of its body journaled for a request whose token was not accepted. */
const UNVERIFIED_BODY_BYTES = 1024;

/** The reason the fake gives for an answer (its X-Fake-Reason header), for the trace. */
const reasonOf = (response: CoreResponse): string | null => response.headers['x-fake-reason'] ?? null;

/**
 * Creates the vendor pipeline over a set of tenants. Requests are routed to a tenant by the JWT's `sub`, looked up
 * once (the authenticator returns the tenant it verified the token with).
 * @example const pipeline = createVendorPipeline(registry); const response = await pipeline.handle(request);
 */
export function createVendorPipeline(tenants: TenantSource): VendorPipeline {
  const contract = loadContract();
  const auth = createAuthenticator((accessId) => tenants.resolveTenant(accessId));

  /**
   * Journals an answered request. A request that proved no tenant (its token was not accepted) keeps only the first
   * UNVERIFIED_BODY_BYTES of its body: enough for the pact export and the dashboard's replay of a refused call, too
   * little for clients without credentials to fill the (default tenant's) journal with what they send.
   */
  function journal(request: CoreRequest, outcome: Outcome, durationMs: number): void {
    const { tenant, response } = outcome;
    const verified = outcome.trace.token?.verdict === 'accepted';
    tenant.journal.record({
      operationId: outcome.operationId,
      method: request.method,
      path: request.path,
      query: request.query,
      status: response.networkError ? 0 : response.status,
      requestText: request.body,
      requestTextLimit: verified ? undefined : UNVERIFIED_BODY_BYTES,
      responseText: response.body,
      timeMs: tenant.clock.now(),
      durationMs,
      tenant: tenant.accessId,
      trace: outcome.trace,
    });
    // Made only when someone listens: a closure per request otherwise, for nothing.
    if (tenants.events.active) tenants.events.entry(() => JSON.stringify(tenant.journal.latest()));
  }

  // With throttling off every trace says the same: one frozen object per limit in force, not one per request.
  let offLimit: ThrottleLimit | undefined;
  let offTrace: NonNullable<DecisionTrace['throttle']> | undefined;
  const throttleTrace = (throttled: ThrottleResult, limit: ThrottleLimit): NonNullable<DecisionTrace['throttle']> => ({
    allowed: throttled.ok,
    before: throttled.before,
    after: throttled.after,
    limit,
  });
  const unthrottled = (limit: ThrottleLimit): NonNullable<DecisionTrace['throttle']> => {
    if (offLimit !== limit || !offTrace) {
      offLimit = limit;
      offTrace = Object.freeze(throttleTrace({ ok: true, before: null, after: null }, limit));
    }
    return offTrace;
  };

  /** Decides a request whose token was checked (`result`); synchronous, as every step after the token check is. */
  function run(request: CoreRequest, result: AuthResult<Tenant>): Outcome {
    const match = contract.route(request.method, request.path);
    if (!('route' in match)) {
      const tenant = result.ok ? result.key : tenants.tenant;
      const trace = startTrace(tenant.scenario.name);
      trace.route = { matched: false, reason: reasonOf(match) };
      return { response: match, tenant, operationId: null, trace };
    }
    const operationId = match.route.operation.operationId;
    if (!result.ok) {
      const tenant = result.key ?? tenants.tenant;
      const trace = startTrace(tenant.scenario.name);
      trace.token = { verdict: 'refused', reason: result.reason };
      return {
        response: forbidden(request.path, result.message, result.reason, tenant.clock.now()),
        tenant,
        operationId,
        trace,
      };
    }
    const tenant = result.key;
    const trace = startTrace(tenant.scenario.name);
    trace.token = TOKEN_ACCEPTED;
    // All or nothing: a body the adapter stopped reading was not read whole, so nothing acts on the request,
    // whatever its operation (a DELETE takes no body, yet must not act on a request cut short).
    if (request.bodyTooLarge) {
      const response = applicationError(413, MESSAGES.payloadTooLarge, 'the body is over x-max-body-bytes');
      trace.validation = { ok: false, reason: reasonOf(response) };
      return { response, tenant, operationId, trace };
    }
    const throttled = tenant.throttle.take(tenant.accessId, tenant.clock.now());
    trace.throttle =
      throttled.before === null
        ? unthrottled(tenant.throttle.limit())
        : throttleTrace(throttled, tenant.throttle.limit());
    if (!throttled.ok) {
      const response = applicationError(
        429,
        MESSAGES.tooManyRequests,
        `over ${tenant.throttle.limit().requestsPerSecond} requests/s (burst ${tenant.throttle.limit().burst})`,
        {
          'retry-after': String(throttled.retryAfterSeconds),
        },
      );
      return { response, tenant, operationId, trace };
    }
    const fault = tenant.faults.next(operationId, tenant.random);
    if (fault) trace.fault = describeFault(fault) || null;
    if (fault && (fault.status !== undefined || fault.networkError !== undefined)) {
      const response = fault.networkError
        ? { status: 0, headers: {}, body: null, networkError: fault.networkError }
        : applicationError(
            fault.status ?? 500,
            fault.description ?? (fault.status === 500 ? MESSAGES.internalError : 'Fault injected.'),
            'a fault forced this status',
          );
      if (fault.delayMs) response.delayMs = fault.delayMs;
      return { response, tenant, operationId, trace };
    }
    let query: Readonly<Record<string, unknown>> = NO_QUERY;
    const queryRule = contract.queryRules.get(operationId);
    if (queryRule) {
      const parsed = parseQuery(request.query, queryRule);
      if (!parsed.ok) {
        trace.validation = { ok: false, reason: reasonOf(parsed.response) };
        return { response: parsed.response, tenant, operationId, trace };
      }
      query = parsed.value;
    }
    let body: unknown;
    const rule = contract.bodyRules.get(operationId);
    if (rule) {
      // Remembered: the operations only read the body they are given.
      const parsed = parseBody(request, rule, contract.maxBodyBytes, undefined, true);
      trace.validation = parsed.ok ? BODY_VALID : { ok: false, reason: reasonOf(parsed.response) };
      if (!parsed.ok) return { response: parsed.response, tenant, operationId, trace };
      body = parsed.value;
    }
    const operation = OPERATIONS[operationId as keyof typeof OPERATIONS];
    // The user the path names, before and after: what the operation changed, for the trace.
    const userId = match.params.userId;
    const before = userId === undefined ? undefined : snapshotOf(tenant.store.findById(userId));
    const response = operation({ tenant, params: match.params, query: query as never, body: body as never });
    if (before) trace.changed = changesOf(before, snapshotOf(tenant.store.findById(before.id)));
    if (fault?.delayMs) response.delayMs = fault.delayMs;
    return { response, tenant, operationId, trace };
  }

  // The scenario's name made header-safe, for the one scenario seen last (a tenant keeps its scenario for many requests).
  let lastScenario = '';
  let lastScenarioHeader = '';

  /**
   * Adds the short headers that say what the fake did, beside X-Fake-Reason. In place: every response the steps
   * and operations return is built for its request (core/errors.ts makes each one fresh), none is shared.
   */
  function describe(outcome: Outcome): void {
    const { headers } = outcome.response;
    const scenario = outcome.trace.scenario;
    if (scenario !== lastScenario) {
      lastScenario = scenario;
      lastScenarioHeader = headerSafe(scenario);
    }
    headers['x-fake-scenario'] = lastScenarioHeader;
    if (outcome.operationId !== null) headers['x-fake-operation'] = outcome.operationId;
    if (outcome.trace.fault !== null) headers['x-fake-fault'] = outcome.trace.fault;
  }

  /** A defect in the fake must still answer in the vendor's shape, never crash the transport. */
  const defect = (error: unknown): CoreResponse =>
    applicationError(
      500,
      MESSAGES.internalError,
      `fake defect: ${String((error as Error | undefined)?.message).slice(0, 200)}`,
    );

  /**
   * Decides, describes and journals a request whose token was checked; a defect answers 500 in the vendor's shape.
   * The response itself, or a promise of it when a fault delays it.
   */
  function settle(
    request: CoreRequest,
    result: AuthResult<Tenant>,
    started: number,
  ): CoreResponse | Promise<CoreResponse> {
    let outcome: Outcome;
    try {
      outcome = run(request, result);
      describe(outcome);
      journal(request, outcome, performance.now() - started + (outcome.response.delayMs ?? 0));
    } catch (error) {
      return defect(error);
    }
    const { response } = outcome;
    return response.delayMs ? sleep(response.delayMs).then(() => response) : response;
  }

  /** A token verified before is judged at once, so the whole request is decided in one synchronous step. */
  function decide(request: CoreRequest): CoreResponse | Promise<CoreResponse> {
    const started = performance.now();
    let checked: AuthResult<Tenant> | undefined;
    try {
      checked = auth.check(request.authorization);
    } catch (error) {
      return defect(error);
    }
    if (checked) return settle(request, checked, started);
    return auth.verify(request.authorization).then((result) => settle(request, result, started), defect);
  }

  return {
    maxBodyBytes: contract.maxBodyBytes,
    clearAuthCache: () => auth.clearCache(),
    decide,
    // Promise.resolve gives back a promise it is given as it is.
    handle: (request) => Promise.resolve(decide(request)),
  };
}
