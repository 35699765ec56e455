/**
 * startServer from code: a step after listen that throws (here writing the key file) must close the server before
 * it rejects. Writing the key file used to happen outside that guard and left the port listening.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server/start-server.js';

/** Listens on `port` (0: any) at 127.0.0.1, then closes; resolves with the port, rejects when it is taken. */
function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => {
      const bound = (probe.address() as { port: number }).port;
      probe.close(() => resolve(bound));
    });
  });
}

describe('startServer with a key file it cannot write', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cloud-admin-start-failure-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects naming the key file, and leaves the port free', async () => {
    const notAFolder = join(dir, 'a-file');
    writeFileSync(notAFolder, 'not a folder');
    const keyFile = join(notAFolder, 'api.key');
    const port = await listenOnce(0);
    await expect(startServer({ port, keyFile })).rejects.toThrow(`Failed to write key file ${keyFile}: `);
    expect(await listenOnce(port)).toBe(port);
  });

  it('rejects for an unknown scenario, and leaves the port free', async () => {
    const port = await listenOnce(0);
    await expect(startServer({ port, scenario: 'no-such-scenario' })).rejects.toThrow(/no-such-scenario/);
    expect(await listenOnce(port)).toBe(port);
  });
});
