// Takes the README's screenshots of the dashboard (docs/dashboard-default.png, docs/dashboard-error.png) in Debian's
// chromium: a fake on a free port, a client's calls, then the same calls under an error scenario.
// Run: npm run build && node scripts/screenshots.mjs
import { chromium } from 'playwright-core';
import { startServer } from '../dist/server/start-server.js';
import { signToken } from '../dist/core/sign-token.js';

const server = await startServer({ port: 0, seed: 1, clock: { start: '2026-03-02T09:00:00.000Z', frozen: true } });
const call = async (method, path, body, aud) => {
  const token = await signToken(server.apiKey, { now: server.fake.tenant.clock.now(), ...(aud && { aud }) });
  const response = await fetch(`${server.apiKey.adminRestApiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return text === '' ? null : JSON.parse(text);
};
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 980 } });
  await page.goto(`${server.url}/__fake/ui`);
  await page.getByRole('status').filter({ hasText: 'live' }).waitFor();
  const jane = await call('POST', 'v1/users/lookup', { email: 'jane.doe@example.com' });
  await call('PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 3 });
  await call('POST', 'v1/users/lookup', { email: 'disabled.user@example.com' });
  await page.getByRole('button', { name: 'Why 200 for request 2' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/dashboard-default.png' });

  await page.getByRole('button', { name: 'user-disabled', exact: true }).click();
  await page.locator('button[aria-pressed="true"]', { hasText: 'user-disabled' }).waitFor();
  await call('PUT', `v1/users/${jane.id}/emergencyTokencode`, { expirationDays: 3 });
  await call('POST', 'v1/users/lookup', { email: 'jane.doe@example.com' }, 'https://elsewhere.example/');
  await page.getByRole('button', { name: 'Why 400 for request 1' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/dashboard-error.png' });
} finally {
  await browser.close();
  await server.close();
}
