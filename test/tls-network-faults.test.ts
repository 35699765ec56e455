/**
 * Network faults over --tls: a TLSSocket has no TCP handle to reset, so `reset` must still fail the connection
 * (it used to throw ERR_INVALID_HANDLE_TYPE and answer 500).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { controlsFor } from '../src/control-plane/controls.js';
import { signToken } from '../src/core/sign-token.js';

const EMAIL = 'jane.doe@example.com';

/** What a lookup over https ended with: an HTTP answer, or a failure before any answer. */
type Outcome = { status: number; body: string } | { error: NodeJS.ErrnoException };

function lookup(server: RunningServer, token: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      `${server.apiKey.adminRestApiUrl}v1/users/lookup`,
      {
        method: 'POST',
        ca: server.certificate?.cert,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        timeout: 10_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error }));
    req.end(JSON.stringify({ email: EMAIL }));
  });
}

describe('network faults over tls', () => {
  let dir: string;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cloud-admin-tls-faults-'));
    server = await startServer({ port: 0, tls: true, keyFile: join(dir, 'api.key'), seed: 7 });
    token = await signToken(server.apiKey);
  });
  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed before assigning it
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['reset', 'error'] as const)('fails the connection with no HTTP answer for a %s fault', async (kind) => {
    const controls = controlsFor(server.fake, server.fake.tenant);
    controls.clearFaults();
    controls.addFault({ operationId: 'lookupUser', networkError: kind, times: 1 });
    const failed = await lookup(server, token);
    expect(failed).not.toHaveProperty('status');
    expect(failed).toHaveProperty('error');
    const error = (failed as { error: NodeJS.ErrnoException }).error;
    expect(error.message).not.toBe('timed out');
    expect(error.code).toMatch(/^(ECONNRESET|EPIPE)$/);
    // The fault applied once: the next call is answered normally.
    const next = await lookup(server, token);
    expect(next).toMatchObject({ status: 200 });
    expect(JSON.parse((next as { body: string }).body)).toMatchObject({ emailAddress: EMAIL });
  });
});
