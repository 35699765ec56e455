/**
 * Request body limits of the standalone server: each path gets the x-max-body-bytes of the contract that serves it
 * (the vendor's 1 MiB, the control plane's 64 MiB under /__fake/), and a body past its limit is answered 413
 * without reading the rest, then the connection closes. It used to read up to 64 MiB for every path and, past
 * that, drain the body forever before answering.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { signToken } from '../src/core/sign-token.js';
import { loadContract, loadControlContract } from '../src/core/contract.js';
import type { TenantState } from '../src/domain/tenant.js';
import { assertApplicationError } from './support/contract.js';
import { control, originOf } from './support/control.js';

const MiB = 1024 * 1024;
const TOO_LARGE = { code: '413 PAYLOAD_TOO_LARGE', description: 'Request body is too large.' };
const LOOKUP = 'v1/users/lookup';

/** An answer and whether the server closed the connection after it. */
interface Answered {
  status: number;
  headers: IncomingMessage['headers'];
  body: unknown;
  closed: Promise<void>;
}

/**
 * POSTs a body that announces `declared` bytes (or none: chunked) but sends only `sent` bytes and never ends, as a
 * slow or hostile client would; resolves with the answer, or rejects when none comes within `timeoutMs`.
 */
function postUnfinished(
  url: string,
  headers: Record<string, string>,
  sent: number,
  declared?: number,
  timeoutMs = 3_000,
): Promise<Answered> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...headers,
        ...(declared !== undefined && { 'content-length': String(declared) }),
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`No answer within ${timeoutMs} ms: the server waited for the rest of the body.`));
    }, timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: JSON.parse(text),
          closed: new Promise((closed) =>
            req.socket?.destroyed ? closed() : req.socket?.once('close', () => closed()),
          ),
        }),
      );
    });
    // The server closes the connection while the body is still being written: that is the point.
    req.on('error', () => {});
    req.write(Buffer.alloc(sent, 0x20));
  });
}

describe('request body limits of the standalone server', () => {
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 7 });
    token = await signToken(server.apiKey);
  });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed before assigning it
  afterAll(() => server?.close());

  it('reads the limits from the two contracts', () => {
    expect(loadContract().maxBodyBytes).toBe(MiB);
    expect(loadControlContract().maxBodyBytes).toBe(64 * MiB);
  });

  it('answers 413 for a 2 MiB vendor body before it is all sent, then closes the connection', async () => {
    const answer = await postUnfinished(
      `${server.apiKey.adminRestApiUrl}${LOOKUP}`,
      { authorization: `Bearer ${token}` },
      MiB + MiB / 2,
      2 * MiB,
    );
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers.connection).toBe('close');
    expect(answer.body).toEqual(TOO_LARGE);
    assertApplicationError(answer.body);
    await answer.closed;
  });

  it('answers 413 for a chunked vendor body (no Content-Length) once it passes 1 MiB, without its end', async () => {
    const answer = await postUnfinished(
      `${server.apiKey.adminRestApiUrl}${LOOKUP}`,
      { authorization: `Bearer ${token}` },
      2 * MiB,
    );
    expect(answer.status).toBe(413);
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(answer.headers.connection).toBe('close');
    expect(answer.body).toEqual(TOO_LARGE);
    await answer.closed;
  });

  it('answers 413 to fetch for a 2 MiB body streamed chunked, without waiting for its end', async () => {
    let sent = 0;
    const unfinished = new ReadableStream<Uint8Array>({
      // 2 MiB, then nothing more and no end: only an answer that does not wait for the end can come.
      pull: (controller) => {
        if (sent >= 2 * MiB) return new Promise<void>(() => {});
        sent += 65536;
        controller.enqueue(new Uint8Array(65536).fill(0x20));
      },
    });
    const response = await fetch(`${server.apiKey.adminRestApiUrl}${LOOKUP}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: unfinished,
      duplex: 'half',
      signal: AbortSignal.timeout(3_000),
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(TOO_LARGE);
  });

  it('still checks the token first: a 2 MiB body without one gets the 403 envelope', async () => {
    const answer = await postUnfinished(`${server.apiKey.adminRestApiUrl}${LOOKUP}`, {}, MiB + MiB / 2, 2 * MiB);
    expect(answer.status).toBe(403);
    expect(answer.headers.connection).toBe('close');
    expect(answer.body).toMatchObject({ status: 403, error: 'Forbidden' });
    await answer.closed;
  });

  it('accepts a 2 MiB control-plane body (PUT /__fake/state) and imports it', async () => {
    const origin = originOf(server.apiKey);
    const state = (await control(origin, 'GET', '/__fake/state')).body as TenantState;
    const template = state.users[0];
    if (!template) throw new Error('The scenario has no users.');
    const users = [...state.users];
    let size = JSON.stringify(state).length;
    for (let i = 0; size <= 2 * MiB; i++) {
      // Ids in the vendor's shape: an imported state holds only what User Details can serve.
      const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
      const user = { ...template, id, email: `padding.${i}@example.com` };
      users.push(user);
      size += JSON.stringify(user).length + 1;
    }
    const big = { ...state, users };
    expect(JSON.stringify(big).length).toBeGreaterThan(2 * MiB);
    const answer = await control(origin, 'PUT', '/__fake/state', big);
    expect(answer.status).toBe(200);
    expect((answer.body as TenantState).users).toHaveLength(users.length);
  });

  it('checks a 2 MiB control-plane body against its schema (400 naming the field), not against the vendor limit', async () => {
    const answer = await control(originOf(server.apiKey), 'PUT', '/__fake/state', undefined, {
      raw: JSON.stringify({ padding: 'x'.repeat(2 * MiB) }),
    });
    expect(answer.status).toBe(400);
    expect((answer.body as { description: string }).description).toMatch(/^Invalid request body: /);
  });
});
