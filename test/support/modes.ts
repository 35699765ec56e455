/**
 * The transports every HTTP behaviour is tested through: msw (setupServer), the fake's own fetch, the standalone
 * server on port 0 (vendor routes answered by the node:http adapter, the control plane by Express), and createApp
 * mounted in a user's own Express app. Each harness validates every response against the contract.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { setupServer } from 'msw/node';
import { createApp } from '../../src/adapters/express.js';
import { FakeCore } from '../../src/cloud-admin/fake-core.js';
import { createFake } from '../../src/create-fake.js';
import { startServer } from '../../src/server/start-server.js';
import { controlsFor, type TenantControls } from '../../src/control-plane/controls.js';
import { type FakeOptions } from '../../src/domain/tenant-registry.js';
import type { Tenant } from '../../src/domain/tenant.js';
import type { ApiKeyFile } from '../../src/core/api-key.js';
import { signToken, type TokenOptions } from '../../src/core/sign-token.js';
import { assertApplicationError, assertMatchesContract } from './contract.js';
import { loadContract } from '../../src/core/contract.js';
import { basePathOf } from '../../src/core/spec.js';

/** A decoded answer. */
export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, the raw text when it is not JSON, or null when empty. */
  body: unknown;
}

/** Options of one call. */
export interface CallOptions {
  /** A token to send instead of a fresh valid one; null sends no Authorization header. */
  token?: string | null;
  /** A raw body (sent as is) instead of JSON-encoding `body`. */
  raw?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** The operation this call targets, to validate the answer against (null: not routed, expect an application error). */
  operationId?: string | null;
}

/** A started fake, whatever its transport. */
export interface Harness {
  mode: ModeName;
  /** The key file a client would be given. */
  apiKey: ApiKeyFile;
  /** The transport-free fake behind this harness (the same object the server or handlers use). */
  core: FakeCore;
  /** The default tenant's controls, as the in-process fake and the control plane expose them. */
  controls: TenantControls;
  /** The default tenant itself, for direct inspection. */
  tenant: Tenant;
  /** The fetch a client should use in this mode. */
  fetch: typeof fetch;
  /** Signs a valid token (timed by the tenant clock) unless overridden. */
  token(options?: TokenOptions): Promise<string>;
  /** Calls `method path` (path relative to adminRestApiUrl, e.g. `v1/users/lookup`) and validates the answer. */
  call(method: string, path: string, body?: unknown, options?: CallOptions): Promise<Answer>;
  stop(): Promise<void>;
}

/**
 * `express` is the standalone server (startServer: the control plane over HTTP too); `mounted` is createApp in a
 * user's Express app (vendor routes over HTTP, controls in-process, as a user who mounts the fake has them).
 */
export type ModeName = 'msw' | 'fetch' | 'express' | 'mounted';

/** Whether a mode's vendor requests cross a real HTTP server (raw sockets reach it byte for byte). */
export const overHttp = (mode: ModeName): boolean => mode === 'express' || mode === 'mounted';

/** The operationId the contract routes `method path` to (path relative to adminRestApiUrl), for validation. */
export function operationOf(method: string, path: string): string | null {
  const contract = loadContract();
  const match = contract.route(method, `${basePathOf(contract.spec)}/${path.split('?')[0] ?? ''}`);
  return 'route' in match ? match.route.operation.operationId : null;
}

async function decode(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, headers: response.headers, body };
}

function validate(answer: Answer, operationId: string | null): void {
  if (operationId === null) {
    assertApplicationError(answer.body);
    return;
  }
  if (answer.status === 403) {
    assertMatchesContract(operationId, 403, answer.body);
    return;
  }
  assertMatchesContract(operationId, answer.status, answer.body);
}

function makeCaller(
  fetchFn: typeof fetch,
  apiKey: ApiKeyFile,
  token: (options?: TokenOptions) => Promise<string>,
): Harness['call'] {
  return async (method, path, body, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const bearer = options.token === undefined ? await token() : options.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    let payload: string | Uint8Array<ArrayBuffer> | undefined = options.raw;
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const response = await fetchFn(`${apiKey.adminRestApiUrl}${path}`, {
      method,
      headers,
      ...(payload !== undefined && { body: payload }),
    });
    const answer = await decode(response);
    validate(answer, options.operationId === undefined ? operationOf(method, path) : options.operationId);
    return answer;
  };
}

/** Starts a fake in the given mode. */
export async function startMode(mode: ModeName, options: FakeOptions = {}): Promise<Harness> {
  if (mode === 'express') {
    const running = await startServer({ ...options, port: 0 });
    const tenant = running.fake.tenant;
    const token = (tokenOptions: TokenOptions = {}) =>
      import('../../src/core/sign-token.js').then(({ signToken }) =>
        signToken(running.apiKey, { now: tenant.clock.now(), ...tokenOptions }),
      );
    return {
      mode,
      apiKey: running.apiKey,
      core: running.fake,
      controls: controlsFor(running.fake, tenant),
      tenant,
      fetch: globalThis.fetch,
      token,
      call: makeCaller(globalThis.fetch, running.apiKey, token),
      stop: () => running.close(),
    };
  }
  if (mode === 'mounted') return startMounted(options);
  const fake = createFake(options);
  const inProcess = (fetchFn: typeof fetch, stop: () => Promise<void>): Harness => ({
    mode,
    apiKey: fake.apiKey,
    core: fake.core,
    controls: fake,
    tenant: fake.core.tenant,
    fetch: fetchFn,
    token: fake.token,
    call: makeCaller(fetchFn, fake.apiKey, fake.token),
    stop,
  });
  if (mode === 'fetch') return inProcess(fake.fetch, async () => {});
  const server = setupServer(...fake.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  return inProcess(globalThis.fetch, async () => server.close());
}

/**
 * createApp mounted in a user's Express app, beside a route of the user's own: the app listens first, then the fake
 * is made for the URL it got (its key file points there) and mounted.
 */
async function startMounted(options: FakeOptions): Promise<Harness> {
  const app = express();
  app.get('/health', (_req, res) => void res.json({ ok: true }));
  // Node's default header limit (16 KiB) would refuse a long token with 431 before the app sees it; a user's server
  // that takes such tokens raises it, as the standalone server does.
  const server = createServer({ maxHeaderSize: 65536 }, app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const core = new FakeCore({ ...options, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  app.use(createApp(core));
  const tenant = core.tenant;
  const token = (tokenOptions: TokenOptions = {}) =>
    signToken(core.apiKey, { now: tenant.clock.now(), ...tokenOptions });
  return {
    mode: 'mounted',
    apiKey: core.apiKey,
    core,
    controls: controlsFor(core, tenant),
    tenant,
    fetch: globalThis.fetch,
    token,
    call: makeCaller(globalThis.fetch, core.apiKey, token),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every transport, for `describe.each`. */
const ALL_MODES: ModeName[] = ['msw', 'fetch', 'express', 'mounted'];
/**
 * Every transport, or those named in FAKE_TEST_MODES (e.g. `msw`): .ci/run reruns the in-process tests under
 * other msw versions that way.
 */
export const MODES: ModeName[] = process.env.FAKE_TEST_MODES
  ? ALL_MODES.filter((mode) => process.env.FAKE_TEST_MODES?.split(',').includes(mode))
  : ALL_MODES;

/** A call's status, headers and body text exactly as sent, for byte-level comparisons. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** Like `Harness.call` with a JSON body, but keeps the body text as it came over the wire; still validated. */
export async function callText(fake: Harness, method: string, path: string, body?: unknown): Promise<RawAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${await fake.token()}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fake.fetch(`${fake.apiKey.adminRestApiUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const operationId = operationOf(method, path);
  const parsed: unknown = text === '' ? null : JSON.parse(text);
  if (operationId === null) assertApplicationError(parsed);
  else assertMatchesContract(operationId, response.status, parsed);
  return { status: response.status, headers: response.headers, text };
}
