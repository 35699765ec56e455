/**
 * What a dashboard can make the server hold: a subscriber that stops reading is dropped once 1 MiB waits for it,
 * and a subscriber that goes away is forgotten; requests are answered all the while.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { signToken } from '../src/core/sign-token.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens /__fake/events on a raw socket that never reads what it is sent. */
async function stalledSubscriber(server: RunningServer): Promise<Socket> {
  const { port } = new URL(server.url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.pause();
  socket.write(`GET /__fake/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  for (let i = 0; i < 100 && server.fake.events.subscribers === 0; i++) await sleep(10);
  return socket;
}

describe('the event stream under a slow or vanished dashboard', () => {
  let server: RunningServer;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await server.close();
  });

  it('drops a subscriber that stopped reading, and keeps answering', async () => {
    server = await startServer({ port: 0, throttle: { requestsPerSecond: 0, burst: 1 } });
    sockets.push(await stalledSubscriber(server));
    expect(server.fake.events.subscribers).toBe(1);
    const token = await signToken(server.apiKey, { now: server.fake.tenant.clock.now() });
    // Each request journals a 512 KB body; the stream sends each entry with it, so it backs up within a few dozen.
    const email = `${'x'.repeat(512 * 1024)}@example.com`;
    let answered = 0;
    for (let i = 0; i < 300 && server.fake.events.subscribers > 0; i++) {
      const response = await fetch(`${server.apiKey.adminRestApiUrl}v1/users/lookup`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      await response.text();
      if (response.status < 500) answered += 1;
      if (i % 10 === 9) await sleep(60); // let the hub flush (every 50 ms)
    }
    expect(server.fake.events.subscribers).toBe(0);
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(300);
  });

  it('forgets a subscriber whose connection closed', async () => {
    server = await startServer({ port: 0 });
    const socket = await stalledSubscriber(server);
    expect(server.fake.events.subscribers).toBe(1);
    socket.destroy();
    for (let i = 0; i < 100 && server.fake.events.subscribers > 0; i++) await sleep(10);
    expect(server.fake.events.subscribers).toBe(0);
  });
});
