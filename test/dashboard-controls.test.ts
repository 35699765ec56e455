/**
 * The dashboard's controls in real Chromium, beyond the demo path of dashboard-page.test.ts: the log's filters,
 * clear and HAR export, faults, the throttle, the company EAC settings, reset, the tenant picker and the clock form.
 * Each action is checked where it lands, through the control plane (every answer validated against its contract).
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyFile } from '../src/core/api-key.js';
import { signToken } from '../src/core/sign-token.js';
import type { RunningServer } from '../src/server/start-server.js';
import type { WatchedPage } from './support/browser.js';
import { control } from './support/control.js';
import { clientCall, useDashboard } from './support/dashboard.js';

const START = '2026-03-02T09:00:00.000Z';
const JANE = 'jane.doe@example.com';

/** The HAR 1.2 fields the dashboard fills, as read back from its export. */
interface Har {
  log: {
    version: string;
    creator: { name: string };
    entries: {
      startedDateTime: string;
      request: {
        method: string;
        url: string;
        queryString: { name: string; value: string }[];
        postData?: { mimeType: string; text: string };
      };
      response: { status: number; content: { mimeType: string; text?: string } };
      comment: string;
    }[];
  };
}

describe('the dashboard controls in Chromium', () => {
  const world = useDashboard(START);
  // Read afresh in each test: the hooks give each test its own server and page.
  let server: RunningServer;
  let watched: WatchedPage;
  beforeEach(() => {
    ({ server, watched } = world);
  });
  afterEach(() => {
    expect(watched.errors).toEqual([]);
    expect(watched.foreign).toEqual([]);
  });

  const client = (method: string, path: string, body?: unknown, apiKey?: ApiKeyFile) =>
    clientCall(server, method, path, body, apiKey === undefined ? {} : { apiKey });
  const janeId = async (apiKey?: ApiKeyFile): Promise<string> =>
    ((await client('POST', 'v1/users/lookup', { email: JANE }, apiKey)).body as { id: string }).id;
  /** A control call acting on the tenant of `apiKey` (the default tenant without one). */
  const controlOf = async (method: string, path: string, body?: unknown, apiKey?: ApiKeyFile) =>
    control(
      server.url,
      method,
      path,
      body,
      apiKey === undefined ? {} : { token: await signToken(apiKey, { now: Date.parse(START) }) },
    );
  const createTenant = async (scenario?: string): Promise<ApiKeyFile> => {
    const created = await control(server.url, 'POST', '/__fake/tenants', scenario === undefined ? {} : { scenario });
    expect(created.status).toBe(201);
    return created.body as ApiKeyFile;
  };

  const region = (name: string) => watched.page.getByRole('region', { name, exact: true });
  const logRegion = () => region('Request log');
  /** The rows the request log shows once it shows `count` of them (newest first), as their cells' texts. */
  async function rows(count: number): Promise<string[][]> {
    const shown = logRegion().getByRole('table', { name: 'Request log' }).locator('tbody').getByRole('row');
    await expect.poll(() => shown.count(), { timeout: 5000 }).toBe(count);
    return Promise.all((await shown.all()).map((row) => row.getByRole('cell').allTextContents()));
  }
  /** Waits until the page lists `count` tenants (its picker has their options). */
  const tenantsListed = (count: number) =>
    expect
      .poll(() => watched.page.getByRole('banner').getByRole('combobox', { name: 'Tenant' }).locator('option').count())
      .toBe(count);

  it("filters the log by operation, status and tenant, and clears one tenant's journal", async () => {
    const other = await createTenant();
    await tenantsListed(2);
    const id = await janeId();
    expect((await client('POST', 'v1/users/lookup', { email: 'nobody@example.com' })).status).toBe(404);
    expect((await client('PUT', `v1/users/${id}/emergencyTokencode`, { expirationDays: 3 })).status).toBe(200);
    await janeId(other);
    const all = await rows(4);
    expect(all.map((cells) => [cells[2], cells[3], cells[6]])).toEqual([
      [other.customerName, 'lookupUser', '200'],
      ['default', 'enableEmergencyTokencodeV1', '200'],
      ['default', 'lookupUser', '404'],
      ['default', 'lookupUser', '200'],
    ]);

    const operation = logRegion().getByRole('combobox', { name: 'Operation' });
    await operation.selectOption('enableEmergencyTokencodeV1');
    expect((await rows(1))[0]?.slice(3, 7)).toEqual([
      'enableEmergencyTokencodeV1',
      'PUT',
      `/v1/users/${id}/emergencyTokencode`,
      '200',
    ]);
    // Back to all four before the next filter: one row shown would otherwise read as the next filter's answer.
    await operation.selectOption('');
    await rows(4);
    const status = logRegion().getByRole('textbox', { name: 'Status' });
    await status.fill('404');
    expect((await rows(1))[0]?.slice(3, 7)).toEqual(['lookupUser', 'POST', '/v1/users/lookup', '404']);
    await status.fill('');
    await rows(4);
    const tenant = logRegion().getByRole('combobox', { name: 'Tenant' });
    await tenant.selectOption(other.accessID);
    expect((await rows(1))[0]?.[2]).toBe(other.customerName);

    // Clear acts on the tenant the filter names, and only on it.
    await logRegion().getByRole('button', { name: 'Clear log' }).click();
    await rows(0);
    expect((await controlOf('GET', '/__fake/journal', undefined, other)).body).toEqual([]);
    expect(((await controlOf('GET', '/__fake/journal')).body as unknown[]).length).toBe(3);
    await tenant.selectOption('');
    expect((await rows(3)).map((cells) => cells[2])).toEqual(['default', 'default', 'default']);
  });

  it('exports the entries it shows as HAR 1.2, with both bodies and the decision trace', async () => {
    await janeId();
    const refused = await clientCall(server, 'POST', 'v1/users/lookup', { email: JANE }, { token: 'not-a-token' });
    expect(refused.status).toBe(403);
    expect((await client('POST', 'v2/users/search?pageSize=2', { emailLike: 'example.com' })).status).toBe(200);
    await rows(3);
    const [download] = await Promise.all([
      watched.page.waitForEvent('download'),
      logRegion().getByRole('button', { name: 'Export HAR' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('cloud-admin-fake.har');
    const har = JSON.parse(readFileSync(await download.path(), 'utf8')) as Har;
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator.name).toBe('cloud-admin-fake');
    const [found, forbidden, search] = har.log.entries;
    const url = `${server.url}/AdminInterface/restapi/v1/users/lookup`;
    expect(found?.startedDateTime).toBe(START);
    expect(found?.request).toMatchObject({
      method: 'POST',
      url,
      postData: { mimeType: 'application/json', text: JSON.stringify({ email: JANE }) },
    });
    expect(found?.response.status).toBe(200);
    expect(JSON.parse(found?.response.content.text ?? 'null')).toMatchObject({ emailAddress: JANE });
    expect(JSON.parse(found?.comment ?? 'null')).toMatchObject({ token: { verdict: 'accepted' } });
    expect(forbidden?.request).toMatchObject({ method: 'POST', url });
    expect(forbidden?.response.status).toBe(403);
    expect(JSON.parse(forbidden?.response.content.text ?? 'null')).toEqual(refused.body);
    expect(JSON.parse(forbidden?.comment ?? 'null')).toMatchObject({ token: { verdict: 'refused' } });
    expect(found?.request.queryString).toEqual([]);
    expect(search?.request).toMatchObject({
      url: `${server.url}/AdminInterface/restapi/v2/users/search?pageSize=2`,
      queryString: [{ name: 'pageSize', value: '2' }],
    });
    // The log and the cURL command show the query too: replayed, the request is the one that was sent.
    await logRegion().getByRole('button', { name: 'Why 200 for request 3' }).click();
    expect(await watched.page.getByLabel('cURL command').textContent()).toContain(
      `curl -X POST '${server.url}/AdminInterface/restapi/v2/users/search?pageSize=2'`,
    );
    expect((await rows(3))[0]?.[5]).toBe('/v2/users/search?pageSize=2');
  });

  it('adds and removes faults, sets the throttle and the EAC settings, and resets the tenant', async () => {
    const faults = region('Faults');
    const inForce = faults.getByRole('list', { name: 'Faults in force' });
    await faults.getByRole('combobox', { name: 'Operation' }).selectOption('lookupUser');
    await faults.getByRole('spinbutton', { name: 'Status' }).fill('500');
    await faults.getByRole('spinbutton', { name: 'Times' }).fill('1');
    await faults.getByRole('button', { name: 'Add fault' }).click();
    await inForce.getByRole('listitem').filter({ hasText: 'lookupUser, status 500, 1x' }).waitFor();
    expect((await controlOf('GET', '/__fake/faults')).body).toMatchObject([
      { operationId: 'lookupUser', status: 500, times: 1 },
    ]);
    const failed = await client('POST', 'v1/users/lookup', { email: JANE });
    expect(failed.status).toBe(500);
    expect((await client('POST', 'v1/users/lookup', { email: JANE })).status).toBe(200);

    await faults.getByRole('combobox', { name: 'Operation' }).selectOption('*');
    await faults.getByRole('spinbutton', { name: 'Status' }).fill('');
    await faults.getByRole('spinbutton', { name: 'Times' }).fill('');
    await faults.getByRole('spinbutton', { name: 'Latency ms' }).fill('5');
    await faults.getByRole('button', { name: 'Add fault' }).click();
    await faults.getByRole('button', { name: 'Remove fault *, latency 5 ms' }).click();
    await inForce.getByRole('listitem').filter({ hasText: 'none' }).waitFor();
    expect((await controlOf('GET', '/__fake/faults')).body).toEqual([]);

    const throttle = region('Throttle');
    await throttle.getByRole('spinbutton', { name: 'Requests/s' }).fill('1');
    await throttle.getByRole('spinbutton', { name: 'Burst' }).fill('1');
    await throttle.getByRole('button', { name: 'Set throttle' }).click();
    await expect
      .poll(async () => (await controlOf('GET', '/__fake/throttle')).body)
      .toMatchObject({ requestsPerSecond: 1, burst: 1 });
    const statuses = [];
    for (let i = 0; i < 2; i++) statuses.push((await client('POST', 'v1/users/lookup', { email: JANE })).status);
    expect(statuses).toEqual([200, 429]);

    const settings = region('Company EAC settings');
    await settings.getByRole('spinbutton', { name: 'Expiry' }).fill('2');
    await settings.getByRole('checkbox', { name: 'Locked' }).check();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(async () => (await controlOf('GET', '/__fake/settings')).body)
      .toMatchObject({ expiryValue: 2, expiryUnit: 'days', locked: true });

    await watched.page.getByRole('button', { name: 'Reset tenant' }).click();
    await rows(0);
    await expect.poll(() => settings.getByRole('checkbox', { name: 'Locked' }).isChecked()).toBe(false);
    expect((await controlOf('GET', '/__fake/settings')).body).toMatchObject({ expiryValue: 3, locked: false });
    expect((await controlOf('GET', '/__fake/faults')).body).toEqual([]);
    expect((await client('POST', 'v1/users/lookup', { email: JANE })).status).toBe(200);
    expect((await client('POST', 'v1/users/lookup', { email: JANE })).status).toBe(200);
  });

  it('acts on the tenant picked: its scenario, its users and its clock', async () => {
    const other = await createTenant('user-disabled');
    await tenantsListed(2);
    await watched.page.getByRole('banner').getByRole('combobox', { name: 'Tenant' }).selectOption(other.accessID);
    await watched.page.locator('button[aria-pressed="true"]', { hasText: 'user-disabled' }).waitFor();
    const users = watched.page.getByRole('table', { name: 'Users' });
    await users.getByRole('row').filter({ hasText: JANE }).getByRole('cell', { name: 'Disabled' }).first().waitFor();

    const clock = region('Clock');
    await clock.getByRole('button', { name: '+1 hour' }).click();
    await clock.getByLabel('Now').filter({ hasText: '2026-03-02 10:00:00Z' }).waitFor();
    expect((await controlOf('GET', '/__fake/clock', undefined, other)).body).toEqual({
      now: '2026-03-02T10:00:00.000Z',
      frozen: true,
    });
    expect((await controlOf('GET', '/__fake/clock')).body).toEqual({ now: START, frozen: true });

    await clock.getByLabel('Set to').fill('2026-04-01T10:30:00');
    await clock.getByRole('button', { name: 'Set clock' }).click();
    await clock.getByLabel('Now').filter({ hasText: '2026-04-01 10:30:00Z' }).waitFor();
    expect((await controlOf('GET', '/__fake/clock', undefined, other)).body).toEqual({
      now: '2026-04-01T10:30:00.000Z',
      frozen: true,
    });
    expect((await controlOf('GET', '/__fake/scenario')).body).toMatchObject({ name: 'default' });
    expect((await controlOf('GET', '/__fake/scenario', undefined, other)).body).toMatchObject({
      name: 'user-disabled',
    });
  });
});
