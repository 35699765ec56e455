/**
 * The dashboard at /__fake/ui in real Chromium, driven as a person would (by role and accessible name), while a
 * client calls the fake as it would in a demo.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { signToken } from '../src/core/sign-token.js';
import { openWatchedPage, type WatchedPage } from './support/browser.js';
import { clientCall, useDashboard } from './support/dashboard.js';

const START = '2026-03-02T09:00:00.000Z';
const JANE = 'jane.doe@example.com';

describe('the dashboard in Chromium', () => {
  const world = useDashboard(START);
  // Read afresh in each test: the hooks give each test its own server and page.
  let server: RunningServer;
  let watched: WatchedPage;
  let browser: Browser;
  beforeEach(() => {
    ({ server, watched, browser } = world);
  });

  /** A client of the vendor API, as a user's own code would call it. */
  const client = (method: string, path: string, body?: unknown, token?: string) =>
    clientCall(server, method, path, body, token === undefined ? {} : { token });

  const janeId = async (): Promise<string> =>
    ((await client('POST', 'v1/users/lookup', { email: JANE })).body as { id: string }).id;

  const log = () => watched.page.getByRole('table', { name: 'Request log' });
  const users = () => watched.page.getByRole('table', { name: 'Users' });

  it('loads with no console errors and no request leaving the fake', async () => {
    await users().getByRole('cell', { name: JANE }).waitFor();
    const names = server.fake.listScenarios().map((scenario) => scenario.name);
    for (const name of names) expect(await watched.page.getByRole('button', { name, exact: true }).count()).toBe(1);
    expect(await watched.page.getByRole('button', { name: 'default', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await watched.page.getByRole('region', { name: 'Clock' }).getByLabel('Now').textContent()).toBe(
      '2026-03-02 09:00:00Z',
    );
    expect(watched.errors).toEqual([]);
    expect(watched.foreign).toEqual([]);
    expect(watched.requests.some((url) => url === `${server.url}/__fake/events`)).toBe(true);
  });

  it("shows a client's call in the request log within a second, pushed by the stream", async () => {
    await client('POST', 'v1/users/lookup', { email: JANE });
    const row = log().getByRole('row').filter({ hasText: 'lookupUser' });
    await row.waitFor({ timeout: 1000 });
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      '1',
      '03-02 09:00:00Z',
      'default',
      'lookupUser',
      'POST',
      '/v1/users/lookup',
      '200',
      expect.stringMatching(/^\d+\.\d$/),
      'Why',
    ]);
  });

  it('switches to user-disabled on its button: the next enable answers 400 "User is disabled."', async () => {
    const id = await janeId();
    await watched.page.getByRole('button', { name: 'user-disabled', exact: true }).click();
    await watched.page.locator('button[aria-pressed="true"]', { hasText: 'user-disabled' }).waitFor();
    expect(server.fake.tenant.scenario.name).toBe('user-disabled');
    const answer = await client('PUT', `v1/users/${id}/emergencyTokencode`, { expirationDays: 3 });
    expect(answer).toMatchObject({ status: 400, body: { code: '400 BAD_REQUEST', description: 'User is disabled.' } });
    await users().getByRole('row').filter({ hasText: JANE }).getByRole('cell', { name: 'Disabled' }).first().waitFor();
  });

  it("shows jane's code Expired after the clock moves 8 days", async () => {
    const id = await janeId();
    expect((await client('PUT', `v1/users/${id}/emergencyTokencode`, { expirationDays: 3 })).status).toBe(200);
    const jane = users().getByRole('row').filter({ hasText: JANE });
    await jane.getByRole('cell', { name: 'Enabled', exact: true }).nth(1).waitFor();
    await watched.page.getByRole('button', { name: '+7 days' }).click();
    await watched.page.getByRole('button', { name: '+1 day' }).click();
    await watched.page.getByLabel('Now').filter({ hasText: '2026-03-10 09:00:00Z' }).waitFor();
    await jane.getByRole('cell', { name: 'Expired' }).waitFor();
    expect(server.fake.tenant.clock.now()).toBe(Date.parse('2026-03-10T09:00:00.000Z'));
  });

  it('works under a control token: opened with ?token=, its own requests carry it in a cookie', async () => {
    const guarded = await startServer({ port: 0, seed: 1, controlToken: 'demo-secret' });
    try {
      const page = await openWatchedPage(browser, guarded.url);
      const refused = await page.page.goto(`${guarded.url}/__fake/ui`);
      expect(refused?.status()).toBe(403);
      await page.page.goto(`${guarded.url}/__fake/ui?token=demo-secret`);
      await page.page.getByRole('status').filter({ hasText: 'live' }).waitFor();
      expect(page.page.url()).toBe(`${guarded.url}/__fake/ui`);
      await page.page.getByRole('button', { name: 'eac-locked', exact: true }).click();
      await page.page.locator('button[aria-pressed="true"]', { hasText: 'eac-locked' }).waitFor();
      expect(guarded.fake.tenant.scenario.name).toBe('eac-locked');
      const [cookie] = await page.page.context().cookies();
      expect(cookie).toMatchObject({
        name: 'cloud-admin-fake-token',
        value: 'demo-secret',
        httpOnly: true,
        sameSite: 'Strict',
      });
      expect(page.errors.filter((error) => !error.includes('403'))).toEqual([]);
      await page.page.context().close();
    } finally {
      await guarded.close();
    }
  });

  it('names the reason of a 403 in its decision trace', async () => {
    const forged = await signToken(server.apiKey, {
      now: server.fake.tenant.clock.now(),
      aud: 'https://elsewhere.example/',
    });
    const answer = await client('POST', 'v1/users/lookup', { email: JANE }, forged);
    expect(answer.status).toBe(403);
    expect(answer.reason).not.toBeNull();
    await log().getByRole('button', { name: 'Why 403 for request 1' }).click();
    const trace = watched.page.getByRole('definition').filter({ hasText: 'refused' });
    expect(await trace.textContent()).toBe(`refused: ${answer.reason}`);
    const curl = await watched.page.getByLabel('cURL command').textContent();
    expect(curl).toContain(`curl -X POST '${server.url}/AdminInterface/restapi/v1/users/lookup'`);
    expect(curl).toContain(`--data-raw '{"email":"${JANE}"}'`);
  });
});
