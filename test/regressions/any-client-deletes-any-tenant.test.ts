/** Regression: any control client could delete any tenant; a tenant's token now removes that tenant only. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { control, tokenFor } from '../support/control.js';

describe('removing a tenant over the control plane', () => {
  let running: RunningServer;
  beforeEach(async () => {
    running = await startServer({ port: 0 });
  });
  afterEach(() => running.close());

  it("refuses another tenant's token with 403 and keeps the tenant; its own token or none removes it", async () => {
    const mine = running.fake.createTenant();
    const theirs = running.fake.createTenant();
    const refused = await control(running.url, 'DELETE', `/__fake/tenants/${theirs.accessId}`, undefined, {
      token: await tokenFor(mine.apiKey),
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      code: '403 FORBIDDEN',
      description: `Failed to remove tenant ${theirs.accessId}: the bearer token names another tenant, and a tenant's token may remove only that tenant (send none, or its own).`,
    });
    expect(running.fake.tenantIds()).toContain(theirs.accessId);
    const own = await control(running.url, 'DELETE', `/__fake/tenants/${mine.accessId}`, undefined, {
      token: await tokenFor(mine.apiKey),
    });
    expect(own.status).toBe(204);
    expect((await control(running.url, 'DELETE', `/__fake/tenants/${theirs.accessId}`)).status).toBe(204);
    expect(running.fake.tenantIds()).toEqual([running.fake.tenant.accessId]);
  });
});
