/**
 * The control plane no web page can drive: it answers only its own host names (no DNS rebinding), refuses a foreign
 * Origin, a cross-site fetch and non-JSON writes (forms, text/plain), sends no CORS headers, and decides all that
 * before it reads a body. The control plane is served by the standalone server only.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server/start-server.js';

let running: RunningServer;
let port: number;
beforeEach(async () => {
  running = await startServer({ port: 0, clock: { start: '2026-03-01T09:00:00.000Z' }, allowHosts: ['fake.test'] });
  port = Number(new URL(running.url).port);
});
afterEach(() => running.close());

/** Sends one request with exactly these headers (fetch would not let a test set Host) and reads the answer. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? null : JSON.parse(text) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const state = () => JSON.stringify({ ...running.fake.tenant.exportState(), tenants: running.fake.tenantIds() });
const own = () => ({ host: `127.0.0.1:${port}` });

describe('the control plane and web pages', () => {
  it('answers its own names: 127.0.0.1, localhost, [::1] and one given with allowHosts', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `fake.test:${port}`, 'LOCALHOST']) {
      const answer = await send('GET', '/__fake/clock', { host });
      expect(answer.status, host).toBe(200);
      expect(answer.body).toEqual({ now: '2026-03-01T09:00:00.000Z', frozen: true });
    }
  });

  it('refuses a rebound Host with 403, before the state or a key leaves', async () => {
    const before = state();
    const read = await send('GET', '/__fake/state', { host: `evil.example:${port}` });
    expect(read.status).toBe(403);
    expect(read.headers['content-type']).toBe('application/json');
    expect(read.body).toEqual({
      code: '403 FORBIDDEN',
      description:
        'The control plane answers requests for its own host names only, not "evil.example" (add one with --allow-host).',
    });
    const create = await send(
      'POST',
      '/__fake/tenants',
      { host: 'evil.example', 'content-type': 'application/json' },
      '{}',
    );
    expect(create.status).toBe(403);
    expect(JSON.stringify(create.body)).not.toContain('PRIVATE KEY');
    expect(state()).toBe(before);
  });

  it('refuses a foreign Origin, another port of localhost included, and changes nothing', async () => {
    const before = state();
    for (const origin of ['https://evil.example', `http://localhost:${port + 1}`, 'null']) {
      const answer = await send('POST', '/__fake/reset', { ...own(), origin, 'content-type': 'application/json' });
      expect(answer.status, origin).toBe(403);
      expect(answer.body).toEqual({
        code: '403 FORBIDDEN',
        description: `The control plane refuses requests from another origin: ${origin}.`,
      });
    }
    expect(state()).toBe(before);
    const same = await send('GET', '/__fake/clock', { ...own(), origin: `http://127.0.0.1:${port}` });
    expect(same.status).toBe(200);
  });

  it('refuses a cross-site fetch (Sec-Fetch-Site) with 403', async () => {
    const answer = await send('POST', '/__fake/reset', { ...own(), 'sec-fetch-site': 'cross-site' });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      code: '403 FORBIDDEN',
      description: 'The control plane refuses cross-site requests from web pages.',
    });
  });

  it.each([
    ['text/plain', '{"seed":1}', '/__fake/tenants'],
    ['application/x-www-form-urlencoded', 'seed=1', '/__fake/tenants'],
    ['multipart/form-data; boundary=x', '--x--', '/__fake/reset'],
    ['text/plain', '', '/__fake/reset'],
  ])('refuses a %s write (no preflight needed) with 415, and changes nothing', async (type, body, path) => {
    running.fake.tenant.clock.advance(1000);
    const before = state();
    const answer = await send('POST', path, { ...own(), 'content-type': type }, body);
    expect(answer.status).toBe(415);
    expect(answer.body).toEqual({
      code: '415 UNSUPPORTED_MEDIA_TYPE',
      description: `Content type '${type}' not supported.`,
    });
    expect(answer.headers['x-fake-reason']).toBe(
      'control-plane writes are JSON only: send Content-Type: application/json',
    );
    expect(state()).toBe(before);
  });

  it('still takes a write without a body or with JSON (as curl and the helpers send them)', async () => {
    expect((await send('POST', '/__fake/reset', own())).status).toBe(200);
    const created = await send(
      'POST',
      '/__fake/tenants',
      { ...own(), 'content-type': 'application/json' },
      '{"seed":2}',
    );
    expect(created.status).toBe(201);
  });

  it('sends no CORS headers, also to a preflight', async () => {
    for (const [method, headers] of [
      ['GET', { ...own(), origin: `http://127.0.0.1:${port}` }],
      ['OPTIONS', { ...own(), origin: 'https://evil.example', 'access-control-request-method': 'POST' }],
    ] as const) {
      const answer = await send(method, '/__fake/reset', headers);
      expect(answer.status).toBeGreaterThanOrEqual(200);
      expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('decide, then read', () => {
  it('refuses a control request from a foreign Host without reading its body, and closes the connection', async () => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    // Declares 64 MiB and sends only the headers: an answer proves nothing waited for the body.
    socket.write(
      `PUT /__fake/state HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\nContent-Length: 67108864\r\n\r\n`,
    );
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 403 /);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received).toContain('"description":"The control plane answers requests for its own host names only');
  });
});
