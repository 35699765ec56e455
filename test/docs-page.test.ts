/** The API reference at /__fake/docs in real Chromium: both contracts rendered offline, try-it calls to this fake. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { loadSpec, type SpecName } from '../src/core/spec.js';
import { buildPages, launchChromium, openWatchedPage } from './support/browser.js';

const operationIds = (name: SpecName): string[] =>
  Object.values(loadSpec(name).paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId));

describe('the API reference in Chromium', () => {
  let browser: Browser;
  let server: RunningServer;

  beforeAll(async () => {
    buildPages();
    browser = await launchChromium();
    server = await startServer({ port: 0, seed: 1 });
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it('lists every operation of both contracts, and its try-it calls reach this fake', async () => {
    const watched = await openWatchedPage(browser, server.url);
    const { page } = watched;
    await page.goto(`${server.url}/__fake/docs`);
    const vendor = page.getByRole('region', { name: 'Cloud Administration API' });
    const control = page.getByRole('region', { name: 'Control plane' });
    await vendor.getByText('lookupUser', { exact: true }).waitFor();
    await control.getByText('listScenarios', { exact: true }).waitFor();
    for (const id of operationIds('cloud-admin')) expect(await vendor.getByText(id, { exact: true }).count()).toBe(1);
    for (const id of operationIds('control-plane'))
      expect(await control.getByText(id, { exact: true }).count()).toBe(1);

    // Try it: GET /scenarios of the control plane, executed from the page, answered by this server.
    await control.getByText('listScenarios', { exact: true }).click();
    await control.getByRole('button', { name: 'Try it out' }).click();
    const answered = page.waitForResponse((response) => response.url() === `${server.url}/__fake/scenarios`);
    await control.getByRole('button', { name: 'Execute' }).click();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(((await response.json()) as { name: string }[]).map((scenario) => scenario.name)).toContain('user-disabled');

    expect(watched.errors).toEqual([]);
    expect(watched.foreign).toEqual([]);
    await page.context().close();
  });
});
