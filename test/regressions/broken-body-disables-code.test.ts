/**
 * Regression: a DELETE of a code with a malformed chunked body, or with a body the client never finished, still
 * disabled the code while the client got a 400 or nothing; a GET with such a body was answered, journaled and spent a
 * throttle token. A request whose body fails at the framing level changes nothing, whatever its method, in every
 * transport.
 */
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, overHttp, startMode, type Harness } from '../support/modes.js';

const JANE = 'jane.doe@example.com';

describe.each(MODES)('a body that fails at the framing level over %s', (mode) => {
  let fake: Harness;
  let path: string;
  let codeId: string;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 2, clock: { start: '2026-03-01T09:00:00.000Z' } });
    const jane = await fake.call('POST', 'v1/users/lookup', { email: JANE, searchUnsynched: false });
    const id = (jane.body as { id: string }).id;
    const enabled = await fake.call('PUT', `v1/users/${id}/emergencyTokencode`, { expirationDays: 1 });
    codeId = (enabled.body as { emergencyTokencodeId: string }).emergencyTokencodeId;
    path = `${new URL(fake.apiKey.adminRestApiUrl).pathname}v1/users/${id}/emergencyTokencode/${codeId}`;
  });
  afterEach(() => fake.stop());

  const codeOfJane = () => fake.tenant.store.findByEmail(JANE)?.eac?.id;

  /** Writes raw bytes to the standalone server and resolves with what came back once the connection closes. */
  async function raw(bytes: string, closeAfterMs?: number): Promise<string> {
    const { port } = new URL(fake.apiKey.adminRestApiUrl);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    socket.write(bytes);
    if (closeAfterMs !== undefined) setTimeout(() => socket.destroy(), closeAfterMs);
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    return received;
  }

  it('keeps the code when the client aborts the body stream', async () => {
    expect(codeOfJane()).toBe(codeId);
    if (overHttp(mode)) {
      const token = await fake.token();
      const head = `DELETE ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n`;
      // A body that never ends: the client closes after 10 of 100 bytes.
      const truncated = await raw(`${head}Content-Length: 100\r\n\r\n{"a":12345`, 200);
      expect(truncated).toBe('');
      expect(codeOfJane()).toBe(codeId);
      // A malformed chunk: Node's parser refuses it with 400, and the request is never acted on.
      const badChunk = await raw(`${head}Transfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\nZZ\r\n`);
      expect(badChunk).toMatch(/^HTTP\/1\.1 400 /);
      // The standalone server answers it in the vendor's shape; a user's own server answers as Node does.
      if (mode === 'express') expect(badChunk).toContain('"code":"400 BAD_REQUEST"');
    } else {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"a":'));
          controller.error(new Error('client went away'));
        },
      });
      const sent = fake.fetch(
        `${fake.apiKey.adminRestApiUrl}v1/users/x/emergencyTokencode/${codeId}`.replace(
          '/x/',
          `/${fake.tenant.store.findByEmail(JANE)?.id ?? ''}/`,
        ),
        {
          method: 'DELETE',
          headers: { authorization: `Bearer ${await fake.token()}`, 'content-type': 'application/json' },
          body,
          duplex: 'half',
        } as RequestInit,
      );
      await expect(sent).rejects.toThrow(TypeError);
    }
    expect(codeOfJane()).toBe(codeId);
    const journal = fake.tenant.journal.entries({ operationId: 'disableEmergencyTokencode' });
    expect(journal).toEqual([]);
  });

  // Raw bytes on a socket: over HTTP only (in process, fetch sends no body with a GET).
  if (overHttp(mode))
    it('acts on no GET whose declared body fails at the framing level', async () => {
      const before = fake.tenant.journal.total;
      // One request's worth of throttle left: a broken GET that spent it would make the next lookup a 429.
      fake.tenant.throttle.reset();
      fake.tenant.throttle.setLimit({ requestsPerSecond: 0.001, burst: 1 });
      const list = `${new URL(fake.apiKey.adminRestApiUrl).pathname}v2/users/highrisk`;
      const head = `GET ${list} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${await fake.token()}\r\n`;
      const badChunk = await raw(`${head}Transfer-Encoding: chunked\r\n\r\nzz\r\n`);
      expect(badChunk).toMatch(/^HTTP\/1\.1 400 /);
      expect(badChunk).not.toContain('"users"');
      expect(await raw(`${head}Content-Length: 100\r\n\r\n0123456789`, 200)).toBe('');
      expect(fake.tenant.journal.total).toBe(before);
      expect((await fake.call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(200);
      expect((await fake.call('POST', 'v1/users/lookup', { email: JANE })).status).toBe(429);
    });
});
