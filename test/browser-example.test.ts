/**
 * The in-process fake in a browser: examples/browser/ built with esbuild, served from 127.0.0.1, run in real
 * Chromium with msw's setupWorker. The help-desk workflow goes through the Service Worker (lookup, enable, lookup,
 * disable), a scenario switch in the page makes the next enable answer 400, and fake.token() signs in the page. No
 * request leaves the page's origin except the vendor calls the worker answers.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { createFake } from '../src/create-fake.js';
import { launchChromium } from './support/browser.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUILD = new URL('../examples/browser/build/', import.meta.url);
const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'main.js': 'text/javascript; charset=utf-8',
  'mockServiceWorker.js': 'text/javascript; charset=utf-8',
};

/** Serves the built example (its three files, nothing else) on 127.0.0.1. */
function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]?.slice(1).replace(/^$/, 'index.html') ?? '';
    const type = TYPES[name];
    if (type === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(readFileSync(new URL(name, BUILD)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('examples/browser in Chromium under setupWorker', () => {
  let browser: Browser;
  let server: Server;
  let page: Page;
  let origin: string;
  /** Requests the page made to neither its own origin nor the fake's (the worker answers those). */
  const foreign: string[] = [];
  /** Requests to the fake's origin that reached the network instead of the worker. */
  const leaked: string[] = [];
  const errors: string[] = [];
  const baseUrl = createFake().baseUrl;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-browser-example.mjs'], { cwd: root, stdio: 'pipe' });
    server = await serve();
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    const context = await browser.newContext();
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== origin && url.origin !== baseUrl) foreign.push(request.url());
    });
    // Whatever is not the page's own origin never reaches the network: a vendor call the worker did not answer
    // arrives here and fails.
    await context.route(
      (url) => url.origin !== origin,
      (route) => {
        leaked.push(route.request().url());
        return route.abort();
      },
    );
    await page.goto(`${origin}/`);
    await page
      .getByRole('status')
      .filter({ hasText: /^Ready/ })
      .waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
      `${origin}/mockServiceWorker.js`,
    );
  }, 120_000);
  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const responses = () => page.getByRole('list', { name: 'Responses' }).getByRole('listitem');
  /** Clicks a button and returns the response it added: its title and its parsed body. */
  async function press(name: string): Promise<{ title: string; body: unknown }> {
    const before = await responses().count();
    await page.getByRole('button', { name }).click();
    await expect.poll(() => responses().count(), { timeout: 15_000 }).toBe(before + 1);
    const item = responses().nth(before);
    const text = (await item.locator('pre').textContent()) ?? '';
    return {
      title: (await item.locator('strong').textContent()) ?? '',
      body: text === '' ? undefined : JSON.parse(text),
    };
  }

  it('runs lookup, enable, lookup, disable through the Service Worker, then a switch makes enable answer 400', async () => {
    const first = await press('Look up');
    expect(first.title).toBe('POST v1/users/lookup: 200');
    expect(first.body).toMatchObject({
      emailAddress: 'jane.doe@example.com',
      userStatus: 'Enabled',
      emergencyAccessStatus: 'Disabled',
    });
    const userId = (first.body as { id: string }).id;

    const enabled = await press('Give a code');
    expect(enabled.title).toBe(`PUT v1/users/${userId}/emergencyTokencode: 200`);
    expect(enabled.body).toMatchObject({
      emergencyTokencode: expect.stringMatching(/^[0-9A-Z]{8}$/),
      emergencyTokencodeId: expect.any(String),
    });
    const codeId = (enabled.body as { emergencyTokencodeId: string }).emergencyTokencodeId;

    const again = await press('Look up');
    expect(again.body).toMatchObject({ id: userId, emergencyAccessStatus: 'Enabled', emergencyTokencodeId: codeId });

    const disabled = await press('Take the code back');
    expect(disabled.title).toBe(`DELETE v1/users/${userId}/emergencyTokencode/${codeId}: 200`);

    await page.getByRole('combobox', { name: 'Scenario' }).selectOption('user-disabled');
    const switched = await press('Switch scenario');
    expect(switched).toEqual({ title: "fake.useScenario('user-disabled'): done", body: { scenario: 'user-disabled' } });
    const lookedUp = await press('Look up');
    expect(lookedUp.body).toMatchObject({ emailAddress: 'jane.doe@example.com', userStatus: 'Disabled' });
    const refused = await press('Give a code');
    expect(refused.title).toMatch(/: 400$/);
    expect(refused.body).toEqual({ code: '400 BAD_REQUEST', description: 'User is disabled.' });

    expect(leaked).toEqual([]);
    expect(foreign).toEqual([]);
    // Chromium logs the one refused call, as for any 4xx a page fetches; nothing else went wrong.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 ()']);
  }, 120_000);

  it("signs with fake.token() in the page: RS256, the page's key file, verifiable with it", async () => {
    await page.getByRole('button', { name: 'Sign a token' }).click();
    const output = page.getByRole('status', { name: 'Token' });
    await expect.poll(() => output.textContent(), { timeout: 15_000 }).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const token = (await output.textContent()) ?? '';
    // The page made its fake with seed 1: the same seed gives the same key file here.
    const same = createFake({ seed: 1 });
    expect(decodeProtectedHeader(token)).toEqual({ typ: 'JWT', alg: 'RS256' });
    expect(decodeJwt(token)).toMatchObject({ sub: same.apiKey.accessID, aud: same.apiKey.adminRestApiUrl });
    const response = await same.fetch(`${same.apiKey.adminRestApiUrl}v1/users/lookup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'jane.doe@example.com' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ emailAddress: 'jane.doe@example.com' });
  });
});
