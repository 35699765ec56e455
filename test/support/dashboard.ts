/**
 * What the dashboard tests share: a client of the vendor API as a user's own code calls it (a fresh token from its
 * key file, every answer validated against the contract), and the dashboard opened live in Chromium.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ApiKeyFile } from '../../src/core/api-key.js';
import { signToken } from '../../src/core/sign-token.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { buildPages, launchChromium, openWatchedPage, type WatchedPage } from './browser.js';
import { assertApplicationError, assertMatchesContract, present } from './contract.js';
import { operationOf } from './modes.js';

/** What a client saw: the status, the JSON body and the fake's reason header. */
export interface ClientAnswer {
  status: number;
  body: unknown;
  reason: string | null;
}

/** Options of one client call. */
export interface ClientOptions {
  /** The key file to sign with (default: the server's own, the default tenant's). */
  apiKey?: ApiKeyFile;
  /** A token to send instead of one signed from the key file. */
  token?: string;
}

/**
 * Calls `method path` (relative to adminRestApiUrl) as a client would: signed at its tenant's clock, JSON in and
 * out, the answer validated against openapi/cloud-admin.yaml.
 */
export async function clientCall(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
  options: ClientOptions = {},
): Promise<ClientAnswer> {
  const apiKey = options.apiKey ?? server.apiKey;
  const clock = (server.fake.resolveTenant(apiKey.accessID) ?? server.fake.tenant).clock;
  const bearer = options.token ?? (await signToken(apiKey, { now: clock.now() }));
  const response = await fetch(`${apiKey.adminRestApiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? null : JSON.parse(text);
  const operationId = operationOf(method, path);
  if (operationId === null) assertApplicationError(parsed);
  else assertMatchesContract(operationId, response.status, parsed);
  return { status: response.status, body: parsed, reason: response.headers.get('x-fake-reason') };
}

/** Opens the dashboard of `server` and waits until its event stream is live. */
export async function openDashboard(browser: Browser, server: RunningServer, query = ''): Promise<WatchedPage> {
  const watched = await openWatchedPage(browser, server.url);
  await watched.page.goto(`${server.url}/__fake/ui${query}`);
  await watched.page.getByRole('status').filter({ hasText: 'live' }).waitFor();
  return watched;
}

/** What `useDashboard` gives a test: read them inside tests and hooks (they change before each test). */
export interface DashboardWorld {
  readonly browser: Browser;
  /** A fresh standalone fake for each test: seed 1, its clock frozen at `start`. */
  readonly server: RunningServer;
  /** The dashboard of `server`, opened live for each test. */
  readonly watched: WatchedPage;
}

/** Registers the hooks of a dashboard test file: Chromium once, then a fresh server and an open dashboard per test. */
export function useDashboard(start: string): DashboardWorld {
  let browser: Browser | undefined;
  let server: RunningServer | undefined;
  let watched: WatchedPage | undefined;
  beforeAll(async () => {
    buildPages();
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => {
    server = await startServer({ port: 0, seed: 1, clock: { start, frozen: true } });
    watched = await openDashboard(present(browser, 'the browser'), server);
  });
  afterEach(async () => {
    await watched?.page.context().close();
    await server?.close();
  });
  return {
    get browser() {
      return present(browser, 'the browser (beforeAll has not run)');
    },
    get server() {
      return present(server, 'the server (beforeEach has not run)');
    },
    get watched() {
      return present(watched, 'the dashboard page (beforeEach has not run)');
    },
  };
}
