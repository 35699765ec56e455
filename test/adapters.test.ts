/**
 * Details of the three adapters: the web adapter takes the raw path without parsing the URL, the Express server
 * sends a Content-Length (it used to answer chunked), and the fake's own fetch serves only the fake's origin, like
 * the msw handlers (it used to answer any URL).
 */
import { createServer, request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createListener } from '../src/adapters/node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFake } from '../src/create-fake.js';
import { fromWebRequest } from '../src/adapters/web.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { signToken } from '../src/core/sign-token.js';
import { assertMatchesContract } from './support/contract.js';

const JANE = 'jane.doe@example.com';

describe('fromWebRequest', () => {
  it('takes the path from the URL string as written, without parsing the URL', async () => {
    // A host URL() refuses: parsing it would throw, so only the raw string can have given the path.
    const request = {
      url: 'https://[not-an-ip]/AdminInterface/restapi/./v1/users/lookup',
      method: 'GET',
      headers: new Headers(),
      body: null,
    } as unknown as Request;
    expect(() => new URL(request.url)).toThrow(TypeError);
    const core = await fromWebRequest(request, 1024);
    expect(core?.path).toBe('/AdminInterface/restapi/./v1/users/lookup');
  });
});

describe('the standalone server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 7 });
  });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed before assigning it
  afterAll(() => server?.close());

  it('sends a Content-Length that matches the body, not a chunked body', async () => {
    const token = await signToken(server.apiKey);
    const answer = await new Promise<{ status: number; headers: Record<string, unknown>; raw: Buffer }>(
      (resolve, reject) => {
        const req = httpRequest(`${server.apiKey.adminRestApiUrl}v1/users/lookup`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }),
          );
        });
        req.on('error', reject);
        req.end(JSON.stringify({ email: JANE }));
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(answer.headers['content-length']).toBe(String(answer.raw.byteLength));
    const body = JSON.parse(answer.raw.toString('utf8')) as unknown;
    assertMatchesContract('lookupUser', 200, body);
    expect(body).toMatchObject({ emailAddress: JANE });
  });

  it('counts bytes, not characters, in the Content-Length', async () => {
    const token = await signToken(server.apiKey);
    const email = 'zoë.müller@example.com';
    const response = await fetch(`${server.apiKey.adminRestApiUrl}v1/users/lookup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    const raw = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(404);
    assertMatchesContract('lookupUser', 404, JSON.parse(raw.toString('utf8')));
    expect(raw.toString('utf8')).toContain(email);
    expect(response.headers.get('transfer-encoding')).toBeNull();
    expect(response.headers.get('content-length')).toBe(String(raw.byteLength));
    expect(raw.byteLength).toBeGreaterThan(raw.toString('utf8').length);
  });

  it('reads a body sent in two chunks with a character split between them as the text the client sent', async () => {
    const token = await signToken(server.apiKey);
    const email = 'zoë.müller@example.com';
    const body = Buffer.from(JSON.stringify({ email }), 'utf8');
    const split = body.indexOf(Buffer.from('ë', 'utf8')) + 1; // inside the two bytes of ë
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${server.apiKey.adminRestApiUrl}v1/users/lookup`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.flushHeaders();
      req.write(body.subarray(0, split));
      setTimeout(() => req.end(body.subarray(split)), 50);
    });
    expect(answer.status).toBe(404);
    expect(answer.text).toContain(email);
    const entry = server.fake.tenant.journal.entries().at(-1);
    expect(entry?.requestBody).toEqual({ email });
  });
});

describe('the standalone server, answers sent together at the end of an event-loop turn', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 7, throttle: { requestsPerSecond: 0, burst: 1 } });
  });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed before assigning it
  afterAll(() => server?.close());

  it('answers requests pipelined on one connection in their order, each with its own body', async () => {
    const token = await signToken(server.apiKey);
    const { port } = new URL(server.url);
    const path = new URL(`${server.apiKey.adminRestApiUrl}v1/users/lookup`).pathname;
    const emails = [JANE, 'nobody@example.com', JANE, 'disabled.user@example.com'];
    const requests = emails
      .map((email) => {
        const body = JSON.stringify({ email });
        return (
          `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
        );
      })
      .join('');
    /** The answers read off the socket, each status with its body, once all have come. */
    const answers = await new Promise<{ status: number; body: string }[]>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(requests));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
        const parsed: { status: number; body: string }[] = [];
        let rest = text;
        for (;;) {
          const end = rest.indexOf('\r\n\r\n');
          if (end === -1) break;
          const head = rest.slice(0, end);
          const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
          if (rest.length < end + 4 + length) break;
          parsed.push({ status: Number(head.slice(9, 12)), body: rest.slice(end + 4, end + 4 + length) });
          rest = rest.slice(end + 4 + length);
        }
        if (parsed.length === emails.length) {
          socket.destroy();
          resolve(parsed);
        }
      });
      socket.on('error', reject);
      socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
    });
    expect(answers.map((answer) => answer.status)).toEqual([200, 404, 200, 200]);
    expect(JSON.parse(answers[0]?.body ?? '')).toMatchObject({ emailAddress: JANE });
    expect(JSON.parse(answers[1]?.body ?? '')).toMatchObject({ code: '404 NOT_FOUND' });
    expect(JSON.parse(answers[3]?.body ?? '')).toMatchObject({ emailAddress: 'disabled.user@example.com' });
  });

  it('answers many connections at once, each its own code, in the text JSON.stringify writes', async () => {
    const token = await signToken(server.apiKey);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const lookup = await fetch(`${server.apiKey.adminRestApiUrl}v1/users/lookup`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email: JANE }),
    });
    const { id } = (await lookup.json()) as { id: string };
    const url = `${server.apiKey.adminRestApiUrl}v1/users/${encodeURIComponent(id)}/emergencyTokencode`;
    const answers = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const response = await fetch(url, { method: 'PUT', headers, body: JSON.stringify({ expirationDays: 3 }) });
        return {
          status: response.status,
          operation: response.headers.get('x-fake-operation'),
          text: await response.text(),
        };
      }),
    );
    const codes = new Set<string>();
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.operation).toBe('enableEmergencyTokencodeV1');
      const body = JSON.parse(answer.text) as { emergencyTokencodeId: string };
      assertMatchesContract('enableEmergencyTokencodeV1', 200, body);
      expect(answer.text).toBe(JSON.stringify(body));
      expect(Object.keys(body)).toEqual([
        'emergencyTokencodeId',
        'emergencyTokencode',
        'expirationDate',
        'offlineExpirationDate',
      ]);
      codes.add(body.emergencyTokencodeId);
    }
    expect(codes.size).toBe(40);
    const journaled = server.fake.tenant.journal.entries({ operationId: 'enableEmergencyTokencodeV1' });
    expect(
      journaled.map((entry) => (entry.responseBody as { emergencyTokencodeId: string }).emergencyTokencodeId),
    ).toEqual(expect.arrayContaining([...codes]));
  });
});

describe("the fake's fetch", () => {
  it('answers requests under its baseUrl', async () => {
    const fake = createFake({ seed: 7 });
    const response = await fake.fetch(`${fake.apiKey.adminRestApiUrl}v1/users/lookup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await fake.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: JANE }),
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ['another host', 'https://other.example.test/AdminInterface/restapi/v1/users/lookup'],
    ['another scheme', 'http://fake-tenant.access.securid.com/AdminInterface/restapi/v1/users/lookup'],
    ['another port', 'https://fake-tenant.access.securid.com:8443/AdminInterface/restapi/v1/users/lookup'],
    ['a host that only starts like it', 'https://fake-tenant.access.securid.com.evil.test/AdminInterface/'],
  ])('rejects a request to %s with a TypeError naming the URL and the baseUrl', async (_, url) => {
    const fake = createFake({ seed: 7 });
    expect(fake.baseUrl).toBe('https://fake-tenant.access.securid.com');
    const failure = await fake.fetch(url, { method: 'POST' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe(
      `Failed to fetch ${url}: this fetch serves only the fake at https://fake-tenant.access.securid.com. Call the fake's adminRestApiUrl, or use the global fetch for other hosts.`,
    );
    expect(fake.journal()).toEqual([]);
  });
});

describe('the node:http listener over a handler with a defect', () => {
  const handlers = {
    throws: () => {
      throw new Error('thrown, not rejected');
    },
    rejects: () => Promise.reject(new Error('rejected')),
  };

  it('sends what a handler returns as a plain response, not a promise, and goes on serving', async () => {
    const handler = {
      maxBodyBytes: 1024,
      handle: () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"plain":true}' }),
    };
    const server = createServer(createListener(handler as never));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const method of ['GET', 'POST']) {
        const answer = await fetch(`${base}/x`, { method, ...(method === 'POST' && { body: '{}' }) });
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-length')).toBe('14');
        expect(await answer.json()).toEqual({ plain: true });
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it.each(Object.keys(handlers) as (keyof typeof handlers)[])(
    'answers 500 in the vendor shape when the handler %s, and goes on serving',
    async (kind) => {
      let calls = 0;
      const handler = {
        maxBodyBytes: 1024,
        handle: (request: { path: string }) => {
          calls += 1;
          if (request.path === '/ok') return Promise.resolve({ status: 204, headers: {}, body: null });
          return handlers[kind]();
        },
      };
      const server = createServer(createListener(handler));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        // With a body (answered from the body's end) and without one (answered at once).
        for (const init of [{ method: 'POST', body: '{}' }, { method: 'GET' }]) {
          const failed = await fetch(`${base}/AdminInterface/restapi/v1/users/lookup`, init);
          expect(failed.status).toBe(500);
          expect(failed.headers.get('content-type')).toBe('application/json');
          expect(failed.headers.get('x-fake-reason')).toContain('fake defect');
          expect(await failed.json()).toEqual({ code: '500 INTERNAL_SERVER_ERROR', description: expect.any(String) });
        }
        const next = await fetch(`${base}/ok`);
        expect(next.status).toBe(204);
        expect(calls).toBe(3);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  );
});
