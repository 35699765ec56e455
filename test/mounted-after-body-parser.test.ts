/**
 * createApp mounted in a user's Express app after a body parser of their own (express.json(), express.text(),
 * express.raw()): the parser has read the stream already, and the fake answers from what it kept instead of waiting
 * for an end that has passed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/adapters/express.js';
import { FakeCore } from '../src/cloud-admin/fake-core.js';
import { signToken } from '../src/core/sign-token.js';
import { assertMatchesContract } from './support/contract.js';

const JANE = 'jane.doe@example.com';
const PARSERS: [string, RequestHandler][] = [
  ['express.json()', express.json()],
  ['express.text({ type: "*/*" })', express.text({ type: '*/*' })],
  ['express.raw({ type: "*/*" })', express.raw({ type: '*/*' })],
];

describe.each(PARSERS)('createApp mounted after %s', (_name, parser) => {
  let server: Server;
  afterEach(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  it('answers lookups and enables with the bodies the parser read', async () => {
    const app = express();
    app.use(parser);
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const core = new FakeCore({ seed: 3, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    app.use(createApp(core));
    const call = async (method: string, path: string, body: unknown, operationId: string) => {
      const response = await fetch(`${core.apiKey.adminRestApiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${await signToken(core.apiKey)}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      const parsed: unknown = await response.json();
      assertMatchesContract(operationId, response.status, parsed);
      return { status: response.status, body: parsed };
    };
    const jane = await call('POST', 'v1/users/lookup', { email: JANE }, 'lookupUser');
    expect(jane).toMatchObject({ status: 200, body: { emailAddress: JANE } });
    const id = (jane.body as { id: string }).id;
    const enabled = await call(
      'PUT',
      `v1/users/${id}/emergencyTokencode`,
      { expirationDays: 2 },
      'enableEmergencyTokencodeV1',
    );
    expect(enabled.status).toBe(200);
    expect(core.tenant.store.findByEmail(JANE)?.eac?.id).toBe(
      (enabled.body as { emergencyTokencodeId: string }).emergencyTokencodeId,
    );
    expect(core.tenant.journal.entries({ operationId: 'lookupUser' })[0]?.requestBody).toEqual({ email: JANE });
  });
});
