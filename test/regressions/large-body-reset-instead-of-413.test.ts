/**
 * Regression: with a 5 MB body some clients got a connection reset instead of the 413, because the server closed the
 * socket while they were still sending. The rest of a refused body is now read and dropped (bounded) first; and
 * past the connection cap new connections are refused rather than piling up.
 */
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { MODES, startMode, type Harness } from '../support/modes.js';

describe.each(MODES)('a 5 MB body over %s', (mode) => {
  let fake: Harness;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 1 });
  });
  afterEach(() => fake.stop());

  it('is answered 413 in the vendor shape, read by the client', async () => {
    const answer = await fake.call('POST', 'v1/users/lookup', undefined, { raw: `"${'x'.repeat(5_000_000)}"` });
    expect(answer.status).toBe(413);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body).toEqual({ code: '413 PAYLOAD_TOO_LARGE', description: 'Request body is too large.' });
  });
});

describe('the connection cap', () => {
  let running: RunningServer;
  beforeEach(async () => {
    running = await startServer({ port: 0, maxConnections: 2 });
  });
  afterEach(() => running.close());

  it('closes connections past maxConnections and still serves those within it', async () => {
    const port = Number(new URL(running.url).port);
    const open = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<ReturnType<typeof connect>>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => resolve(socket));
          }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = connect(port, '127.0.0.1');
    const closed = await new Promise<boolean>((resolve) => {
      third.on('close', () => resolve(true));
      third.on('error', () => resolve(true));
      setTimeout(() => resolve(false), 5000);
    });
    expect(closed).toBe(true);
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(`${running.url}/__fake/clock`)).status).toBe(200);
  });
});
