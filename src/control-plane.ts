/** The control plane (/__fake/...): the in-process fake's controls over HTTP, routed and validated from its own contract. */
import { timingSafeEqual } from 'node:crypto';
import { createAuthenticator } from './core/auth.js';
import { loadContract, loadControlContract } from './core/contract.js';
import { parseBody } from './core/body.js';
import { parseInstant } from './core/clock.js';
import { applicationError, emptyResponse, jsonResponse, MESSAGES } from './core/errors.js';
import type { CoreRequest, CoreResponse } from './core/http-types.js';
import type { Validator } from './core/validate.js';
import {
  ControlError,
  controlsFor,
  explainControlFailure,
  UnknownScenarioError,
  type FakeCore,
  type TenantControls,
} from './fake.js';
import { coverageOf } from './coverage.js';
import type { Tenant, TenantState } from './domain/tenant.js';
import type { EacSettingsChanges } from './domain/company-settings.js';
import type { FaultSpec } from './domain/scenario.js';

/** Who may use the control plane. */
export interface ControlPlaneOptions {
  /** Answer only loopback clients (the default when the server binds loopback). */
  loopbackOnly: boolean;
  /** When set, every call must send it in X-Fake-Control-Token. Required when `loopbackOnly` is false. */
  token?: string | undefined;
}

/** Where the control plane lives. */
export const CONTROL_PREFIX = '/__fake/';

type Handler = (input: {
  fake: FakeCore;
  tenant: Tenant;
  controls: TenantControls;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}) => CoreResponse;

const clockState = (tenant: Tenant) => ({
  now: new Date(tenant.clock.now()).toISOString(),
  frozen: tenant.clock.isFrozen(),
});

let vendorOperationIds: Set<string> | undefined;
/** The operationIds of the vendor contract, to refuse a journal filter that can never match. */
function isVendorOperation(operationId: string): boolean {
  vendorOperationIds ??= new Set(
    Object.values(loadContract().spec.paths).flatMap((item) => Object.values(item).map((op) => op.operationId)),
  );
  return vendorOperationIds.has(operationId);
}

const HANDLERS: Record<string, Handler> = {
  listScenarios: ({ fake }) => jsonResponse(200, fake.listScenarios()),
  getScenario: ({ controls }) => jsonResponse(200, { name: controls.scenario() }),
  useScenario: ({ controls, body }) => {
    controls.useScenario((body as { name: string }).name);
    return jsonResponse(200, { name: controls.scenario() });
  },
  reset: ({ controls }) => {
    controls.reset();
    return jsonResponse(200, { name: controls.scenario() });
  },
  getClock: ({ tenant }) => jsonResponse(200, clockState(tenant)),
  setClock: ({ tenant, body }) => {
    const { now, frozen } = body as { now?: string | number; frozen?: boolean };
    if (now !== undefined) parseInstant(now); // refuse a bad instant before anything changes
    if (frozen === true) tenant.clock.freeze();
    if (frozen === false) tenant.clock.unfreeze();
    if (now !== undefined) tenant.clock.set(now);
    return jsonResponse(200, clockState(tenant));
  },
  advanceClock: ({ tenant, body }) => {
    tenant.clock.advance((body as { ms: number }).ms);
    return jsonResponse(200, clockState(tenant));
  },
  getJournal: ({ controls, query }) => {
    const status = query.get('status');
    const operationId = query.get('operationId');
    if (status !== null && !/^[1-5][0-9]{2}$|^0$/.test(status))
      throw new ControlError(
        `The status filter must be an HTTP status code (or 0 for a failed connection), got "${status.slice(0, 20)}".`,
      );
    if (operationId !== null && !isVendorOperation(operationId))
      throw new ControlError(
        `The operationId filter names no operation of the vendor contract: "${operationId.slice(0, 100)}".`,
      );
    return jsonResponse(
      200,
      controls.journal({
        ...(operationId !== null && { operationId }),
        ...(status !== null && { status: Number(status) }),
      }),
    );
  },
  getCoverage: ({ controls }) => jsonResponse(200, coverageOf(controls.journal())),
  exportState: ({ controls }) => jsonResponse(200, controls.exportState()),
  importState: ({ controls, body }) => {
    controls.importState(body as TenantState);
    return jsonResponse(200, controls.exportState());
  },
  getSettings: ({ controls }) => jsonResponse(200, controls.settings()),
  updateSettings: ({ controls, body }) => {
    controls.updateSettings(body as EacSettingsChanges);
    return jsonResponse(200, controls.settings());
  },
  listFaults: ({ controls }) => jsonResponse(200, controls.faults()),
  addFault: ({ controls, body }) => {
    controls.addFault(body as FaultSpec);
    return jsonResponse(201, controls.faults());
  },
  clearFaults: ({ controls }) => {
    controls.clearFaults();
    return jsonResponse(200, []);
  },
  createTenant: ({ fake, body }) => {
    const options = (body ?? {}) as { scenario?: string; seed?: number; users?: number };
    return jsonResponse(201, fake.createTenant(options).apiKey);
  },
  deleteTenant: ({ fake, params }) => {
    const accessId = params.accessId ?? '';
    if (accessId === fake.tenant.accessId) throw new ControlError('The default tenant cannot be removed.', 404);
    if (!fake.deleteTenant(accessId)) throw new ControlError(`Tenant ${accessId.slice(0, 100)} not found.`, 404);
    return emptyResponse(204);
  },
};

/** Whether a bind host or a peer address is loopback (localhost, IPv4, IPv6, or IPv4-mapped IPv6). */
export const isLoopbackAddress = (address: string | undefined): boolean =>
  address !== undefined &&
  (address === 'localhost' || address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/** Compares the control token in constant time. */
function isToken(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Turns what a handler threw into a 4xx: bad control input never answers 5xx. */
function refusal(error: unknown): CoreResponse {
  if (error instanceof UnknownScenarioError) return applicationError(404, error.message);
  if (error instanceof ControlError) return applicationError(error.status, error.message);
  return applicationError(400, error instanceof Error ? error.message : String(error));
}

/**
 * Creates the control plane. It returns undefined for requests outside /__fake/, so the vendor core answers them.
 * @example const answer = await createControlPlane(fake, { loopbackOnly: true })(request, '127.0.0.1');
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
          'The control plane is off: the server binds a non-loopback address and has no control token (start it with --control-token).',
        );
      if (options.loopbackOnly && !isLoopbackAddress(remoteAddress))
        return applicationError(403, 'The control plane answers loopback clients only.');
      if (options.token && !isToken(request.controlToken, options.token)) {
        return applicationError(
          403,
          request.controlToken === undefined
            ? 'The control plane needs the X-Fake-Control-Token header.'
            : 'The X-Fake-Control-Token header does not match the control token.',
        );
      }
      const match = contract.route(request.method, request.path);
      if (!('route' in match)) return match;
      let tenant = fake.tenant;
      if (request.authorization !== undefined) {
        const named = await auth.verify(request.authorization, { judgeTimes: false });
        if (!named.ok) return applicationError(403, `The bearer token names no tenant: ${named.reason}.`);
        tenant = fake.resolveTenant(named.accessId) ?? tenant;
      }
      const operationId = match.route.operation.operationId;
      let body: unknown;
      const rule = contract.bodyRules.get(operationId);
      if (rule && !(match.route.operation.requestBody?.required === false && (request.body ?? '').trim() === '')) {
        const parsed = parseBody(request, rule, contract.maxBodyBytes);
        if (!parsed.ok) return explained(parsed.response, rule.validate.errors);
        body = parsed.value;
      }
      const handler = HANDLERS[operationId];
      if (!handler) return applicationError(404, MESSAGES.noRoute(request.path.slice(0, 200)));
      try {
        return handler({
          fake,
          tenant,
          controls: controlsFor(fake, tenant),
          params: match.params,
          query: new URLSearchParams(request.query ?? ''),
          body,
        });
      } catch (error) {
        return refusal(error);
      }
    })();
  };
}

/**
 * A schema failure names the field in its description (the vendor's terse text would leave a person guessing), and
 * a broken compound rule (an expiry over 7 days, a fault without an effect) is told in the rule's own words.
 */
function explained(response: CoreResponse, errors: Validator['errors']): CoreResponse {
  const header = response.headers['x-fake-reason'];
  if (response.status !== 400 || header === undefined || !header.startsWith('body')) return response;
  const reason = explainControlFailure(errors);
  return applicationError(400, `Invalid request body: ${reason}.`, reason);
}
